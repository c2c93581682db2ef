import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { GatewayContext } from "../context";
import { ErrorCode } from "../common/errors";
import type { Logger } from "../logger";
import type { Metrics } from "./metrics";

/**
 * Counts and times operations, counts errors by code, and logs each unexpected error in full next to the
 * request id that the client receives in the masked error.
 */
export function observabilityPlugin(metrics: Metrics, log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      let type = "unknown";
      let operation = metrics.operationLabel(request.operationName);
      return {
        async didResolveOperation(ctx) {
          type = ctx.operation?.operation ?? "unknown";
          operation = metrics.operationLabel(ctx.operationName ?? request.operationName);
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = String(error.extensions?.code ?? ErrorCode.Internal);
            metrics.errors.inc({ code });
            if (code === ErrorCode.Internal) {
              log.error(
                { requestId: contextValue.requestId, err: unwrapResolverError(error), path: error.path },
                "unexpected error",
              );
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          metrics.requests.inc({ operation, type });
          metrics.duration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
          if (response.body.kind !== "single") return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === ErrorCode.Internal) {
              (error as { extensions: Record<string, unknown> }).extensions = {
                ...error.extensions,
                requestId: contextValue.requestId,
              };
            }
          }
        },
      };
    },
  };
}
