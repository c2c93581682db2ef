import type { DataSource } from "typeorm";
import { rowsById } from "../../common/loaders";
import type { ReadScope } from "../../db/entity-reader";
import { readerOf } from "../../db/entity-reader";
import { Member } from "./member.entity";
import { Organisation } from "./organisation.entity";

/** Factories of the per-request loaders of Members and organisations (built on first use: see `createLoaders`). */
export function createMemberLoaders(dataSource: DataSource) {
  const members = readerOf(dataSource, Member);
  const organisations = readerOf(dataSource, Organisation);
  return {
    memberById: (scope: ReadScope) => rowsById((ids) => members.byIds(ids, scope)),
    organisationById: (scope: ReadScope) => rowsById((ids) => organisations.byIds(ids, scope)),
  };
}
