import "reflect-metadata";
import { loadConfig } from "../../config";
import { createDataSource, runPendingMigrations, withMigrationLock } from "../../platform/db/data-source";
import { DirectoryValidationError } from "../../modules/directory/directory-validation";
import { seedDirectory } from "../../modules/directory/seed";
import { beforeCommit, directorySections, entities } from "../features";

/**
 * `npm run seed`: migrates, then loads `seeds/*.json`. Safe to run again: it only writes differences. Each file
 * is applied as a mutation is (seedDirectory): it waits its turn for the write lock (DATABASE_BUSY beyond the
 * busy timeout, while a gateway or an import writes), runs in one transaction, and is audited as
 * `seedDirectory` by the actor `seed`.
 */
async function main(): Promise<void> {
  const dataSource = createDataSource(loadConfig().database, { entities, beforeCommit });
  await dataSource.initialize();
  try {
    // Under the migration lock, like a starting gateway's first seed, so the two never load seeds at once.
    const results = await withMigrationLock(dataSource, async (session) => {
      await runPendingMigrations(dataSource, session);
      return seedDirectory(dataSource, directorySections);
    });
    for (const { file, report } of results) {
      const changes = report.entries.map((c) => `${c.entity} +${c.created} ~${c.updated} -${c.deleted}`);
      console.log(`${file}: ${changes.length ? changes.join(", ") : "already up to date"}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DirectoryValidationError) {
    for (const problem of error.problems) console.error(`${problem.path}: ${problem.message}`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
