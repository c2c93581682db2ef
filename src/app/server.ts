import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import Negotiator from "negotiator";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { Authenticator } from "../platform/auth/authenticator";
import { bearerToken } from "../platform/auth/caller";
import { PersistedQueryCache } from "../platform/cache/persisted-query-cache";
import { ResponseCache } from "../platform/cache/response-cache";
import type { AppConfig } from "../config";
import {
  applySqlitePragmas,
  createDataSource,
  runPendingMigrations,
  withMigrationLock,
} from "../platform/db/data-source";
import { SqlLogger } from "../platform/db/sql-logger";
import { reusePreparedStatements } from "../platform/adapters/sqlite-statements";
import { observeQueryDurations } from "../platform/adapters/typeorm-query-durations";
import { isDirectoryEmpty, seedDirectory } from "../modules/directory/seed";
import { DASHBOARD_PATH, createDashboardRouter, dashboardOperationNames } from "../platform/dashboard/dashboard.routes";
import { accessLog } from "../platform/http/access-log";
import { ExecutionSlots } from "../platform/http/concurrency";
import { GraphQLHttpHandler } from "../platform/http/graphql-http";
import { OperationRunner } from "../platform/http/operation-routes";
import { createPagesRouter, notFound } from "../platform/http/pages";
import { corsPolicy, securityHeaders } from "../platform/http/security";
import { createIdeRouter } from "../platform/ide/ide.routes";
import { DIRECTORY_TOPICS } from "../modules/live/directory-events";
import { ACTIVITY_CSV_PATH, CALENDAR_PATH } from "../modules/feeds/feed-ids";
import { TOKEN_TOPICS } from "../modules/live/token-events";
import { attachSubscriptionServer } from "../platform/http/websocket";
import type { Logger } from "../platform/logger";
import { Metrics } from "../platform/observability/metrics";
import { DocumentCache } from "../platform/pipeline/documents";
import { Executor } from "../platform/pipeline/executor";
import { PersistedQueries } from "../platform/pipeline/persisted-queries";
import { AdmissionPipeline } from "../platform/pipeline/pipeline";
import { RateBudget, createRateLimiter } from "../platform/pipeline/rate-budget";
import { ResponseFormatter } from "../platform/pipeline/response";
import { RedisConnection } from "../platform/redis/redis-connection";
import { SharedEventTarget } from "../platform/redis/shared-event-target";
import { createSchema } from "./schema";
import type { Databases, Services } from "./services";
import { createServices } from "./services";
import { fixedClock, systemClock } from "../platform/clock";
import { createLoaders, directorySections, entities, featureRouters, listSizes } from "./features";

