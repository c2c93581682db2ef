import type { DataSource } from "typeorm";
import { rowsByIdOf } from "../common/loaders";
import { readerOf } from "../db/entity-reader";
import { AuditEntry } from "./audit-entry.entity";

/** Factories of the audit trail's loaders; `node(id:)` hands these out to admins only. */
export function createAuditLoaders(dataSource: DataSource) {
  return { auditEntryById: rowsByIdOf(readerOf(dataSource, AuditEntry)) };
}
