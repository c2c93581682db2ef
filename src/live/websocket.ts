import type http from "node:http";
import { randomUUID } from "node:crypto";
import type { ExecutionArgs, GraphQLSchema, ValidationRule } from "graphql";
import { GraphQLError, parse, specifiedRules, validate } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { OperationLimits, WebSocketLimits } from "../config";
import type { GatewayContext } from "../context";
import { estimateCost } from "../limits/cost";
import { LimitCode } from "../limits/limits.plugin";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** The same shape rules as HTTP operations (GraphQL Armor's depth, aliases, directives). */
  validationRules: readonly ValidationRule[];
  limits: OperationLimits;
  /** Caps on concurrent connections, in total and per client address. */
  connectionLimits: WebSocketLimits;
  /** How many proxies' X-Forwarded-For to trust for the client address (as TRUST_PROXY_HOPS for HTTP). */
  trustProxyHops: number;
  maxPayloadBytes: number;
  metrics: Metrics;
  log: Logger;
  /**
   * A request context. `authorization` is the `Authorization` value of the connection_init payload, if any
   * (subscriptions are reads: anonymous connections are welcome, but a token that is sent must be valid).
   */
  createContext: (info: {
    requestId: string;
    clientIp: string;
    authorization: string | undefined;
  }) => Promise<GatewayContext>;
  /** False once shutdown has begun: new connections are refused. */
  accepting: () => boolean;
}

/** Close codes and reasons for refused connections (reasons are at most 123 bytes). */
export const WebSocketRefusal = {
  /** Standard "Try Again Later": graphql-ws clients retry with backoff. */
  tooManyConnections: { code: 1013, reason: "Too many subscription connections to the gateway; try again later" },
  tooManyFromClient: { code: 1013, reason: "Too many subscription connections from this address; try again later" },
  /** graphql-ws's Unauthorized: clients do not retry it. */
  invalidToken: { code: CloseCode.Unauthorized, reason: "Unauthorized: the API token is unknown, expired or revoked" },
} as const;

/**
 * The client's address: the socket's peer, or, behind `trustProxyHops` trusted proxies, the address that
 * many hops back in X-Forwarded-For (as Express computes `req.ip` for HTTP requests).
 */
export function clientAddress(request: http.IncomingMessage, trustProxyHops: number): string {
  const peer = request.socket.remoteAddress ?? "unknown";
  if (trustProxyHops <= 0) return peer;
  const header = request.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
  const chain = [peer, ...forwarded.reverse()];
  return chain[Math.min(trustProxyHops, chain.length - 1)]!;
}

/**
 * The Authorization value a connection_init payload carries: `Authorization` or `authorization` (e.g.
 * `Bearer ceg_…`), or a bare `token`. Undefined when it carries none; a non-string value is passed on as
 * an unusable credential, so that it is refused rather than ignored.
 */
export function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const value = params.Authorization ?? params.authorization ?? params.token;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return "invalid";
  return params.token === value && !/^Bearer\s/i.test(value) ? `Bearer ${value}` : value;
}

const refusal = (message: string, code: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { ...extensions, code } });

