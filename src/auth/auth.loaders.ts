import type { DataSource } from "typeorm";
import { AuditEntry } from "../audit/audit-entry.entity";
import { rowsByIdOf } from "../common/loaders";
import { readerOf } from "../db/entity-reader";
import { ApiToken } from "./api-token.entity";

/** Factories of the loaders of administrative objects; `node(id:)` hands these out to admins only. */
export function createAdminLoaders(dataSource: DataSource) {
  const tokens = readerOf(dataSource, ApiToken);
  const entries = readerOf(dataSource, AuditEntry);
  return {
    apiTokenById: rowsByIdOf(tokens),
    auditEntryById: rowsByIdOf(entries),
  };
}
