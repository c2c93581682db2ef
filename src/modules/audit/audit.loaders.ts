import type { DataSource } from "typeorm";
import { rowsByIdOf } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { AuditEntry } from "../../platform/db/audit-entry.entity";

/** Factories of the audit trail's loaders; `node(id:)` hands these out to admins only. */
export function createAuditLoaders(dataSource: DataSource) {
  return { auditEntryById: rowsByIdOf(readerOf(dataSource, AuditEntry)) };
}
