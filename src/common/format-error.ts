import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "./errors";

const SUGGESTION = /\s*Did you mean[^?]*\?/g;

/**
 * Shapes every error a client sees. In production, anything the code did not raise on purpose reaches the
 * client only as INTERNAL_SERVER_ERROR (the observability plugin adds the request id and logs the real
 * error), and schema suggestions ("Did you mean …?") are removed so the schema cannot be probed through
 * typos when introspection is off.
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    if (!production) return formatted;
    const code = formatted.extensions?.code;
    if (code === undefined || code === ErrorCode.Internal) {
      return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.Internal } };
    }
    return { ...formatted, message: formatted.message.replace(SUGGESTION, "") };
  };
}
