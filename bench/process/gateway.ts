import fs from "node:fs";
import path from "node:path";
import { GATEWAY_MAIN, ROOT } from "../paths";
import { ServerChild, waitForHttp } from "./child";
import { freePort } from "./proc";

export interface RunningServer {
  child: ServerChild;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The GraphQL endpoint. */
  url: string;
  /** Spawn → first 200 from the readiness URL. */
  readyMs: number;
}

export interface GatewayOptions {
  database: string;
  core: number | null;
  logLevel?: string;
  logSql?: boolean;
  /** SQLITE_DRIVER; unset, the gateway uses its default (sqlite3), as `npm start` does. */
  sqliteDriver?: SqliteDriver;
  /** Further variables, set last (the protection prices switch protections off one at a time). */
  env?: Record<string, string>;
}

export type SqliteDriver = "sqlite3" | "better-sqlite3";

/**
 * The memory settings `npm start` gives the gateway (V8's heap limit in NODE_OPTIONS, glibc's MALLOC_ARENA_MAX),
 * read from package.json's start script so that the bench cannot drift from it.
 */
function startMemoryEnv(): { NODE_OPTIONS: string; MALLOC_ARENA_MAX: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const start = manifest.scripts.start ?? "";
  const options = /NODE_OPTIONS="([^"$]*)/.exec(start);
  const arenas = /MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-(\d+)\}/.exec(start);
  if (!options || !arenas)
    throw new Error("package.json's start script no longer sets NODE_OPTIONS and MALLOC_ARENA_MAX");
  return { NODE_OPTIONS: options[1]!.trim(), MALLOC_ARENA_MAX: arenas[1]! };
}

/** The environment `npm start` gives the gateway, with the bench's database, port and log level. */
function gatewayEnv(options: GatewayOptions, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    ...startMemoryEnv(),
    DATABASE_URL: options.database,
    PORT: String(port),
    HOST: "127.0.0.1",
    RATE_LIMIT_ENABLED: "false",
    LOG_LEVEL: options.logLevel ?? "warn",
    LOG_SQL: options.logSql ? "true" : "false",
    ...(options.sqliteDriver ? { SQLITE_DRIVER: options.sqliteDriver } : {}),
    ...options.env,
  };
}

/** Starts `node dist/src/app/main.js` on its own (pinned) process and waits until /readyz answers 200. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const port = await freePort();
  const child = new ServerChild("gateway", process.execPath, [GATEWAY_MAIN], gatewayEnv(options, port), options.core);
  const origin = `http://127.0.0.1:${port}`;
  try {
    const readyMs = await waitForHttp(`${origin}/readyz`, child.spawnedAt, 120_000, child);
    return { child, origin, url: `${origin}/graphql`, readyMs };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

export interface StartupTiming {
  /** Process spawn → the "gateway ready" log line reaching the bench. */
  spawnToReadyLogMs: number;
  /** What the gateway itself logs in that line: main() start → listening. */
  startupMs: number;
}

/**
 * Times one start-up as operators see it: spawn to the "gateway ready" line (logged at info level, so this
 * start uses LOG_LEVEL=info; the measured instances run at warn and log nothing per request).
 */
export async function measureStartup(database: string, core: number | null): Promise<StartupTiming> {
  const port = await freePort();
  const child = new ServerChild(
    "gateway (start-up)",
    process.execPath,
    [GATEWAY_MAIN],
    gatewayEnv({ database, core, logLevel: "info" }, port),
    core,
  );
  try {
    const { line, afterMs } = await child.waitForLog((l) => l.msg === "gateway ready", 120_000);
    return { spawnToReadyLogMs: afterMs, startupMs: Number(line.startupMs) };
  } finally {
    await child.stop();
  }
}

/** One scrape of /metrics, as name → value for the unlabelled series. */
export async function scrapeMetrics(origin: string): Promise<Map<string, number>> {
  const response = await fetch(`${origin}/metrics`);
  const text = await response.text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) ([0-9.eE+-]+|NaN)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

/** The number of SQL statements the gateway has run (every statement is observed by this histogram). */
export async function sqlStatementCount(origin: string): Promise<number> {
  const count = (await scrapeMetrics(origin)).get("db_query_duration_seconds_count");
  if (count === undefined) throw new Error("db_query_duration_seconds_count is missing from /metrics");
  return count;
}

/**
 * The SQLite drivers whose native module a process has loaded (from /proc/<pid>/maps): proof that
 * SQLITE_DRIVER took effect. The gateway always loads sqlite3's (src/platform/db/data-source.ts imports it);
 * better-sqlite3's only when TypeORM opens the database with it.
 */
export function loadedSqliteDrivers(pid: number): SqliteDriver[] {
  const maps = fs.readFileSync(`/proc/${pid}/maps`, "utf8");
  const drivers: SqliteDriver[] = [];
  if (maps.includes("node_sqlite3.node")) drivers.push("sqlite3");
  if (maps.includes("better_sqlite3.node")) drivers.push("better-sqlite3");
  return drivers;
}
