import path from "node:path";

/** Which database engine a connection string selects. */
export type DatabaseEngine = "sqlite" | "postgres";

export interface DatabaseConfig {
  engine: DatabaseEngine;
  /** File path for SQLite, connection URL for PostgreSQL. */
  url: string;
  /** Which Node driver opens SQLite files: `sqlite3` (default) or `better-sqlite3` (benchmark comparison). */
  sqliteDriver?: "sqlite3" | "better-sqlite3";
  /** PostgreSQL only: how the connection pool behaves (defaults in `POSTGRES_POOL_DEFAULTS`). */
  pool?: PostgresPoolConfig;
}

/** PostgreSQL connection pool settings (`DATABASE_POOL_SIZE`, `DATABASE_*_TIMEOUT_MS`). */
export interface PostgresPoolConfig {
  /** Most connections one data source opens (at least 2: one holds the migration lock while another works). */
  size: number;
  /** How long opening a connection may take before the attempt fails. */
  connectTimeoutMs: number;
  /** Longest a single SQL statement may run before the server cancels it; 0 means no limit. */
  statementTimeoutMs: number;
  /** How long a session may sit idle inside an open transaction before the server ends it; 0: no limit. */
  idleInTransactionTimeoutMs: number;
}

export const POSTGRES_POOL_DEFAULTS: PostgresPoolConfig = {
  size: 10,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
};

export interface AppConfig {
  env: "production" | "development" | "test";
  host: string;
  port: number;
  database: DatabaseConfig;
  /** Seed the directory from `seeds/` when the database holds no region yet. */
  seedWhenEmpty: boolean;
  logLevel: string;
  /** Log every SQL statement (development aid; noisy). */
  logSql: boolean;
  /** Serve the GraphiQL IDE to browsers at /graphql (and /playground), with its assets, offline. */
  ideEnabled: boolean;
  /** Serve the dashboard page at /dashboard, with its assets, offline. */
  dashboardEnabled: boolean;
  /**
   * Answer introspection queries. On by default even in production: the directory is public and its
   * users generate clients from the schema, and the IDE's docs and completion need it.
   */
  introspectionEnabled: boolean;
  limits: OperationLimits;
  rateLimit: RateLimitConfig;
  http: HttpConfig;
  /** Caps on concurrent WebSocket (subscription) connections. */
  websocket: WebSocketLimits;
  /** Seconds an anonymous query's response is served from the response cache; 0 turns the cache off. */
  responseCacheTtlSeconds: number;
  /**
   * How long a mutation waits for its turn to write — behind this process's other mutations, then for the
   * database's lock (SQLite's write lock, held by e.g. a command-line import; PostgreSQL's lock_timeout) —
   * before it fails with DATABASE_BUSY. Also the SQLite connections' busy timeout.
   */
  sqliteBusyTimeoutMs: number;
  /**
   * Mutations over HTTP in flight at once, waiting for their turn to write or writing; beyond, 503
   * OVERLOADED. They take no execution slot (`concurrency`): a write waiting for the lock must not hold one
   * that reads need.
   */
  maxQueuedMutations: number;
  /**
   * Which engine executes operations: `jit` (graphql-jit, compiled once per operation; the default) or
   * `graphql-js` (the reference interpreter, kept as a switch in case a compiled operation misbehaves).
   */
  executor: "jit" | "graphql-js";
  /** How many GraphQL operations over HTTP run at once, and how many may wait (src/platform/http/concurrency.ts). */
  concurrency: { maxConcurrentOperations: number; maxConcurrentCost: number; maxQueuedOperations: number };
  /** Who may read /metrics, and where. */
  metrics: MetricsConfig;
  /**
   * Redis shared by every instance (response cache, persisted queries, rate limits, subscription events);
   * null keeps all of that in this process, as for a single instance.
   */
  redis: RedisConfig | null;
  /**
   * GATEWAY_CLOCK_FIXED: the instant the gateway takes for "now" (src/platform/clock.ts), for tests and
   * demonstrations of date-dependent answers (`MeetingFilter.when`); null runs on the system clock. Refused in
   * production, where a frozen clock would silently serve stale answers.
   */
  clockFixedAt: Date | null;
}

