import { GraphQLError } from "graphql";
import type { ASTNode } from "graphql";
import type { CatalogueCode } from "../../common/error-catalogue";
import { statusOf } from "../../common/error-catalogue";

/** Longest error message sent: a bad variable of 900 kB must not come back twice in the answer. */
export const MAX_ERROR_MESSAGE = 1_000;

export function truncateMessage(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE)}…` : message;
}

/**
 * A request the pipeline refused before its operation ran: the HTTP status and the errors to answer with, all
 * of one catalogue code. `points` is what the refusal cost the client's rate budget (reported for tests and logs).
 */
export interface Refusal {
  readonly kind: "refused";
  readonly code: CatalogueCode;
  readonly status: number;
  readonly errors: readonly GraphQLError[];
  /** Extra response headers (e.g. `retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The limit that refused it, counted in `graphql_rejected_total{limit}` for each refused request. */
  readonly limit?: string;
}

export function refusal(
  code: CatalogueCode,
  message: string,
  options: {
    extensions?: Record<string, unknown>;
    nodes?: ASTNode | readonly ASTNode[];
    headers?: Record<string, string>;
    limit?: string;
  } = {},
): Refusal {
  return {
    kind: "refused",
    code,
    status: statusOf(code),
    limit: options.limit,
    errors: [
      Object.assign(new GraphQLError(truncateMessage(message), { extensions: { ...options.extensions, code } }), {
        // Where in the document, without keeping the syntax tree (refusals are cached).
        locations: options.nodes ? new GraphQLError("", { nodes: options.nodes }).locations : undefined,
      }),
    ],
    headers: options.headers,
  };
}

/**
 * A refusal carrying several errors of one code (every validation error of a document, say). Each keeps its
 * message, locations and extensions, not the syntax tree it points into: refusals are cached, and a cached
 * tree holds many times its document's size (docs/benchmarks.md) for a one-line answer.
 */
export function refusalOf(code: CatalogueCode, errors: readonly GraphQLError[], limit?: string): Refusal {
  return {
    kind: "refused",
    code,
    status: statusOf(code),
    limit,
    errors: errors.map((error) =>
      Object.assign(
        new GraphQLError(truncateMessage(error.message), {
          path: error.path,
          extensions: { ...error.extensions, code },
        }),
        { locations: error.locations },
      ),
    ),
  };
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "refused";
