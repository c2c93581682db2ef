import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from "graphql";
import { ErrorCode } from "../../common/errors";
import type { Logger } from "../logger";
import type { Refusal } from "./refusal";
import { truncateMessage } from "./refusal";

/** The body of a GraphQL response, in the order clients expect its entries. */
export interface ResponseBody {
  errors?: GraphQLFormattedError[];
  data?: Record<string, unknown> | null;
  extensions?: Record<string, unknown>;
}

/**
 * graphql-js's "Did you mean …?" suggestions, ending a sentence; also one cut short by the length limit on
 * messages (src/platform/pipeline/refusal.ts), so that no half suggestion is left dangling.
 */
const SUGGESTION = /\s*Did you mean(?:[^?]*\?|[^?]*…$)/g;

/** The message without schema suggestions: "Cannot query field "titel" on type "Meeting"." */
const withoutSuggestions = (message: string) => message.replace(SUGGESTION, "");

/**
 * Shapes every error a client sees, from a refusal or from execution. In production, anything the code did not
 * raise on purpose (no `extensions.code`, or INTERNAL_SERVER_ERROR) reaches the client only as
 * "Internal server error" with the request id, and the full error goes to the log under the same id; schema
 * suggestions ("Did you mean …?") are removed so typos cannot map the schema. Stack traces are never sent.
 * Every error is counted by code (graphql_errors_total).
 */
export class ResponseFormatter {
  constructor(
    private readonly production: boolean,
    private readonly log: Logger,
    private readonly countError: (code: string) => void,
  ) {}

  refusal(refused: Refusal, requestId: string): ResponseBody {
    return { errors: refused.errors.map((error) => this.format(error, requestId)) };
  }

  result(result: ExecutionResult, requestId: string, extensions?: Record<string, unknown>): ResponseBody {
    const body: ResponseBody = {};
    if (result.errors?.length) body.errors = result.errors.map((error) => this.format(error, requestId));
    body.data = (result.data as Record<string, unknown> | null | undefined) ?? null;
    if (extensions) body.extensions = extensions;
    return body;
  }

  format(error: GraphQLError, requestId: string): GraphQLFormattedError {
    const code = typeof error.extensions?.code === "string" ? error.extensions.code : ErrorCode.Internal;
    this.countError(code);
    if (code === ErrorCode.Internal) {
      this.log.error({ requestId, err: error.originalError ?? error, path: error.path }, "unexpected error");
      const message = this.production ? "Internal server error" : truncateMessage(error.message);
      return {
        message,
        ...(error.locations && !this.production ? { locations: error.locations } : {}),
        ...(error.path ? { path: error.path } : {}),
        extensions: { code, requestId },
      };
    }
    const formatted = error.toJSON();
    const extensions: Record<string, unknown> = { ...formatted.extensions, code };
    delete extensions.http;
    if (!this.production) return { ...formatted, message: truncateMessage(formatted.message), extensions };
    // Problems of variables quote graphql-js's messages too ("Field "titel" is not defined… Did you mean…?").
    if (Array.isArray(extensions.problems)) {
      extensions.problems = (extensions.problems as { path: string; message: string }[]).map((problem) => ({
        ...problem,
        message: withoutSuggestions(problem.message),
      }));
    }
    return { ...formatted, message: truncateMessage(withoutSuggestions(formatted.message)), extensions };
  }
}
