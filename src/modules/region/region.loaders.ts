import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { rowsById } from "../../common/loaders";
import { Region } from "./region.entity";

export function createRegionLoaders(dataSource: DataSource) {
  const regions = dataSource.getRepository(Region);
  return {
    regionById: rowsById((ids) => regions.findBy({ id: In([...ids]) })),
  };
}
