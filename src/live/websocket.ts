import type http from "node:http";
import { randomUUID } from "node:crypto";
import type { ExecutionArgs, GraphQLSchema, ValidationRule } from "graphql";
import { GraphQLError, parse, specifiedRules, validate } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { OperationLimits } from "../config";
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
  maxPayloadBytes: number;
  metrics: Metrics;
  log: Logger;
  /** An anonymous context: subscriptions are reads, and tokens are not accepted over WebSocket. */
  createContext: (info: { requestId: string; clientIp: string }) => Promise<GatewayContext>;
  /** False once shutdown has begun: new connections are refused. */
  accepting: () => boolean;
}

const refusal = (message: string, code: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { ...extensions, code } });

/**
 * Serves subscriptions over WebSocket (graphql-ws, `graphql-transport-ws` protocol) on the HTTP server and
 * path of /graphql. Every operation goes through the same limits as over HTTP before anything runs: the
 * document size, the token count, GraphQL validation with the same shape rules, and the cost limit. Only
 * subscriptions are served here; queries and mutations go over HTTP, where the rate limits apply.
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions): { dispose(): Promise<void> } {
  const { schema, limits, metrics } = options;
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
  });
  const rules = [...specifiedRules, ...options.validationRules];
  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: () => options.accepting(),
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
          clientIp: request.socket.remoteAddress ?? "unknown",
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
