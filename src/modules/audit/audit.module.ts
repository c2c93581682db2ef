import { defineFeature } from "../../platform/feature-module";
import { AuditEntry } from "../../platform/db/audit-entry.entity";
import { createAuditLoaders } from "./audit.loaders";
import { AuditResolver } from "./audit.resolver";
import { AuditService } from "./audit.service";

/** The audit trail every mutation writes in its own transaction. */
export const auditFeature = defineFeature({
  name: "audit",
  entities: [AuditEntry],
  resolvers: [AuditResolver],
  services: ({ reader, engine }) => [new AuditService(reader, engine)],
  loaders: createAuditLoaders,
  nodes: { AuditEntry: { loader: "auditEntryById", adminOnly: true } },
});
