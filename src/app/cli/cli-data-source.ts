import type { DataSource } from "typeorm";
import { loadConfig } from "../../config";
import { applySqlitePragmas, createDataSource, migrate } from "../../platform/db/data-source";
import { beforeCommit, entities } from "../features";

/**
 * Opens DATABASE_URL, migrated, for a command-line tool; closes it when `work` is done.
 *
 * SQLite is opened with the synchronous better-sqlite3 driver unless SQLITE_DRIVER names one: a tool does one
 * thing at a time and serves no one meanwhile, so blocking the event loop costs nothing, and it imports
 * faster than sqlite3, which binds every parameter of a 30,000-parameter INSERT through the event loop and a
 * worker thread (see docs/benchmarks.md, "Driver comparison"). The gateway keeps sqlite3 (src/config.ts).
 * The connection gets the gateway's durability and a page cache large enough for a large import (64 MiB),
 * whose index insertions (speakers and participants by person) otherwise miss SQLite's 2 MB default cache.
 */
export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const { database } = loadConfig();
  const driver = process.env.SQLITE_DRIVER ? database.sqliteDriver : "better-sqlite3";
  const dataSource = createDataSource({ ...database, sqliteDriver: driver }, { entities, beforeCommit });
  await dataSource.initialize();
  try {
    await applySqlitePragmas(dataSource, { cacheMiB: 64 });
    await migrate(dataSource);
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Prints a failure without a stack trace (the message says what to fix) and sets a failing exit code. */
export function fail(error: unknown): void {
  const problems = (error as { extensions?: { problems?: { path: string; message: string }[] } }).extensions?.problems;
  console.error(error instanceof Error ? error.message : String(error));
  for (const problem of problems ?? []) console.error(`  ${problem.path}: ${problem.message}`);
  process.exitCode = 1;
}
