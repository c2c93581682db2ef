import type { DataSource } from "typeorm";
import { rowsByIdOf } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { Region } from "./region.entity";

/** Factories of the per-request loaders of regions (built on first use: see `createLoaders`). */
export function createRegionLoaders(dataSource: DataSource) {
  const regions = readerOf(dataSource, Region);
  return {
    regionById: rowsByIdOf(regions),
  };
}
