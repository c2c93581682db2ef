import type { DataSource } from "typeorm";
import { rowsByIdOf } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { ApiToken } from "./api-token.entity";

/** Factories of the token loaders; `node(id:)` hands these out to admins only. */
export function createTokenLoaders(dataSource: DataSource) {
  return { apiTokenById: rowsByIdOf(readerOf(dataSource, ApiToken)) };
}
