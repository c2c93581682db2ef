import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import type { Logger } from "../logger";
import { ErrorCode } from "./errors";
import { flattenValidationErrors } from "../directory/directory-validation";

/**
 * Shapes every error a client sees. Input validation failures list the offending fields; anything the
 * code did not throw on purpose is logged in full and, in production, reaches the client only as
 * INTERNAL_SERVER_ERROR, with no message, stack or SQL that could reveal internals.
 */
export function createErrorFormatter(log: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const problems = flattenValidationErrors(original.extensions.validationErrors as never);
      return {
        message: `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.BadUserInput, problems },
      };
    }
    const code = formatted.extensions?.code;
    if (code === undefined || code === ErrorCode.Internal) {
      log.error({ err: original, path: formatted.path }, "unexpected error while executing an operation");
      if (production) {
        return {
          message: "Internal server error",
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: ErrorCode.Internal },
        };
      }
    }
    return formatted;
  };
}
