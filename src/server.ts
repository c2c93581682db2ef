import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express from "express";
import type { DataSource } from "typeorm";
import type { AppConfig } from "./config";
import type { GatewayContext } from "./context";
import { createContext } from "./context";
import { readScopePlugin } from "./execution/read-scope";
import { accessLog } from "./http/access-log";
import { PersistedQueryCache } from "./cache/persisted-query-cache";
import { cachedResponses } from "./cache/cached-responses";
import { ResponseCache, responseCachePlugin } from "./cache/response-cache";
import { createErrorFormatter } from "./common/format-error";
import {
  applySqlitePragmas,
  createDataSource,
  observeQueryDurations,
  runPendingMigrations,
  withMigrationLock,
} from "./db/data-source";
import { SqlLogger } from "./db/sql-logger";
import { isDirectoryEmpty, seedDirectory } from "./directory/seed";
import { bodyErrors, corsPolicy, graphqlRequestGuard, securityHeaders } from "./http/security";
import { createDashboardRouter } from "./dashboard/dashboard.routes";
import { JitGateway } from "./execution/jit-gateway";
import { admissionControl } from "./http/concurrency";
import { createIdeRouter } from "./ide/ide.routes";
import { limitsPlugin } from "./limits/limits.plugin";
import { cachedResponseCharge, createRateLimiter } from "./limits/rate-limiter";
import { DIRECTORY_TOPICS } from "./live/directory-events";
import { attachSubscriptionServer } from "./live/websocket";
import type { Logger } from "./logger";
import { Metrics } from "./observability/metrics";
import { observabilityPlugin } from "./observability/observability.plugin";
import { RedisConnection } from "./redis/redis-connection";
import { SharedEventTarget } from "./redis/shared-event-target";
import { createSchema } from "./schema";
import type { Databases } from "./services";
import { createServices } from "./services";

export interface Gateway {
  url: string;
  port: number;
  /** The connection that writes (and migrates); tests inspect the database through it. */
  dataSource: DataSource;
  sqlLogger: SqlLogger;
  metrics: Metrics;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

/** How long start-up waits for Redis before serving on in-process fallbacks (it switches over later). */
const REDIS_STARTUP_WAIT_MS = 3_000;

/** Operation-shape limits from GraphQL Armor; the cost limit is ours (it prices pages from `first`). */
function armorFor(config: AppConfig, metrics: Metrics) {
  const onReject = (limit: string) => [() => metrics.rejected.inc({ limit })];
  return new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth, onReject: onReject("depth"), ignoreIntrospection: true },
    maxAliases: { n: config.limits.maxAliases, onReject: onReject("aliases") },
    maxDirectives: { n: config.limits.maxDirectives, onReject: onReject("directives") },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Suggestions ("Did you mean …?") would let anyone map the schema through typos.
    blockFieldSuggestion: { enabled: config.env === "production" },
  }).protect();
}

/** Builds the HTTP application: GraphQL (and the IDE) at /graphql, health, readiness and metrics. */
async function createApp(
  databases: Databases,
  config: AppConfig,
  log: Logger,
  httpServer: http.Server,
  metrics: Metrics,
  /** Shared state across instances; null: everything in-process. */
  redis: RedisConnection | null,
) {
  const eventTarget = redis ? new SharedEventTarget(redis, DIRECTORY_TOPICS, log) : undefined;
  const responseCache = new ResponseCache(config.responseCacheTtlSeconds, redis);
  const rateLimiter = createRateLimiter(config.rateLimit, redis);
  // The cache is emptied as each mutation commits, before its directoryChanged event goes out: a dashboard
  // that refetches on the event must not be served the answer from before the change.
  const services = createServices(
    databases,
    config.database.engine,
    log,
    eventTarget,
    () => responseCache.invalidateAll(),
    config.limits.maxExportMeetings,
  );
  const schema = await createSchema(services);
  const armor = armorFor(config, metrics);
  const production = config.env === "production";
  const apollo = new ApolloServer<GatewayContext>({
    ...(config.executor === "jit" ? { gateway: new JitGateway(schema, { maxCompiledOperations: 1000 }) } : { schema }),
    formatError: createErrorFormatter(production),
    includeStacktraceInErrorResponses: !production,
    // main.ts owns signal handling: it drains HTTP, stops Apollo and closes the database, in that order.
    stopOnTerminationSignals: false,
    // Apollo would switch introspection off whenever NODE_ENV=production; the configuration decides instead.
    introspection: config.introspectionEnabled,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    // With Redis, a query registered through one instance is known to all; otherwise Apollo's in-memory store.
    persistedQueries: redis
      ? { cache: new PersistedQueryCache(redis), ttl: config.redis?.persistedQueryTtlSeconds }
      : undefined,
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The cache-control plugin costs ~45% on large lists and we set no hints yet.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's own landing pages load from a CDN; the IDE router serves GraphiQL locally instead.
      ApolloServerPluginLandingPageDisabled(),
      ...armor.plugins,
      observabilityPlugin(metrics, log),
      limitsPlugin(config.limits, config.rateLimit, metrics, rateLimiter),
      responseCachePlugin(responseCache),
      readScopePlugin(),
    ],
  });
  await apollo.start();

  let accepting = true;
  // Subscriptions over WebSocket, on the same server and path, under the same operation limits.
  const subscriptions = attachSubscriptionServer({
    httpServer,
    path: "/graphql",
    schema,
    validationRules: armor.validationRules ?? [],
    limits: config.limits,
    connectionLimits: config.websocket,
    trustProxyHops: config.http.trustProxyHops,
    maxPayloadBytes: config.http.bodyLimitBytes,
    metrics,
    log,
    createContext: (info) => createContext(databases.reader, services, info),
    accepting: () => accepting,
  });
  const app = express();
  app.disable("x-powered-by");
  // GraphQL responses are dynamic; hashing every body for an ETag costs CPU and rarely saves a transfer.
  app.set("etag", false);
  app.set("trust proxy", config.http.trustProxyHops);
  app.use(accessLog(log));

  // Once shutdown begins, new requests are refused and told to go elsewhere; in-flight ones finish.
  app.use((_req, res, next) => {
    if (accepting) return next();
    res.setHeader("connection", "close");
    res
      .status(503)
      .json({ errors: [{ message: "The gateway is shutting down", extensions: { code: "SHUTTING_DOWN" } }] });
  });
  app.use(securityHeaders());
  app.use(corsPolicy(config.http));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await databases.reader.query("SELECT 1");
      const pending = await databases.writer.showMigrations();
      // Redis is optional: without it the instance still serves, degraded, so it stays ready.
      const shared = redis ? { redis: redis.available ? "up" : "down" } : {};
      res.status(pending ? 503 : 200).json({ status: pending ? "migrations pending" : "ready", ...shared });
    } catch (error) {
      log.warn({ err: error }, "readiness check failed");
      res.status(503).json({ status: "database unreachable" });
    }
  });
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  if (config.ideEnabled) app.use(createIdeRouter({ graphqlPath: "/graphql", title: "Customs Events Gateway" }));
  if (config.dashboardEnabled)
    app.use(createDashboardRouter({ graphqlPath: "/graphql", ideEnabled: config.ideEnabled }));
  app.use(
    "/graphql",
    express.json({
      limit: config.http.bodyLimitBytes,
      type: ["application/json", "application/graphql-response+json"],
    }),
    bodyErrors(metrics),
    graphqlRequestGuard(config.limits, metrics),
    // Cached answers before admission: they cost a lookup and need no execution slot.
    cachedResponses(responseCache, cachedResponseCharge(config.rateLimit, rateLimiter), metrics),
    admissionControl(config.concurrency, metrics),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        createContext(databases.reader, services, {
          authorization: req.headers.authorization,
          requestId: String(req.id),
          clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        }),
    }),
  );
  return { app, apollo, subscriptions, stopAccepting: () => (accepting = false) };
}

