import "reflect-metadata";
import { loadConfig } from "../../config";
import { createDataSource, migrate, revertLastMigration } from "../../platform/db/data-source";

/** `npm run migration:run | migration:revert | migration:show` against DATABASE_URL. */
async function main(command: string | undefined): Promise<void> {
  const dataSource = createDataSource(loadConfig().database);
  await dataSource.initialize();
  try {
    if (command === "run") {
      const applied = await migrate(dataSource);
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
    } else if (command === "revert") {
      await revertLastMigration(dataSource);
      console.log("Reverted the last applied migration.");
    } else if (command === "show") {
      const pending = await dataSource.showMigrations();
      console.log(pending ? "Some migrations are pending." : "All migrations are applied.");
      process.exitCode = pending ? 1 : 0;
    } else {
      console.error("usage: migrate.js run | revert | show");
      process.exitCode = 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
