import type { DataSource } from "typeorm";

/**
 * Calls `observe` with the duration of every SQL statement run through TypeORM's query runners (entity
 * managers, repositories, query builders, `DataSource#query`, migrations). TypeORM's logger is told about
 * statements but not their durations, so each query runner's `query` is wrapped, once, as the driver hands it
 * out: `Driver#createQueryRunner` is the one door every runner comes through (`DataSource#createQueryRunner`
 * and the entity manager both call it). The SQLite drivers hand out the same runner again and again, which is
 * why a runner already wrapped is remembered and not wrapped a second time. Statements read through
 * src/platform/adapters/sqlite-statements.ts's `readRows` skip the query runner and are timed there.
 *
 * Written against TypeORM 0.3.31; test/adapters-database.test.ts fails if an upgrade routes statements around
 * `Driver#createQueryRunner` or `QueryRunner#query`, or starts counting a statement twice.
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
        const started = performance.now();
        try {
          return await query(...args);
        } finally {
          observe((performance.now() - started) / 1000);
        }
      }) as typeof runner.query;
    }
    return runner;
  };
}