export interface Gateway {
  url: string;
  port: number;
  /** Where /metrics is served when METRICS_PORT moves it off the gateway's port; null otherwise. */
  metricsUrl: string | null;
  /** The connection that writes (and migrates); tests inspect the database through it. */
  dataSource: DataSource;
  sqlLogger: SqlLogger;
  metrics: Metrics;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

/** How long start-up waits for Redis before serving on in-process fallbacks (it switches over later). */
const REDIS_STARTUP_WAIT_MS = 3_000;

/** How long shutdown lets in-flight requests finish before closing their connections. */
const DRAIN_GRACE_MS = 10_000;

const GRAPHQL_PATH = "/graphql";

/** The media types a GET of /graphql may prefer; the IDE answers browsers, which prefer text/html. */
const GET_MEDIA_TYPES = ["application/json", "application/graphql-response+json", "multipart/mixed", "text/html"];

/**
 * Serves Prometheus metrics, to holders of METRICS_TOKEN when it is set (a scraper sends it as a bearer
 * token); everyone else gets 401, so the operation names and error counts stay private.
 */
function metricsHandler(metrics: Metrics, token: string | null): express.RequestHandler {
  return async (req, res) => {
    if (token !== null && bearerToken(req.headers.authorization) !== token) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      res.status(401).type("text/plain").send("Send Authorization: Bearer <METRICS_TOKEN> to read the metrics\n");
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** What createApp is built from: the gateway's state, made by startGateway. */
interface AppContext {
  databases: Databases;
  config: AppConfig;
  log: Logger;
  metrics: Metrics;
  /** Shared state across instances; null: everything in-process. */
  redis: RedisConnection | null;
  /** False once shutdown begins: new requests and sockets are refused, in-flight ones finish. */
  accepting: () => boolean;
}

/** What both transports of GraphQL (HTTP and WebSocket) share: the features' services, the schema, the pipeline. */
interface GraphQLCore {
  services: Services;
  schema: GraphQLSchema;
  responseCache: ResponseCache;
  authenticator: Authenticator;
  pipeline: AdmissionPipeline;
  formatter: ResponseFormatter;
  executor: Executor;
  /** Execution slots of reads over HTTP: /graphql's and the public endpoints' (operation-routes.ts) alike. */
  slots: ExecutionSlots;
}

/**
 * Builds what serves HTTP: GraphQL at /graphql (src/platform/http/graphql-http.ts, on node:http directly), WebSocket
 * subscriptions on the same path, and an Express application for everything else (health, readiness,
 * metrics, the IDE and the dashboard).
 */
async function createApp(
  databases: Databases,
  config: AppConfig,
  log: Logger,
  httpServer: http.Server,
  metrics: Metrics,
  /** Shared state across instances; null: everything in-process. */
  redis: RedisConnection | null,
) {
  let accepting = true;
  const context: AppContext = { databases, config, log, metrics, redis, accepting: () => accepting };
  const core = await createGraphQLCore(context);
  const subscriptions = attachSubscriptions(context, core, httpServer);
  core.services.tokenEvents.onRevoked((tokenId) => subscriptions.closeSocketsOfToken(tokenId));
  const cors = corsPolicy(config.http);
  const graphql = createGraphQLHandler(context, core, cors);
  const serveMetrics = metricsHandler(metrics, config.metrics.token);
  const app = createExpressApp(context, core, cors, serveMetrics);
  const metricsApp =
    config.metrics.port === null ? null : express().disable("x-powered-by").get("/metrics", serveMetrics);
  return {
    handler: routeRequests(graphql, app, config.ideEnabled),
    metricsApp,
    subscriptions,
    stopAccepting: () => (accepting = false),
  };
}

/** The features' services, the schema over them, and the admission pipeline every GraphQL request passes. */
async function createGraphQLCore({ databases, config, log, metrics, redis }: AppContext): Promise<GraphQLCore> {
  const eventTarget = redis
    ? new SharedEventTarget(redis, [...DIRECTORY_TOPICS, ...TOKEN_TOPICS], log)
    : new EventTarget();
  const responseCache = new ResponseCache(config.responseCacheTtlSeconds, redis);
  // The cache is emptied as each mutation commits, before its directoryChanged event goes out: a dashboard
  // that refetches on the event must not be served the answer from before the change.
  const services = createServices(
    databases,
    config.database.engine,
    log,
    eventTarget,
    () => responseCache.invalidateAll(),
    config.limits.maxExportMeetings,
    config.sqliteBusyTimeoutMs,
    config.clockFixedAt ? fixedClock(config.clockFixedAt) : systemClock,
  );
  const schema = await createSchema(services);
  const authenticator = new Authenticator(services.tokens);
  services.tokenEvents.onRevoked(() => authenticator.forgetAll());
  const pipeline = createPipeline(schema, config, redis);
  const formatter = new ResponseFormatter(config.env === "production", log, (code) => metrics.errors.inc({ code }));
  const executor = new Executor(schema, config.executor);
  const slots = new ExecutionSlots(config.concurrency);
  return { services, schema, responseCache, authenticator, pipeline, formatter, executor, slots };
}

/** The admission pipeline: document cache, rate budget, persisted queries and cost, as configured. */
function createPipeline(schema: GraphQLSchema, config: AppConfig, redis: RedisConnection | null): AdmissionPipeline {
  return new AdmissionPipeline({
    schema,
    listSizes,
    documents: new DocumentCache(schema, config.limits, {
      introspection: config.introspectionEnabled,
      armor: config.limits.armorEnabled,
    }),
    budget: new RateBudget(config.rateLimit, createRateLimiter(config.rateLimit, redis)),
    // With Redis, a query registered through one instance is known to all; otherwise an in-process store.
    persistedQueries: new PersistedQueries(
      redis ? new PersistedQueryCache(redis) : undefined,
      config.redis?.persistedQueryTtlSeconds,
    ),
    maxCost: config.limits.maxCost,
    pricing: config.limits.costEnabled,
  });
}

/** Subscriptions over WebSocket, on the same server and path, through the same pipeline. */
function attachSubscriptions(
  { databases, config, log, metrics, accepting }: AppContext,
  { schema, pipeline, formatter, authenticator }: GraphQLCore,
  httpServer: http.Server,
) {
  return attachSubscriptionServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    pipeline,
    formatter,
    authenticator,
    limits: config.websocket,
    trustProxyHops: config.http.trustProxyHops,
    maxPayloadBytes: config.http.anonymousBodyLimitBytes,
    maxCost: config.limits.maxCost,
    metrics,
    log,
    newLoaders: () => createLoaders(databases.reader),
    accepting,
  });
}

/** GraphQL over HTTP, with its execution slots for reads and its bounded queue of mutations. */
function createGraphQLHandler(
  { databases, config, log, metrics, accepting }: AppContext,
  { pipeline, formatter, authenticator, responseCache, executor, slots }: GraphQLCore,
  cors: ReturnType<typeof corsPolicy>,
): GraphQLHttpHandler {
  return new GraphQLHttpHandler({
    pipeline,
    executor,
    formatter,
    authenticator,
    responseCache,
    slots,
    // Every mutation in flight holds one of these until it is answered, and no execution slot: a mutation
    // spends most of its time waiting for its turn to write, and must not keep reads from running meanwhile.
    // None wait for one: past the bound, the gateway is overloaded with writes and says so at once.
    mutationSlots: new ExecutionSlots(
      {
        maxConcurrentOperations: config.maxQueuedMutations,
        maxConcurrentCost: Number.POSITIVE_INFINITY,
        maxQueuedOperations: 0,
      },
      { message: "Too many mutations are waiting to write: retry in a moment", limit: "mutation_queue" },
    ),
    metrics,
    log,
    newLoaders: () => createLoaders(databases.reader),
    cors,
    bodyLimitBytes: config.http.bodyLimitBytes,
    anonymousBodyLimitBytes: config.http.anonymousBodyLimitBytes,
    trustProxyHops: config.http.trustProxyHops,
    maxCost: config.limits.maxCost,
    accepting,
  });
}

/**
 * Everything but GraphQL: health, readiness, metrics, the IDE, the dashboard, the pages, the features' public
 * endpoints and the 404 answer.
 */
function createExpressApp(
  context: AppContext,
  core: GraphQLCore,
  cors: ReturnType<typeof corsPolicy>,
  serveMetrics: express.RequestHandler,
): express.Express {
  const { config, log, accepting } = context;
  const { schema } = core;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("trust proxy", config.http.trustProxyHops);
  app.use(accessLog(log));
  app.use(refuseWhenShuttingDown(accepting));
  app.use(securityHeaders());
  app.use(cors);
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", readinessHandler(context));
  if (config.metrics.enabled && config.metrics.port === null) app.get("/metrics", serveMetrics);
  if (config.ideEnabled) app.use(createIdeRouter({ graphqlPath: GRAPHQL_PATH, title: "Customs Events Gateway" }));
  if (config.dashboardEnabled)
    app.use(
      createDashboardRouter({
        graphqlPath: GRAPHQL_PATH,
        ideEnabled: config.ideEnabled,
        downloads: { activityCsvPath: ACTIVITY_CSV_PATH, calendarPath: CALENDAR_PATH },
      }),
    );
  const pages = {
    graphqlPath: GRAPHQL_PATH,
    title: "Customs Events Gateway",
    ideEnabled: config.ideEnabled,
    dashboardPath: config.dashboardEnabled ? DASHBOARD_PATH : null,
    schema: config.introspectionEnabled ? schema : null,
  };
  app.use(createPagesRouter(pages));
  const operations = createOperationRunner(context, core);
  for (const router of featureRouters({ operations, log })) app.use(router);
  // Last: whatever no route above serves.
  app.use(notFound(pages));
  return app;
}

/** Runs the features' public endpoints' fixed queries through the same pipeline, slots and cache as /graphql. */
function createOperationRunner(
  { databases, config, log, metrics }: AppContext,
  { pipeline, executor, formatter, responseCache, slots }: GraphQLCore,
): OperationRunner {
  return new OperationRunner({
    pipeline,
    executor,
    formatter,
    responseCache,
    slots,
    metrics,
    log,
    newLoaders: () => createLoaders(databases.reader),
    trustProxyHops: config.http.trustProxyHops,
  });
}

/** Once shutdown begins, new requests are refused and told to go elsewhere; in-flight ones finish. */
function refuseWhenShuttingDown(accepting: () => boolean): express.RequestHandler {
  return (_req, res, next) => {
    if (accepting()) return next();
    res.setHeader("connection", "close");
    res
      .status(503)
      .json({ errors: [{ message: "The gateway is shutting down", extensions: { code: "SHUTTING_DOWN" } }] });
  };
}

/** /readyz: ready when the database answers and no migration is pending. */
function readinessHandler({ databases, redis, log }: AppContext): express.RequestHandler {
  return async (_req, res) => {
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
  };
}

/**
 * Sends /graphql (with or without a query string) to the GraphQL handler, except a browser's GET, which gets
 * the IDE; everything else to the Express application.
 */
function routeRequests(graphql: GraphQLHttpHandler, app: express.Express, ideEnabled: boolean) {
  const wantsIde = (req: http.IncomingMessage) =>
    ideEnabled && new Negotiator(req).mediaType(GET_MEDIA_TYPES) === "text/html";
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? "";
    const path =
      url.length > GRAPHQL_PATH.length && url[GRAPHQL_PATH.length] === "?" ? url.slice(0, GRAPHQL_PATH.length) : url;
    if (path === GRAPHQL_PATH && !(req.method === "GET" && wantsIde(req))) graphql.handle(req, res);
    else app(req, res);
  };
}

