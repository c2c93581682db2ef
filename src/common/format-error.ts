import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "../logger";
import { ErrorCode } from "./errors";

/**
 * Shapes every error a client sees. Anything the code did not throw on purpose is logged in full and, in
 * production, reaches the client only as INTERNAL_SERVER_ERROR, with no message, stack or SQL that could
 * reveal internals.
 */
export function createErrorFormatter(log: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code !== undefined && code !== ErrorCode.Internal) return formatted;
    log.error(
      { err: unwrapResolverError(error), path: formatted.path },
      "unexpected error while executing an operation",
    );
    if (!production) return formatted;
    return {
      message: "Internal server error",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.Internal },
    };
  };
}
