import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "../logger";
import { isLockUnavailableCode } from "./data-source";

/**
 * TypeORM logger that counts every SQL statement the gateway sends (tests assert on the count to catch
 * N+1 regressions) and forwards statements and errors to the structured log.
 */
export class SqlLogger implements TypeOrmLogger {
  statementCount = 0;

  constructor(
    private readonly output: Logger,
    private readonly logStatements: boolean,
  ) {}

  logQuery(query: string, parameters?: unknown[]): void {
    this.statementCount += 1;
    if (this.logStatements) this.output.debug({ sql: query, parameters }, "sql");
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    // Another connection holding a lock is no fault: a mutation tries for SQLite's write lock again and
    // again until its deadline (src/platform/db/mutation.ts), and one that runs out answers DATABASE_BUSY.
    if (typeof error === "object" && isLockUnavailableCode((error as { code?: unknown }).code)) {
      this.output.debug({ err: error, sql: query }, "sql waited for a lock");
      return;
    }
    this.output.error({ err: error, sql: query, parameters }, "sql failed");
  }

  logQuerySlow(time: number, query: string): void {
    this.output.warn({ durationMs: time, sql: query }, "slow sql");
  }

  logSchemaBuild(message: string): void {
    this.output.debug(message);
  }

  logMigration(message: string): void {
    this.output.info({ migration: message }, "migration");
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.output.warn({ message }, "typeorm");
    else this.output.debug({ message }, "typeorm");
  }
}
