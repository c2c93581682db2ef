import path from "node:path";

/** Which database engine a connection string selects. */
export type DatabaseEngine = "sqlite" | "postgres";

export interface DatabaseConfig {
  engine: DatabaseEngine;
  /** File path for SQLite, connection URL for PostgreSQL. */
  url: string;
}

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
  /**
   * Answer introspection queries. On by default even in production: the directory is public and its
   * users generate clients from the schema, and the IDE's docs and completion need it.
   */
  introspectionEnabled: boolean;
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

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseEnv(raw: string | undefined): AppConfig["env"] {
  if (raw === "production" || raw === "test") return raw;
  return "development";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = parseEnv(env.NODE_ENV);
  return {
    env: nodeEnv,
    host: env.HOST?.trim() || "0.0.0.0",
    port: parsePort(env.PORT),
    database: parseDatabaseUrl(env.DATABASE_URL),
    seedWhenEmpty: parseBoolean("SEED_WHEN_EMPTY", env.SEED_WHEN_EMPTY, true),
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === "test" ? "silent" : "info"),
    logSql: parseBoolean("LOG_SQL", env.LOG_SQL, false),
    ideEnabled: parseBoolean("IDE_ENABLED", env.IDE_ENABLED, true),
    introspectionEnabled: parseBoolean("INTROSPECTION_ENABLED", env.INTROSPECTION_ENABLED, true),
  };
}