export interface RedisConfig {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Put before every key and channel name, so several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
  /** How long a registered automatic persisted query stays in Redis; clients re-register it after that. */
  persistedQueryTtlSeconds: number;
}

/** Where Prometheus metrics are served, and to whom. */
export interface MetricsConfig {
  /** Whether requests are counted and timed, and /metrics served (METRICS_ENABLED). */
  enabled: boolean;
  /** When set, /metrics answers only requests with `Authorization: Bearer <this token>`. */
  token: string | null;
  /** When set, /metrics is served on this port (of `host`) only, and not on the gateway's port. */
  port: number | null;
  host: string;
  /** Operation names labelled in the metrics whoever sends them (besides the dashboard's own). */
  operationNames: string[];
}

/** What one GraphQL operation may ask for; anything larger is refused before it runs. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxDocumentBytes: number;
  /** Fields of one response name in one selection set (fragments included): bounds validation's cost. */
  maxRepeatedFields: number;
  /** Fragment definitions in one document. */
  maxFragments: number;
  /** Worst-case number of objects an operation may resolve, from its `first`/`last` arguments. */
  maxCost: number;
  /**
   * Whether operations are priced and refused above `maxCost` (COST_LIMIT_ENABLED). Off only to measure what
   * the protection costs (the benchmark's protection prices): without it, every query weighs one point.
   */
  costEnabled: boolean;
  /** Whether GraphQL Armor's depth, alias and directive limits apply (ARMOR_ENABLED); off only to measure them. */
  armorEnabled: boolean;
  /** Most meetings `exportDirectory` puts in one response; a larger directory is exported with `npm run export`. */
  maxExportMeetings: number;
}

/** Per-client budgets: a client (token, else IP address) spends points per operation within a window. */
export interface RateLimitConfig {
  enabled: boolean;
  points: number;
  windowSeconds: number;
  mutationWeight: number;
  /** One extra point per this much estimated cost: expensive queries weigh more. */
  costPerPoint: number;
}

/** What subscription (WebSocket) clients may hold and do; see CLOSE_CATALOGUE for how each is enforced. */
export interface WebSocketLimits {
  maxConnections: number;
  /** Per client address (after TRUST_PROXY_HOPS), so one client cannot take every connection. */
  maxConnectionsPerIp: number;
  /** Active subscriptions on one connection. */
  maxSubscriptionsPerSocket: number;
  /** Active subscriptions from one client address, over all its connections. */
  maxSubscriptionsPerIp: number;
  /** Bytes waiting to be sent to one connection before it is closed as a slow reader. */
  maxBufferedBytes: number;
  /** How long data may wait to be sent to a connection without any of it being taken before it is closed. */
  sendTimeoutMs: number;
  /** A connection without any subscription for this long is closed. */
  idleTimeoutMs: number;
  /** Interval of pings; a connection that has not answered the previous one by the next is dropped. */
  pingIntervalMs: number;
  /** Messages one connection may send in 10 s; more close it. */
  maxMessagesPer10s: number;
}

export interface HttpConfig {
  /** Largest request body of a token holder (an import of a directory file through `importDirectory`). */
  bodyLimitBytes: number;
  /**
   * Largest request body without a valid token, and largest WebSocket message: an anonymous request is a
   * query, whose document is at most MAX_DOCUMENT_BYTES, with small variables.
   */
  anonymousBodyLimitBytes: number;
  /** Origins allowed to call the API from a browser page; empty: same-origin only. */
  corsOrigins: string[];
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Trust X-Forwarded-For from this many proxies in front of the gateway (for per-IP rate limits). */
  trustProxyHops: number;
}

export const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");

const DEFAULT_SQLITE_FILE = path.join(projectRoot, "data", "customs-events.sqlite");

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Reads `DATABASE_URL` the way the README documents it: unset means the embedded SQLite file under
 * `data/`; `sqlite:relative/or/absolute/path` or a bare path means an SQLite file; `postgres://…` means PostgreSQL.
 */