/** Opens the database: one writer (migrations, mutations) and, for SQLite, a second connection for reads. */
async function openDatabases(
  config: AppConfig,
  sqlLogger: SqlLogger,
  metrics: Metrics,
  log: Logger,
): Promise<Databases> {
  const options = { logger: sqlLogger, busyTimeoutMs: config.sqliteBusyTimeoutMs };
  const writer = createDataSource(config.database, options);
  await writer.initialize();
  try {
    await applySqlitePragmas(writer);
    // Migrate and seed under one lock: of several instances starting on an empty PostgreSQL database,
    // exactly one migrates and seeds; the others wait, then find the schema current and the directory full.
    await withMigrationLock(writer, async (session) => {
      const applied = await runPendingMigrations(writer, session);
      if (applied.length) log.info({ migrations: applied }, "migrations applied");
      if (config.seedWhenEmpty && (await isDirectoryEmpty(writer))) {
        const results = await seedDirectory(writer);
        log.info({ files: results.map((r) => ({ file: r.file, changes: r.report.total })) }, "empty directory seeded");
      }
    });
    observeQueryDurations(writer, (seconds) => metrics.dbQueryDuration.observe(seconds));
    if (config.database.engine !== "sqlite" || config.database.url === ":memory:") return { reader: writer, writer };
    const reader = createDataSource(config.database, options);
    await reader.initialize();
    await applySqlitePragmas(reader);
    observeQueryDurations(reader, (seconds) => metrics.dbQueryDuration.observe(seconds));
    return { reader, writer };
  } catch (error) {
    await writer.destroy();
    throw error;
  }
}

/**
 * Opens the database, migrates it, seeds it when empty, and serves the gateway. Used by `main.ts` and by
 * the tests, so both run exactly the same start-up.
 */
export async function startGateway(config: AppConfig, log: Logger): Promise<Gateway> {
  const sqlLogger = new SqlLogger(log, config.logSql);
  const metrics = new Metrics();
  const databases = await openDatabases(config, sqlLogger, metrics, log);

  const httpServer = http.createServer({
    requestTimeout: config.http.requestTimeoutMs,
    headersTimeout: config.http.headersTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
  });
  const redis = config.redis ? new RedisConnection(config.redis, log, metrics.registry) : null;
  const { app, apollo, subscriptions, stopAccepting } = await createApp(
    databases,
    config,
    log,
    httpServer,
    metrics,
    redis,
  );
  // Every user of Redis has registered its recovery hooks: start using it (or its fallbacks, if it is down).
  await redis?.start(REDIS_STARTUP_WAIT_MS);
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
    dataSource: databases.writer,
    sqlLogger,
    metrics,
    stop: () =>
      (stopping ??= (async () => {
        stopAccepting();
        // Open WebSockets would keep the HTTP server from closing: end them first.
        await subscriptions.dispose();
        await apollo.stop();
        await redis?.close();
        if (databases.reader !== databases.writer) await databases.reader.destroy();
        await databases.writer.destroy();
      })()),
  };
}