/**
 * Stops the server listening and waits for its in-flight requests: idle keep-alive connections are closed at
 * once, busy ones as they become idle, and whatever is left after `graceMs` is cut.
 */
async function drain(server: http.Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweeper);
    clearTimeout(cut);
  }
}

/** Opens the database: one writer (migrations, mutations) and, for SQLite, a second connection for reads. */
async function openDatabases(
  config: AppConfig,
  sqlLogger: SqlLogger,
  metrics: Metrics,
  log: Logger,
): Promise<Databases> {
  const options = { entities, logger: sqlLogger, busyTimeoutMs: config.sqliteBusyTimeoutMs };
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
        const results = await seedDirectory(writer, directorySections);
        log.info({ files: results.map((r) => ({ file: r.file, changes: r.report.total })) }, "empty directory seeded");
      }
    });
    if (metrics.enabled) observeQueryDurations(writer, (seconds) => metrics.dbQueryDuration.observe(seconds));
    if (config.database.engine !== "sqlite" || config.database.url === ":memory:") return { reader: writer, writer };
    const reader = createDataSource(config.database, options);
    await reader.initialize();
    await applySqlitePragmas(reader);
    const observe = metrics.enabled ? (seconds: number) => metrics.dbQueryDuration.observe(seconds) : undefined;
    if (config.database.sqliteDriver !== "better-sqlite3")
      reusePreparedStatements(reader, { logger: sqlLogger, observe });
    if (observe) observeQueryDurations(reader, observe);
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
  const metrics = new Metrics([...dashboardOperationNames(), ...config.metrics.operationNames], config.metrics.enabled);
  const databases = await openDatabases(config, sqlLogger, metrics, log);

  const httpServer = http.createServer({
    requestTimeout: config.http.requestTimeoutMs,
    headersTimeout: config.http.headersTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
  });
  const redis = config.redis ? new RedisConnection(config.redis, log, metrics.registry) : null;
  const { handler, metricsApp, subscriptions, stopAccepting } = await createApp(
    databases,
    config,
    log,
    httpServer,
    metrics,
    redis,
  );
  // Every user of Redis has registered its recovery hooks: start using it (or its fallbacks, if it is down).
  await redis?.start(REDIS_STARTUP_WAIT_MS);
  httpServer.on("request", handler);
  const listen = (server: http.Server, port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(httpServer, config.port, config.host);
  const metricsServer = metricsApp ? http.createServer(metricsApp) : null;
  const metricsPort = metricsServer ? await listen(metricsServer, config.metrics.port!, config.metrics.host) : null;
  const displayHost = (host: string) => (host === "0.0.0.0" || host === "::" ? "localhost" : host);

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${displayHost(config.host)}:${port}${GRAPHQL_PATH}`,
    port,
    metricsUrl: metricsPort === null ? null : `http://${displayHost(config.metrics.host)}:${metricsPort}/metrics`,
    dataSource: databases.writer,
    sqlLogger,
    metrics,
    stop: () =>
      (stopping ??= (async () => {
        stopAccepting();
        // Open WebSockets would keep the HTTP server from closing: end them first.
        await subscriptions.dispose();
        await Promise.all([drain(httpServer, DRAIN_GRACE_MS), metricsServer && drain(metricsServer, 0)]);
        await redis?.close();
        if (databases.reader !== databases.writer) await databases.reader.destroy();
        await databases.writer.destroy();
      })()),
  };
}
