import "reflect-metadata";
import { loadConfig } from "../config";
import { createLogger } from "../platform/logger";
import type { Gateway } from "./server";
import { startGateway } from "./server";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const started = Date.now();
  // Filled in as start-up proceeds; read by the signal handler, which may run at any point.
  const state: { gateway?: Gateway; stopRequested: boolean } = { stopRequested: false };

  const stop = (gateway: Gateway) => {
    gateway.stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  // Handlers go in before start-up: a signal that arrives without a handler kills the process outright.
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutting down: finishing in-flight requests, refusing new ones");
    if (state.stopRequested) return;
    state.stopRequested = true;
    if (state.gateway) stop(state.gateway);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const gateway = await startGateway(config, log);
  state.gateway = gateway;
  log.info({ url: gateway.url, database: config.database.engine, startupMs: Date.now() - started }, "gateway ready");
  if (state.stopRequested) stop(gateway);
}

main().catch((error: unknown) => {
  // Logged as JSON like everything else; the exit code tells supervisors start-up failed.
  createLogger("error").fatal({ err: error }, "gateway failed to start");
  process.exit(1);
});
