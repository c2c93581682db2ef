import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import sqlite3 from "sqlite3";
import { DataSource, MigrationExecutor } from "typeorm";
import type { Logger as TypeOrmLogger, MigrationInterface, QueryRunner } from "typeorm";
import { migrations } from "../../../migrations";
import { usePortableTypes } from "../adapters/pg-type-parsers";
import { sqliteDriver } from "../adapters/sqlite-driver";
import type { BeforeCommitHook } from "./before-commit";
import { setBeforeCommitHooks } from "./before-commit";
import type { DatabaseConfig } from "../../config";
import { POSTGRES_POOL_DEFAULTS } from "../../config";

export interface DataSourceOptions {
  /**
   * The entities the data source maps: every feature's (`entities` of src/app/features.ts), given by the caller,
   * so the database layer names no feature. None: migrations and raw SQL only.
   */
  entities?: readonly (abstract new (...args: never[]) => object)[];
  /**
   * What every unit of work over this data source runs before it commits: every feature's (`beforeCommit` of
   * src/app/features.ts), given by the caller with the entities.
   */
  beforeCommit?: readonly BeforeCommitHook[];
  logger?: TypeOrmLogger;
  /** How long an SQLite connection waits for another writer before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** The migrations to run instead of `migrations/index.ts` (tests of the migration machinery only). */
  migrations?: (new () => MigrationInterface)[];
}

/**
 * The one place that knows how to reach the database. Migrations, never `synchronize`, shape it.
 */
export function createDataSource(database: DatabaseConfig, options: DataSourceOptions = {}): DataSource {
  const dataSource = openDataSource(database, options);
  setBeforeCommitHooks(dataSource, options.beforeCommit ?? []);
  return dataSource;
}

