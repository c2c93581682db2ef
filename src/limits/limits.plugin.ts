import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { RateLimiterRes } from "rate-limiter-flexible";
import type { OperationLimits, RateLimitConfig } from "../config";
import type { GatewayContext } from "../context";
import type { Metrics } from "../observability/metrics";
import { estimateCost } from "./cost";
import type { RateLimiter } from "./rate-limiter";
import { createRateLimiter } from "./rate-limiter";

export const LimitCode = {
  TooComplex: "QUERY_TOO_COMPLEX",
  RateLimited: "RATE_LIMITED",
} as const;

/**
 * Prices every operation from the schema before it runs (refusing one whose worst case exceeds the cost
 * limit: no SQL is sent for it), charges the client's rate budget by that price, and reports the price
 * in `extensions.cost` of the response.
 */
export function limitsPlugin(
  limits: OperationLimits,
  rateLimit: RateLimitConfig,
  metrics: Metrics,
  limiter: RateLimiter = createRateLimiter(rateLimit),
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, contextValue, operation }) {
          let cost: number;
          try {
            cost = estimateCost(schema, document, request.variables, request.operationName ?? undefined);
          } catch {
            // Variables that do not fit their types cannot be priced; execution refuses them with
            // BAD_USER_INPUT before any resolver (or SQL) runs.
            return;
          }
          contextValue.cost = cost;
          if (cost > limits.maxCost) {
            metrics.rejected.inc({ limit: "cost" });
            throw new GraphQLError(
              `This operation could resolve up to ${cost} objects; the limit is ${limits.maxCost}. Ask for smaller pages (first/last) or fewer nested lists.`,
              {
                extensions: {
                  code: LimitCode.TooComplex,
                  cost: { estimated: cost, limit: limits.maxCost },
                  http: { status: 400 },
                },
              },
            );
          }
          if (!rateLimit.enabled) return;
          const weight =
            operation?.operation === "mutation"
              ? rateLimit.mutationWeight
              : 1 + Math.floor(cost / rateLimit.costPerPoint);
          const client = contextValue.caller ? `token:${contextValue.caller.tokenId}` : `ip:${contextValue.clientIp}`;
          try {
            await limiter.consume(client, Math.min(weight, rateLimit.points));
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            metrics.rejected.inc({ limit: "rate" });
            const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
            throw new GraphQLError(`Too many requests: this client's budget is spent; retry in ${retryAfter} s.`, {
              extensions: {
                code: LimitCode.RateLimited,
                retryAfterSeconds: retryAfter,
                http: { status: 429, headers: new Map([["retry-after", String(retryAfter)]]) },
              },
            });
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || contextValue.cost === undefined) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated: contextValue.cost, limit: limits.maxCost } };
        },
      };
    },
  };
}
