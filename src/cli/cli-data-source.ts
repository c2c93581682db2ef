import type { DataSource } from "typeorm";
import { loadConfig } from "../config";
import { applySqlitePragmas, createDataSource, migrate } from "../db/data-source";

/**
 * Opens DATABASE_URL, migrated, for a command-line tool; closes it when `work` is done. The connection gets
 * the gateway's SQLite durability, and a page cache large enough for a large import (64 MiB), whose index
 * insertions (speakers and participants by person) otherwise miss SQLite's 2 MB default cache.
 */
export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(loadConfig().database);
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