function openDataSource(database: DatabaseConfig, options: DataSourceOptions): DataSource {
  const entities = [...(options.entities ?? [])];
  const logging = options.logger ? (["query", "error", "warn", "migration"] as const) : false;
  const migrationList = options.migrations ?? migrations;
  if (database.engine === "postgres") {
    const pool = database.pool ?? POSTGRES_POOL_DEFAULTS;
    const dataSource = new DataSource({
      type: "postgres",
      url: database.url,
      entities,
      migrations: migrationList,
      synchronize: false,
      logger: options.logger,
      logging: logging && [...logging],
      applicationName: "customs-events-gateway",
      poolSize: pool.size,
      connectTimeoutMS: pool.connectTimeoutMs,
      // COUNT(*) and other bigint results as numbers, as SQLite gives them (directory counts fit easily).
      parseInt8: true,
      extra: {
        // Session settings sent when each connection opens: UTC timestamps, and server-side timeouts so a
        // runaway statement or an abandoned transaction cannot hold locks forever.
        options: "-c TimeZone=UTC",
        statement_timeout: pool.statementTimeoutMs,
        idle_in_transaction_session_timeout: pool.idleInTransactionTimeoutMs,
        // Idle pooled connections are closed after 30 s, so a quiet gateway holds few server sessions.
        idleTimeoutMillis: 30_000,
      },
    });
    // Dates as text and timestamps as UTC, as SQLite gives them (see the adapter).
    usePortableTypes(dataSource);
    return dataSource;
  }
  if (database.url !== ":memory:") fs.mkdirSync(path.dirname(database.url), { recursive: true });
  if (database.sqliteDriver === "better-sqlite3") {
    // Synchronous driver, offered for the benchmark's driver comparison (see docs/benchmarks.md).
    return new DataSource({
      type: "better-sqlite3",
      database: database.url,
      entities,
      migrations: migrationList,
      synchronize: false,
      enableWAL: database.url !== ":memory:",
      timeout: options.busyTimeoutMs ?? 5000,
      statementCacheSize: 200,
      logger: options.logger,
      logging: logging && [...logging],
    });
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  return new DataSource({
    type: "sqlite",
    // No `verbose()` tracing, and each connection waits for locks from the moment it opens (see the adapter).
    driver: sqliteDriver({ busyTimeoutMs, wal: database.url !== ":memory:" }),
    database: database.url,
    entities,
    migrations: migrationList,
    synchronize: false,
    // WAL lets readers proceed while a writer commits; the busy timeout makes a second writer (another
    // process, such as a command-line import) wait its turn instead of failing with SQLITE_BUSY.
    enableWAL: database.url !== ":memory:",
    busyTimeout: busyTimeoutMs,
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
 *   the file's pages cached anyway, so a miss costs a read() from memory, not the disk; a larger cache per
 *   connection made the gateway much larger for no measurable gain in latency, against its memory budget
 *   (see docs/benchmarks.md). Command-line tools ask for more (`cacheMiB`): a large import
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

export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === "postgres";
}

/**
 * Whether a driver's error code says that another connection holds a lock the statement needs: SQLite's
 * SQLITE_BUSY and SQLITE_LOCKED (better-sqlite3 reports extended codes such as SQLITE_BUSY_SNAPSHOT), or
 * PostgreSQL's lock_not_available (55P03), raised when lock_timeout expires.
 */
export function isLockUnavailableCode(code: unknown): boolean {
  if (typeof code !== "string") return false;
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || code === "55P03";
}

/**
 * The key of the PostgreSQL advisory lock that serializes migrations and the first seed across every
 * process sharing one database (the bytes of "CEG-MIGR" as a bigint). Fixed forever: instances of
 * different versions must agree on it.
 */
export const MIGRATION_LOCK_KEY = "4847358833829955410";

/**
 * Runs `work` while holding the migration lock, so that several processes starting together on one
 * database take turns: the first migrates (and seeds), the others then find nothing left to do.
 * - PostgreSQL: a session-level advisory lock, on a connection of its own.
 * - SQLite: an exclusive transaction on a small lock database beside the file (`<file>-migrate.lock`),
 *   opened on a connection of its own: SQLite's file locks make a second process (or connection) wait in
 *   its busy handler. The directory's own file cannot serve: holding it locked would block the migrations.
 * Either lock goes with its holder: a process killed while holding it releases it. On PostgreSQL `work`
 * is handed the lock's session, on which migrations then run (`runPendingMigrations`): without the
 * statement timeout, so a long migration (an index on a large table) is not cancelled halfway.
 */
export async function withMigrationLock<T>(
  dataSource: DataSource,
  work: (session?: QueryRunner) => Promise<T>,
): Promise<T> {
  if (!isPostgres(dataSource)) return withSqliteMigrationLock(String(dataSource.options.database), () => work());
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    // Waiting for another instance's migrations, or migrating, is not a runaway statement: no timeout here.
    await session.query("SET statement_timeout = 0");
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      return await work(session);
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      // Back to the connection's configured timeout before the session returns to the pool.
      await session.query("RESET statement_timeout");
    }
  } finally {
    await session.release();
  }
}

/** How long a process waits for another's migrations (and first seed) on SQLite before giving up. */
const SQLITE_MIGRATION_LOCK_TIMEOUT_MS = 10 * 60_000;

async function withSqliteMigrationLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  if (file === ":memory:") return work();
  const run = (db: sqlite3.Database, sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
  const lock = await new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(`${file}-migrate.lock`, (error) => (error ? reject(error) : resolve(db)));
  });
  try {
    lock.configure("busyTimeout", SQLITE_MIGRATION_LOCK_TIMEOUT_MS);
    await run(lock, "BEGIN EXCLUSIVE");
    try {
      return await work();
    } finally {
      await run(lock, "COMMIT");
    }
  } finally {
    await new Promise<void>((resolve) => lock.close(() => resolve()));
  }
}

/**
 * Runs pending migrations, each in its own transaction (a failed one rolls back whole: PostgreSQL and
 * SQLite both have transactional DDL). The caller holds the migration lock (`withMigrationLock`) and
 * passes the session it got from it, if any.
 */
export async function runPendingMigrations(dataSource: DataSource, session?: QueryRunner): Promise<string[]> {
  const executor = new MigrationExecutor(dataSource, session);
  executor.transaction = "each";
  const applied = await executor.executePendingMigrations();
  return applied.map((migration) => migration.name);
}

/** Runs pending migrations under the migration lock. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, (session) => runPendingMigrations(dataSource, session));
}

/** Reverts the last applied migration, in its own transaction, under the migration lock. */
export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await withMigrationLock(dataSource, async (session) => {
    const executor = new MigrationExecutor(dataSource, session);
    executor.transaction = "each";
    await executor.undoLastMigration();
  });
}
