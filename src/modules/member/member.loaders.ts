import type { DataSource } from "typeorm";
import { rowsByIdOf } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { Member } from "./member.entity";
import { Organisation } from "./organisation.entity";

/** Factories of the per-request loaders of Members and organisations (built on first use: see `createLoaders`). */
export function createMemberLoaders(dataSource: DataSource) {
  const members = readerOf(dataSource, Member);
  const organisations = readerOf(dataSource, Organisation);
  return {
    memberById: rowsByIdOf(members),
    organisationById: rowsByIdOf(organisations),
  };
}
