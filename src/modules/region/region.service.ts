import type { DataSource } from "typeorm";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import { Region } from "./region.entity";

export class RegionService {
  private readonly reader: EntityReader<Region>;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource, Region);
  }

  /** All regions, by name. There are six and that is not expected to change, so no pagination. */
  list(): Promise<Region[]> {
    return this.reader.all(`"t"."name", "t"."id"`);
  }

  findByCode(code: string): Promise<Region | null> {
    return this.reader.findOne("code", code);
  }
}
