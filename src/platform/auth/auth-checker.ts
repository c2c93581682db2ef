import type { AuthChecker } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../../common/errors";
import type { GatewayContext } from "../context";
import type { Role } from "./role";
import { GRANTS } from "./role";

/**
 * Decides `@Authorized(...)` fields. Reading needs no token; a field that names roles needs a valid token
 * (UNAUTHENTICATED otherwise) whose role grants one of them (FORBIDDEN otherwise).
 *
 * Where this checker runs, and where it cannot:
 * - `@Authorized` goes on root fields (queries and mutations). type-graphql calls this checker from its
 *   resolver wrapper only, and an object type with `simpleResolvers: true` (set on most of them, for speed:
 *   plain property fields then have no wrapper) or a `@Field({ simple: true })` never calls it: roles on such
 *   a field would be ignored without a word. So no field that is resolved simply may name roles;
 *   `fieldsSkippingAuthChecker` (src/platform/adapters/type-graphql-simple-resolvers.ts) lists those that do, and
 *   test/adapters-type-graphql.test.ts fails unless the list is empty. A field that needs roles is a
 *   method or a `@FieldResolver`, or sits on a type without `simpleResolvers`.
 * - Objects only some callers may see (API tokens, a new token's secret, the audit trail) have simple
 *   resolvers, and are guarded where they are reached instead: only through admin-only root fields
 *   (`apiTokens`, `createApiToken`, `revokeApiToken`, `auditEntries`), and through `node(id:)`/`nodes(ids:)`,
 *   which resolve their ids to null for anyone but an admin (src/modules/node/). The same test fails if one
 *   of them becomes reachable from a root field that names no roles by any other way.
 */
export const authChecker: AuthChecker<GatewayContext, Role> = ({ context, info }, roles) => {
  if (!context.caller) {
    throw new UnauthenticatedError(
      context.credentials === "invalid"
        ? (context.credentialsProblem ?? "The API token is unknown, expired or revoked")
        : `\`${info.fieldName}\` needs an API token: send \`Authorization: Bearer <token>\``,
    );
  }
  const granted = GRANTS[context.caller.role];
  if (roles.length && !roles.some((role) => granted.includes(role))) {
    throw new ForbiddenError(
      `\`${info.fieldName}\` needs the ${roles.join(" or ")} role; this token has ${context.caller.role}`,
    );
  }
  return true;
};
