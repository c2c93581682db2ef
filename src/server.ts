import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { DataSource } from "typeorm";
import type { AppConfig } from "./config";
import type { GatewayContext } from "./context";
import { createContext } from "./context";
import { createErrorFormatter } from "./common/format-error";
import { createDataSource, migrate } from "./db/data-source";
import { SqlLogger } from "./db/sql-logger";
import { isDirectoryEmpty, seedDirectory } from "./directory/seed";
import { createIdeRouter } from "./ide/ide.routes";
import type { Logger } from "./logger";
import { createSchema } from "./schema";
import { createServices } from "./services";

export interface Gateway {
  url: string;
  port: number;
  dataSource: DataSource;
  sqlLogger: SqlLogger;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

/** Builds the HTTP application: GraphQL at /graphql, plus health and readiness probes. */
async function createApp(dataSource: DataSource, config: AppConfig, log: Logger, httpServer: http.Server) {
  const services = createServices(dataSource, config.database.engine);
  const schema = await createSchema(services);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: createErrorFormatter(log, config.env === "production"),
    includeStacktraceInErrorResponses: config.env !== "production",
    // main.ts owns signal handling: it drains HTTP, stops Apollo and closes the database, in that order.
    stopOnTerminationSignals: false,
    // Apollo would switch introspection off whenever NODE_ENV=production; the configuration decides instead.
    introspection: config.introspectionEnabled,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The cache-control plugin costs ~45% on large lists and we set no hints yet.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's own landing pages load from a CDN; customs networks are often closed.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await dataSource.query("SELECT 1");
      const pending = await dataSource.showMigrations();
      res.status(pending ? 503 : 200).json({ status: pending ? "migrations pending" : "ready" });
    } catch (error) {
      log.warn({ err: error }, "readiness check failed");
      res.status(503).json({ status: "database unreachable" });
    }
  });
  if (config.ideEnabled) app.use(createIdeRouter({ graphqlPath: "/graphql", title: "Customs Events Gateway" }));
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: ({ req }) => createContext(dataSource, services, req.headers.authorization),
    }),
  );
  return { app, apollo };
}

/**
 * Opens the database, migrates it, seeds it when empty, and serves the gateway. Used by `main.ts` and by
 * the tests, so both run exactly the same start-up.
 */
export async function startGateway(config: AppConfig, log: Logger): Promise<Gateway> {
  const sqlLogger = new SqlLogger(log, config.logSql);
  const dataSource = createDataSource(config.database, { logger: sqlLogger });
  await dataSource.initialize();
  try {
    const applied = await migrate(dataSource);
    if (applied.length) log.info({ migrations: applied }, "migrations applied");
    if (config.seedWhenEmpty && (await isDirectoryEmpty(dataSource))) {
      const results = await seedDirectory(dataSource);
      log.info({ files: results.map((r) => ({ file: r.file, changes: r.report.total })) }, "empty directory seeded");
    }
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }

  const httpServer = http.createServer();
  const { app, apollo } = await createApp(dataSource, config, log, httpServer);
  httpServer.on("request", app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    dataSource,
    sqlLogger,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
        await dataSource.destroy();
      })()),
  };
}
