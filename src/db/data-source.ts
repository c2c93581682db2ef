import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import sqlite3 from "sqlite3";
import { DataSource } from "typeorm";
import type { Logger as TypeOrmLogger } from "typeorm";
import { migrations } from "../../migrations";
import type { DatabaseConfig } from "../config";
import { entities } from "./entities";

export interface DataSourceOptions {
  logger?: TypeOrmLogger;
  /** How long an SQLite connection waits for another writer before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * The one place that knows how to reach the database. Migrations, never `synchronize`, shape it.
 */
export function createDataSource(database: DatabaseConfig, options: DataSourceOptions = {}): DataSource {
  const logging = options.logger ? (["query", "error", "warn", "migration"] as const) : false;
  if (database.engine === "postgres") {
    return new DataSource({
      type: "postgres",
      url: database.url,
      entities,
      migrations,
      synchronize: false,
      logger: options.logger,
      logging: logging && [...logging],
    });
  }
  if (database.url !== ":memory:") fs.mkdirSync(path.dirname(database.url), { recursive: true });
  if (database.sqliteDriver === "better-sqlite3") {
    // Synchronous driver, offered for the benchmark's driver comparison (see docs/benchmarks.md).
    return new DataSource({
      type: "better-sqlite3",
      database: database.url,
      entities,
      migrations,
      synchronize: false,
      enableWAL: database.url !== ":memory:",
      timeout: options.busyTimeoutMs ?? 5000,
      statementCacheSize: 200,
      logger: options.logger,
      logging: logging && [...logging],
    });
  }
  return new DataSource({
    type: "sqlite",
    // TypeORM calls `sqlite3.verbose()`, which wraps every database call to build a long stack trace and
    // util.inspect() its arguments (SQL and all parameters): a fifth of the CPU of a large import. Errors
    // still carry the SQL through TypeORM's QueryFailedError.
    driver: { ...sqlite3, verbose: () => sqlite3 },
    database: database.url,
    entities,
    migrations,
    synchronize: false,
    // WAL lets readers proceed while a writer commits; the busy timeout makes a second writer (another
    // process, such as a command-line import) wait its turn instead of failing with SQLITE_BUSY.
    enableWAL: database.url !== ":memory:",
    busyTimeout: options.busyTimeoutMs ?? 5000,
    logger: options.logger,
    logging: logging && [...logging],
  });
}

/**
 * SQLite settings beyond TypeORM's (which already turns on foreign keys, WAL and the busy timeout), set
 * once per connection after it opens:
 * - synchronous=FULL syncs the WAL at every commit: an acknowledged write survives a killed process and a
 *   power cut alike. Directory writes are rare, so the extra fsync per commit is worth it (NORMAL would
 *   save it at the risk of losing the last commits on power loss).
 * - the page cache: 8 MiB per gateway connection (2 MiB is SQLite's default). The operating system keeps
 *   the file's pages cached anyway, so a miss costs a read() from memory, not the disk; 32 MiB per
 *   connection made the gateway ~60 MB larger at 100,000 meetings for no measurable gain in latency, against
 *   a 300 MB budget (see docs/benchmarks.md). Command-line tools ask for more (`cacheMiB`): a large import
 *   inserts into indexes at hundreds of places at once (speakers and participants by person), and every
 *   page it cannot keep is written and read again. No memory-mapped I/O: mapped pages count towards
 *   the process's resident memory.
 * - temporary tables and indexes (sorts, GROUP BY) stay in memory.
 */
export async function applySqlitePragmas(dataSource: DataSource, { cacheMiB = 8 } = {}): Promise<void> {
  if (!isSqlite(dataSource)) return;
  await dataSource.query("PRAGMA synchronous = FULL");
  await dataSource.query(`PRAGMA cache_size = -${Math.round(cacheMiB * 1024)}`);
  await dataSource.query("PRAGMA temp_store = MEMORY");
}

export function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === "sqlite" || dataSource.options.type === "better-sqlite3";
}

/** Runs pending migrations, each in its own transaction (a failed one rolls back whole). */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((migration) => migration.name);
}

/**
 * Calls `observe` with the duration of every SQL statement. TypeORM's logger is told about statements
 * but not their durations, so the query runner's `query` is wrapped once, here.
 */
export function observeQueryDurations(dataSource: DataSource, observe: (seconds: number) => void): void {
  const driver = dataSource.driver;
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const wrapped = new WeakSet<object>();
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (!wrapped.has(runner)) {
      wrapped.add(runner);
      const query = runner.query.bind(runner);
      runner.query = (async (...args: Parameters<typeof query>) => {
        const started = process.hrtime.bigint();
        try {
          return await query(...args);
        } finally {
          observe(Number(process.hrtime.bigint() - started) / 1e9);
        }
      }) as typeof runner.query;
    }
    return runner;
  };
}
