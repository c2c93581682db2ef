import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { AuditEntry } from "../audit/audit-entry.entity";
import { rowsById } from "../common/loaders";
import { ApiToken } from "./api-token.entity";

/** Loaders for administrative objects; `node(id:)` hands them out to admins only. */
export function createAdminLoaders(dataSource: DataSource) {
  const tokens = dataSource.getRepository(ApiToken);
  const entries = dataSource.getRepository(AuditEntry);
  return {
    apiTokenById: rowsById((ids) => tokens.findBy({ id: In([...ids]) })),
    auditEntryById: rowsById((ids) => entries.findBy({ id: In([...ids]) })),
  };
}
