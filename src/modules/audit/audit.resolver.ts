import { Arg, Args, Authorized, Query, Resolver } from "type-graphql";
import { Role } from "../../platform/auth/role";
import { ConnectionArgs, connectionTypes, toPageRequest } from "../../platform/db/pagination";
import { AuditEntry } from "../../platform/db/audit-entry.entity";
import { AuditEntryFilter } from "./audit.inputs";
import { AuditService } from "./audit.service";

export const { ConnectionType: AuditEntryConnection, EdgeType: AuditEntryEdge } = connectionTypes(
  AuditEntry,
  "AuditEntry",
  "audit entries",
);

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Authorized(Role.ADMIN)
  @Query(() => AuditEntryConnection, { description: "The audit trail of changes, newest first. Admins only." })
  auditEntries(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => AuditEntryFilter, { nullable: true, description: "Narrows the trail." })
    filter: AuditEntryFilter | null,
  ) {
    return this.audit.list(filter, toPageRequest(page));
  }
}
