import "reflect-metadata";
import { loadConfig } from "./config";
import { createLogger } from "./logger";
import { startGateway } from "./server";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const started = Date.now();
  const gateway = await startGateway(config, log);
  log.info({ url: gateway.url, database: config.database.engine, startupMs: Date.now() - started }, "gateway ready");

  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutting down: finishing in-flight requests");
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
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  // Logged as JSON like everything else; the exit code tells supervisors start-up failed.
  createLogger("error").fatal({ err: error }, "gateway failed to start");
  process.exit(1);
});
