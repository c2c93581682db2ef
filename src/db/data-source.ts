import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { DataSource } from "typeorm";
import type { Logger as TypeOrmLogger } from "typeorm";
import { migrations } from "../../migrations";
import type { DatabaseConfig } from "../config";
import { entities } from "./entities";

export interface DataSourceOptions {
  logger?: TypeOrmLogger;
}

/**
 * The one place that knows how to reach the database. Migrations, never `synchronize`, shape it.
 */
export function createDataSource(database: DatabaseConfig, options: DataSourceOptions = {}): DataSource {
  if (database.engine === "postgres") {
    return new DataSource({
      type: "postgres",
      url: database.url,
      entities,
      migrations,
      synchronize: false,
      logger: options.logger,
      logging: options.logger ? ["query", "error", "warn", "migration"] : false,
    });
  }
  if (database.url !== ":memory:") fs.mkdirSync(path.dirname(database.url), { recursive: true });
  return new DataSource({
    type: "sqlite",
    database: database.url,
    entities,
    migrations,
    synchronize: false,
    // WAL lets readers proceed while a writer commits; the busy timeout makes a second writer wait its
    // turn instead of failing with SQLITE_BUSY.
    enableWAL: database.url !== ":memory:",
    busyTimeout: 5000,
    logger: options.logger,
    logging: options.logger ? ["query", "error", "warn", "migration"] : false,
  });
}

/** Runs pending migrations, each in its own transaction (a failed one rolls back whole). */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((migration) => migration.name);
}
