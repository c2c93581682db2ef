/**
 * Every `extensions.code` the gateway answers with, its HTTP status, and when it happens: the one list the
 * request pipeline, the resolvers, the README's error table (checked by test/error-catalogue.test.ts) and the
 * WebSocket server read. Codes are stable: clients branch on them; messages are for humans and may change.
 *
 * `status` is the HTTP status of a request refused with that code before its operation ran. An error raised
 * while the operation runs (by a resolver: NOT_FOUND, CONFLICT, …) comes in a 200 response next to `data`,
 * as GraphQL over HTTP requires, whatever its code.
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: {
    status: 400,
    when: "the HTTP request is not a GraphQL request: malformed or too deeply nested JSON, `query` missing or not a string, `variables` or `extensions` not an object",
  },
  BATCHING_NOT_SUPPORTED: { status: 400, when: "the body is a JSON array of operations (a batch)" },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    when: "a POST body that is not JSON in UTF-8 (form, multipart, text/plain bodies are refused: CSRF prevention)",
  },
  NOT_ACCEPTABLE: { status: 406, when: "the `Accept` header allows neither JSON media type" },
  METHOD_NOT_ALLOWED: { status: 405, when: "a mutation over GET, or an HTTP method other than GET and POST" },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    when: "the request body is larger than `BODY_LIMIT_BYTES` (with a token) or `ANONYMOUS_BODY_LIMIT_BYTES` (without)",
  },
  DOCUMENT_TOO_LARGE: { status: 413, when: "the GraphQL document is larger than `MAX_DOCUMENT_BYTES`" },
  GRAPHQL_PARSE_FAILED: { status: 400, when: "the document is not GraphQL, or has more than `MAX_TOKENS` tokens" },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    when: "the document does not match the schema, or exceeds a shape limit (aliases, directives, repeated fields, fragments)",
  },
  QUERY_TOO_DEEP: {
    status: 400,
    when: "an operation nests fields deeper than `MAX_DEPTH`; `extensions.depth` gives `{ found, limit }`",
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    when: "`operationName` names no operation of the document, or the document holds several and none is named",
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 200,
    when: "an automatic persisted query's hash is unknown: send the document with it (APQ clients do this on their own)",
  },
  PERSISTED_QUERY_HASH_MISMATCH: {
    status: 400,
    when: "an automatic persisted query's hash is not the document's SHA-256",
  },
  BAD_USER_INPUT: {
    status: 400,
    when: "a variable or argument is invalid; `extensions.problems` lists `{ path, message }` for each field at fault",
  },
  QUERY_TOO_COMPLEX: { status: 400, when: "the operation's worst-case cost exceeds `MAX_COST`" },
  RATE_LIMITED: { status: 429, when: "the client's rate budget is spent (with `Retry-After`)" },
  UNAUTHENTICATED: {
    status: 200,
    when: "a mutation (or admin query) without a token, with an unknown, expired or revoked one, or with an `Authorization` header that is not `Bearer <token>`",
  },
  FORBIDDEN: { status: 200, when: "the token's role does not allow the operation" },
  NOT_FOUND: { status: 200, when: "a mutation names an object (`input.id`) that does not exist" },
  CONFLICT: {
    status: 200,
    when: "a stale `expectedVersion`, a delete of something still referred to without `cascade`, or an import that would remove something still referred to",
  },
  RESULT_TOO_LARGE: {
    status: 200,
    when: "`exportDirectory` of a directory larger than `MAX_EXPORT_MEETINGS`: use `npm run export`",
  },
  TOO_MANY_SUBSCRIPTIONS: {
    status: 200,
    when: "over WebSocket, a subscription beyond `WS_MAX_SUBSCRIPTIONS_PER_SOCKET` or `WS_MAX_SUBSCRIPTIONS_PER_IP`",
  },
  OVERLOADED: {
    status: 503,
    when: "every execution slot is taken and the queue is full, or `MAX_QUEUED_MUTATIONS` mutations are already waiting to write (with `Retry-After`)",
  },
  DATABASE_BUSY: {
    status: 503,
    when: "a mutation could not get its turn to write within `SQLITE_BUSY_TIMEOUT_MS` (e.g. during `npm run import`); nothing was changed: retry (with `Retry-After`)",
  },
  SHUTTING_DOWN: { status: 503, when: "the gateway is stopping: retry against another instance" },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    when: "anything unexpected; logged in full, shown to clients without details in production (200 when it happens inside an operation)",
  },
} as const satisfies Record<string, { status: number; when: string }>;

export type CatalogueCode = keyof typeof ERROR_CATALOGUE;

/** The HTTP status of a request refused with `code` before its operation ran. */
export function statusOf(code: CatalogueCode): number {
  return ERROR_CATALOGUE[code].status;
}

/**
 * Close codes of subscription (WebSocket) connections that the gateway ends, with the reason sent. 1000–1015
 * are RFC 6455's; 44xx are graphql-ws's own; `graphql-ws` clients retry 1000 and 1013 with backoff and stop on
 * the others.
 */
export const CLOSE_CATALOGUE = {
  IDLE: {
    code: 1000,
    when: "no subscription was active for `WS_IDLE_TIMEOUT_MS`; clients reconnect when they next subscribe",
  },
  SHUTTING_DOWN: { code: 1001, when: "the gateway is stopping" },
  SLOW_READER: {
    code: 1008,
    when: "the client reads too slowly: more than `WS_MAX_BUFFERED_BYTES` wait to be sent to it, or none of what waits was taken for `WS_SEND_TIMEOUT_MS`",
  },
  MESSAGE_TOO_BIG: { code: 1009, when: "a message is larger than `ANONYMOUS_BODY_LIMIT_BYTES`" },
  TOO_MANY_CONNECTIONS: {
    code: 1013,
    when: "`WS_MAX_CONNECTIONS` in total or `WS_MAX_CONNECTIONS_PER_IP` from one address are open; try again later",
  },
  BAD_REQUEST: { code: 4400, when: "a message is not valid graphql-transport-ws" },
  UNAUTHORIZED: {
    code: 4401,
    when: "the token of `connection_init` is unknown, expired or revoked (including a revocation after the socket opened), or its `Authorization` is not `Bearer <token>`",
  },
  CONNECTION_INIT_TIMEOUT: { code: 4408, when: "no `connection_init` within 3 s of opening" },
  RATE_LIMITED: {
    code: 4429,
    when: "the client's rate budget is spent, or it sent more than `WS_MAX_MESSAGES_PER_10S` messages in 10 s",
  },
} as const satisfies Record<string, { code: number; when: string }>;
