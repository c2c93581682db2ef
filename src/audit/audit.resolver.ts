import { Arg, Args, Authorized, Query, Resolver } from "type-graphql";
import { Role } from "../auth/role";
import { ConnectionArgs, connectionTypes, toPageRequest } from "../common/pagination";
import type { Services } from "../services";
import { AuditEntry } from "./audit-entry.entity";
import { AuditEntryFilter } from "./audit.inputs";

export const { ConnectionType: AuditEntryConnection, EdgeType: AuditEntryEdge } = connectionTypes(
  AuditEntry,
  "AuditEntry",
  "audit entries",
);

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.ADMIN)
  @Query(() => AuditEntryConnection, { description: "The audit trail of changes, newest first. Admins only." })
  auditEntries(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => AuditEntryFilter, { nullable: true, description: "Narrows the trail." })
    filter: AuditEntryFilter | null,
  ) {
    return this.services.audit.list(filter, toPageRequest(page));
  }
}
