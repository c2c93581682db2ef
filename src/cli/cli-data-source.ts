import type { DataSource } from "typeorm";
import { loadConfig } from "../config";
import { createDataSource, migrate } from "../db/data-source";

/** Opens DATABASE_URL, migrated, for a command-line tool; closes it when `work` is done. */
export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(loadConfig().database);
  await dataSource.initialize();
  try {
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
