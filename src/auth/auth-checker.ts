import type { AuthChecker } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../common/errors";
import type { GatewayContext } from "../context";
import type { Role } from "./role";
import { GRANTS } from "./role";

/**
 * Decides `@Authorized(...)` fields. Reading needs no token; a field that names roles needs a valid token
 * (UNAUTHENTICATED otherwise) whose role grants one of them (FORBIDDEN otherwise).
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