/**
 * Serves subscriptions over WebSocket (graphql-ws, `graphql-transport-ws` protocol) on the HTTP server and
 * path of /graphql. Every operation goes through the same limits as over HTTP before anything runs: the
 * document size, the token count, GraphQL validation with the same shape rules, and the cost limit. Only
 * subscriptions are served here; queries and mutations go over HTTP, where the rate limits apply.
 * Concurrent connections are capped in total and per client address; a token sent in connection_init is
 * checked as over HTTP, and an invalid one closes the connection (4401) instead of being ignored.
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions): { dispose(): Promise<void> } {
  const { schema, limits, metrics } = options;
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
  });
  const rules = [...specifiedRules, ...options.validationRules];

  // Concurrent connections, in total and per client address. Counted from the upgrade until the socket
  // closes (whether or not it ever sent connection_init); registered before graphql-ws's own listener, so
  // that a refused socket is closed before any message of it is handled.
  const { maxConnections, maxConnectionsPerIp } = options.connectionLimits;
  let open = 0;
  const openPerAddress = new Map<string, number>();
  wsServer.on("connection", (socket, request) => {
    const address = clientAddress(request, options.trustProxyHops);
    const fromAddress = openPerAddress.get(address) ?? 0;
    const refused =
      open >= maxConnections
        ? WebSocketRefusal.tooManyConnections
        : fromAddress >= maxConnectionsPerIp
          ? WebSocketRefusal.tooManyFromClient
          : null;
    if (refused) {
      metrics.rejected.inc({
        limit: open >= maxConnections ? "websocket_connections" : "websocket_connections_per_ip",
      });
      options.log.warn({ clientIp: address, open, fromAddress }, "subscription connection refused: too many");
      socket.close(refused.code, refused.reason);
      return;
    }
    open += 1;
    openPerAddress.set(address, fromAddress + 1);
    socket.once("close", () => {
      open -= 1;
      const left = (openPerAddress.get(address) ?? 1) - 1;
      if (left > 0) openPerAddress.set(address, left);
      else openPerAddress.delete(address);
    });
  });

  /** The Authorization each connection was accepted with (validated in onConnect). */
  const authorizations = new WeakMap<object, string | undefined>();
  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: async (ctx) => {
        if (!options.accepting()) return false;
        const request = ctx.extra.request;
        const authorization = authorizationOf(ctx.connectionParams);
        if (authorization !== undefined) {
          // A token that is sent is checked as over HTTP: an invalid one is refused, not treated as anonymous.
          const context = await options.createContext({
            requestId: randomUUID(),
            clientIp: clientAddress(request, options.trustProxyHops),
            authorization,
          });
          if (context.credentials === "invalid") {
            metrics.rejected.inc({ limit: "websocket_token" });
            const { code, reason } = WebSocketRefusal.invalidToken;
            ctx.extra.socket.close(code, reason);
            return false;
          }
        }
        authorizations.set(ctx.extra.socket, authorization);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        if (Buffer.byteLength(payload.query, "utf8") > limits.maxDocumentBytes) {
          metrics.rejected.inc({ limit: "document_size" });
          return [refusal(`The document exceeds ${limits.maxDocumentBytes} bytes`, "DOCUMENT_TOO_LARGE")];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return [refusal(error.message, "GRAPHQL_PARSE_FAILED")];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) {
          return errors.map((error) => refusal(error.message, "GRAPHQL_VALIDATION_FAILED", { ...error.extensions }));
        }
        const operations = document.definitions.filter((d) => d.kind === "OperationDefinition");
        const operation = payload.operationName
          ? operations.find((o) => o.name?.value === payload.operationName)
          : operations.length === 1
            ? operations[0]
            : undefined;
        if (!operation) return [refusal("Name the operation to run", "BAD_USER_INPUT")];
        if (operation.operation !== "subscription") {
          return [
            refusal(
              "Only subscriptions are served over WebSocket; send queries and mutations over HTTP",
              "BAD_REQUEST",
            ),
          ];
        }
        let cost: number;
        try {
          cost = estimateCost(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined);
        } catch (error) {
          return [refusal(error instanceof Error ? error.message : String(error), "BAD_USER_INPUT")];
        }
        if (cost > limits.maxCost) {
          metrics.rejected.inc({ limit: "cost" });
          return [
            refusal(
              `This operation could resolve up to ${cost} objects; the limit is ${limits.maxCost}.`,
              LimitCode.TooComplex,
              {
                cost: { estimated: cost, limit: limits.maxCost },
              },
            ),
          ];
        }
        const request = ctx.extra.request;
        const contextValue = await options.createContext({
          requestId: randomUUID(),
          clientIp: clientAddress(request, options.trustProxyHops),
          authorization: authorizations.get(ctx.extra.socket),
        });
        contextValue.cost = cost;
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        };
        return args;
      },
      onError: (_ctx, id, _payload, errors) => {
        options.log.warn({ subscriptionId: id, errors: errors.map((e) => e.message) }, "subscription error");
      },
    },
    wsServer,
  );
  return {
    async dispose() {
      await server.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
