import type { DataSource } from "typeorm";
import { readerOf } from "../../platform/db/entity-reader";
import { rowsByIdOf } from "../../platform/db/loaders";
import { Venue } from "./venue.entity";

/** Factories of the per-request loaders of venues (built on first use: see `createLoaders`). */
export function createVenueLoaders(dataSource: DataSource) {
  return { venueById: rowsByIdOf(readerOf(dataSource, Venue)) };
}
