import type { DataSource, Repository } from "typeorm";
import { Region } from "./region.entity";

export class RegionService {
  private readonly regions: Repository<Region>;

  constructor(dataSource: DataSource) {
    this.regions = dataSource.getRepository(Region);
  }

  /** All regions, by name. There are six and that is not expected to change, so no pagination. */
  list(): Promise<Region[]> {
    return this.regions.find({ order: { name: "ASC", id: "ASC" } });
  }

  findByCode(code: string): Promise<Region | null> {
    return this.regions.findOneBy({ code });
  }
}