export function parseDatabaseUrl(raw: string | undefined): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { engine: "sqlite", url: DEFAULT_SQLITE_FILE };
  if (/^postgres(ql)?:\/\//i.test(value)) return { engine: "postgres", url: value };
  const file = value.replace(/^sqlite:(\/\/)?/i, "");
  if (file === ":memory:") return { engine: "sqlite", url: file };
  return { engine: "sqlite", url: path.resolve(projectRoot, file) };
}

function parsePort(raw: string | undefined, name = "PORT"): number {
  if (raw === undefined || raw === "") return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

function parseList(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseSqliteDriver(raw: string | undefined): "sqlite3" | "better-sqlite3" {
  if (raw === undefined || raw === "" || raw === "sqlite3") return "sqlite3";
  if (raw === "better-sqlite3") return raw;
  throw new ConfigError(`SQLITE_DRIVER must be sqlite3 or better-sqlite3, got "${raw}"`);
}

function parseExecutor(raw: string | undefined): AppConfig["executor"] {
  if (raw === undefined || raw === "" || raw === "jit") return "jit";
  if (raw === "graphql-js") return raw;
  throw new ConfigError(`GRAPHQL_EXECUTOR must be jit or graphql-js, got "${raw}"`);
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** REDIS_URL unset or empty: no Redis. The prefix ends with ":" so keys read `ceg:response:…`. */
function parseRedis(env: NodeJS.ProcessEnv): RedisConfig | null {
  const url = env.REDIS_URL?.trim();
  if (!url) return null;
  if (!/^rediss?:\/\//i.test(url))
    // Not echoed: the URL may carry a password.
    throw new ConfigError("REDIS_URL must start with redis:// or rediss://");
  const prefix = env.REDIS_KEY_PREFIX?.trim() || "ceg";
  return {
    url,
    keyPrefix: prefix.endsWith(":") ? prefix : `${prefix}:`,
    persistedQueryTtlSeconds: parseInteger("PERSISTED_QUERY_TTL_SECONDS", env.PERSISTED_QUERY_TTL_SECONDS, 86_400, 1),
  };
}

/** An ISO 8601 instant with its offset (`2021-04-22T12:00:00Z`): a local time without one would depend on the host. */
function parseFixedClock(raw: string | undefined, nodeEnv: AppConfig["env"]): Date | null {
  const value = raw?.trim();
  if (!value) return null;
  if (nodeEnv === "production")
    throw new ConfigError("GATEWAY_CLOCK_FIXED is for tests and development, not production");
  const match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  const instant = new Date(value);
  // Date() rolls 2021-02-30 over into March: the day must exist as written.
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const dayExists =
    calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!match || Number.isNaN(instant.getTime()) || !dayExists)
    throw new ConfigError(
      `GATEWAY_CLOCK_FIXED must be an ISO 8601 instant with an offset, e.g. 2021-04-22T12:00:00Z, got "${raw}"`,
    );
  return instant;
}

function parseEnv(raw: string | undefined): AppConfig["env"] {
  if (raw === "production" || raw === "test") return raw;
  return "development";
}

/** DATABASE_URL with the SQLite driver and the PostgreSQL pool's settings. */
function parseDatabase(env: NodeJS.ProcessEnv): AppConfig["database"] {
  return {
    ...parseDatabaseUrl(env.DATABASE_URL),
    sqliteDriver: parseSqliteDriver(env.SQLITE_DRIVER),
    pool: {
      size: parseInteger("DATABASE_POOL_SIZE", env.DATABASE_POOL_SIZE, POSTGRES_POOL_DEFAULTS.size, 2),
      connectTimeoutMs: parseInteger(
        "DATABASE_CONNECT_TIMEOUT_MS",
        env.DATABASE_CONNECT_TIMEOUT_MS,
        POSTGRES_POOL_DEFAULTS.connectTimeoutMs,
        1,
      ),
      statementTimeoutMs: parseInteger(
        "DATABASE_STATEMENT_TIMEOUT_MS",
        env.DATABASE_STATEMENT_TIMEOUT_MS,
        POSTGRES_POOL_DEFAULTS.statementTimeoutMs,
        0,
      ),
      idleInTransactionTimeoutMs: parseInteger(
        "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS",
        env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        POSTGRES_POOL_DEFAULTS.idleInTransactionTimeoutMs,
        0,
      ),
    },
  };
}

/** The WS_* limits of subscription sockets. */
function parseWebSocketLimits(env: NodeJS.ProcessEnv): WebSocketLimits {
  return {
    maxConnections: parseInteger("WS_MAX_CONNECTIONS", env.WS_MAX_CONNECTIONS, 1000, 1),
    maxConnectionsPerIp: parseInteger("WS_MAX_CONNECTIONS_PER_IP", env.WS_MAX_CONNECTIONS_PER_IP, 50, 1),
    maxSubscriptionsPerSocket: parseInteger(
      "WS_MAX_SUBSCRIPTIONS_PER_SOCKET",
      env.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
      20,
      1,
    ),
    maxSubscriptionsPerIp: parseInteger("WS_MAX_SUBSCRIPTIONS_PER_IP", env.WS_MAX_SUBSCRIPTIONS_PER_IP, 200, 1),
    maxBufferedBytes: parseInteger("WS_MAX_BUFFERED_BYTES", env.WS_MAX_BUFFERED_BYTES, 1_048_576, 1024),
    sendTimeoutMs: parseInteger("WS_SEND_TIMEOUT_MS", env.WS_SEND_TIMEOUT_MS, 10_000, 100),
    idleTimeoutMs: parseInteger("WS_IDLE_TIMEOUT_MS", env.WS_IDLE_TIMEOUT_MS, 60_000, 100),
    pingIntervalMs: parseInteger("WS_PING_INTERVAL_MS", env.WS_PING_INTERVAL_MS, 12_000, 100),
    maxMessagesPer10s: parseInteger("WS_MAX_MESSAGES_PER_10S", env.WS_MAX_MESSAGES_PER_10S, 100, 1),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = parseEnv(env.NODE_ENV);
  return {
    env: nodeEnv,
    host: env.HOST?.trim() || "0.0.0.0",
    port: parsePort(env.PORT),
    database: parseDatabase(env),
    seedWhenEmpty: parseBoolean("SEED_WHEN_EMPTY", env.SEED_WHEN_EMPTY, true),
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === "test" ? "silent" : "info"),
    logSql: parseBoolean("LOG_SQL", env.LOG_SQL, false),
    ideEnabled: parseBoolean("IDE_ENABLED", env.IDE_ENABLED, true),
    dashboardEnabled: parseBoolean("DASHBOARD_ENABLED", env.DASHBOARD_ENABLED, true),
    introspectionEnabled: parseBoolean("INTROSPECTION_ENABLED", env.INTROSPECTION_ENABLED, true),
    limits: {
      maxDepth: parseInteger("MAX_DEPTH", env.MAX_DEPTH, 12, 1),
      maxAliases: parseInteger("MAX_ALIASES", env.MAX_ALIASES, 15, 0),
      maxDirectives: parseInteger("MAX_DIRECTIVES", env.MAX_DIRECTIVES, 50, 0),
      maxTokens: parseInteger("MAX_TOKENS", env.MAX_TOKENS, 2000, 10),
      maxDocumentBytes: parseInteger("MAX_DOCUMENT_BYTES", env.MAX_DOCUMENT_BYTES, 20_000, 100),
      maxRepeatedFields: parseInteger("MAX_REPEATED_FIELDS", env.MAX_REPEATED_FIELDS, 10, 1),
      maxFragments: parseInteger("MAX_FRAGMENTS", env.MAX_FRAGMENTS, 50, 0),
      maxCost: parseInteger("MAX_COST", env.MAX_COST, 50_000, 1),
      maxExportMeetings: parseInteger("MAX_EXPORT_MEETINGS", env.MAX_EXPORT_MEETINGS, 5_000, 0),
      costEnabled: parseBoolean("COST_LIMIT_ENABLED", env.COST_LIMIT_ENABLED, true),
      armorEnabled: parseBoolean("ARMOR_ENABLED", env.ARMOR_ENABLED, true),
    },
    rateLimit: {
      enabled: parseBoolean("RATE_LIMIT_ENABLED", env.RATE_LIMIT_ENABLED, true),
      points: parseInteger("RATE_LIMIT_POINTS", env.RATE_LIMIT_POINTS, 600, 1),
      windowSeconds: parseInteger("RATE_LIMIT_WINDOW_SECONDS", env.RATE_LIMIT_WINDOW_SECONDS, 60, 1),
      mutationWeight: parseInteger("RATE_LIMIT_MUTATION_WEIGHT", env.RATE_LIMIT_MUTATION_WEIGHT, 10, 1),
      costPerPoint: parseInteger("RATE_LIMIT_COST_PER_POINT", env.RATE_LIMIT_COST_PER_POINT, 1000, 1),
    },
    http: {
      bodyLimitBytes: parseInteger("BODY_LIMIT_BYTES", env.BODY_LIMIT_BYTES, 1_048_576, 1024),
      anonymousBodyLimitBytes: parseInteger("ANONYMOUS_BODY_LIMIT_BYTES", env.ANONYMOUS_BODY_LIMIT_BYTES, 65_536, 1024),
      corsOrigins: parseList(env.CORS_ORIGINS),
      requestTimeoutMs: parseInteger("REQUEST_TIMEOUT_MS", env.REQUEST_TIMEOUT_MS, 30_000, 1),
      headersTimeoutMs: parseInteger("HEADERS_TIMEOUT_MS", env.HEADERS_TIMEOUT_MS, 10_000, 1),
      keepAliveTimeoutMs: parseInteger("KEEP_ALIVE_TIMEOUT_MS", env.KEEP_ALIVE_TIMEOUT_MS, 5_000, 1),
      trustProxyHops: parseInteger("TRUST_PROXY_HOPS", env.TRUST_PROXY_HOPS, 0, 0),
    },
    websocket: parseWebSocketLimits(env),
    responseCacheTtlSeconds: parseInteger("RESPONSE_CACHE_TTL_SECONDS", env.RESPONSE_CACHE_TTL_SECONDS, 5, 0),
    sqliteBusyTimeoutMs: parseInteger("SQLITE_BUSY_TIMEOUT_MS", env.SQLITE_BUSY_TIMEOUT_MS, 5_000, 0),
    maxQueuedMutations: parseInteger("MAX_QUEUED_MUTATIONS", env.MAX_QUEUED_MUTATIONS, 100, 1),
    executor: parseExecutor(env.GRAPHQL_EXECUTOR),
    concurrency: {
      maxConcurrentOperations: parseInteger("MAX_CONCURRENT_OPERATIONS", env.MAX_CONCURRENT_OPERATIONS, 10, 1),
      maxConcurrentCost: parseInteger("MAX_CONCURRENT_COST", env.MAX_CONCURRENT_COST, 20_000, 1),
      maxQueuedOperations: parseInteger("MAX_QUEUED_OPERATIONS", env.MAX_QUEUED_OPERATIONS, 1000, 0),
    },
    metrics: {
      enabled: parseBoolean("METRICS_ENABLED", env.METRICS_ENABLED, true),
      token: env.METRICS_TOKEN?.trim() || null,
      port: env.METRICS_PORT?.trim() ? parsePort(env.METRICS_PORT, "METRICS_PORT") : null,
      host: env.METRICS_HOST?.trim() || "127.0.0.1",
      operationNames: parseList(env.METRICS_OPERATION_NAMES),
    },
    redis: parseRedis(env),
    clockFixedAt: parseFixedClock(env.GATEWAY_CLOCK_FIXED, nodeEnv),
  };
}
