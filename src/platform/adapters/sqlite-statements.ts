import type sqlite3 from "sqlite3";
import type { DataSource, Logger as TypeOrmLogger } from "typeorm";
import { QueryFailedError } from "typeorm";
import type { SqliteDriver } from "typeorm/driver/sqlite/SqliteDriver";
import { LRUCache } from "lru-cache";

type Row = Record<string, unknown>;
type RowsCallback = (this: sqlite3.Statement, error: Error | null, rows: Row[]) => void;

/** Distinct statements kept prepared per connection; the least recently used is finalized beyond this. */
const MAX_PREPARED = 500;

/** A statement of the cache: prepared (or being prepared), or failed to prepare. */
interface Prepared {
  statement: sqlite3.Statement;
  failed: Error | null;
  /** Calls made before the statement finished preparing; null once it has. */
  waiting: RowsCallback[] | null;
}

/** Runs one read statement and resolves its rows. */
export type ReadRows = (sql: string, parameters: readonly unknown[]) => Promise<Row[]>;

const directReads = new WeakMap<DataSource, ReadRows>();

/**
 * The rows of one read statement on `dataSource`: straight through its prepared statements when
 * `reusePreparedStatements` set it up (an SQLite read connection), otherwise through TypeORM.
 */
export function readRows(dataSource: DataSource, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
  const direct = directReads.get(dataSource);
  return direct ? direct(sql, parameters) : dataSource.query<Row[]>(sql, [...parameters]);
}

/**
 * Makes a node-sqlite3 read connection keep its prepared statements, and gives the entity reader a direct way to
 * them. `Database#all` prepares a new statement for every call (SQLite parses and plans the SQL again) and
 * finalizes it after: for a lookup by slug that was a large share of the gateway's CPU (docs/benchmarks.md). Here
 * each distinct SQL text is prepared once and reused, as better-sqlite3's statement cache does; `Statement#all`
 * binds, runs to the last row and resets, so no statement holds a read transaction open between calls, and SQLite
 * re-prepares a statement by itself when the schema changes.
 *
 * TypeORM's SQLite query runner reads through `Database#all`, so its query builders reuse statements too;
 * `readRows` skips the query runner as well (a runner object, broadcaster events and four awaits per
 * statement), still counting and logging each statement through TypeORM's logger and timing it. This is the
 * one adaptation of node-sqlite3 besides TypeORM's `verbose` stub (src/platform/adapters/sqlite-driver.ts);
 * test/adapters.test.ts fails if an upgrade bypasses it.
 */
export function reusePreparedStatements(
  dataSource: DataSource,
  options: { logger?: TypeOrmLogger; observe?: (seconds: number) => void; max?: number } = {},
): void {
  const database = (dataSource.driver as SqliteDriver).databaseConnection as sqlite3.Database;
  const statements = new LRUCache<string, Prepared>({
    max: options.max ?? MAX_PREPARED,
    // A statement evicted while a call on it is queued is finalized after that call: node-sqlite3 queues
    // finalize() behind the statement's pending work.
    dispose: (prepared, _sql, reason) => {
      if (reason !== "delete" || !closing) prepared.statement.finalize();
    },
  });
  let closing = false;
  // SQLite refuses to close a connection with statements still prepared: finalize them all first.
  const close = database.close.bind(database);
  const prepare = (sql: string): Prepared => {
    const prepared: Prepared = {
      failed: null,
      waiting: [],
      // node-sqlite3 never calls back the calls queued on a statement that failed to prepare (bad SQL, a
      // dropped table): they are answered here with the error, and the statement is not kept.
      statement: database.prepare(sql, (error: Error | null) => {
        const waiting = prepared.waiting ?? [];
        prepared.waiting = null;
        if (!error) return;
        prepared.failed = error;
        if (statements.peek(sql) === prepared) statements.delete(sql);
        for (const callback of waiting) callback.call(prepared.statement, error, []);
      }),
    };
    return prepared;
  };
  const all = (sql: string, parameters: readonly unknown[], callback: RowsCallback) => {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = prepare(sql);
      statements.set(sql, prepared);
    }
    if (prepared.failed) {
      callback.call(prepared.statement, prepared.failed, []);
      return database;
    }
    const current = prepared;
    const answer: RowsCallback = function (this: sqlite3.Statement, error, rows) {
      // A statement that stopped working (its table dropped since) is not kept for the next call.
      if (error && statements.peek(sql) === current) statements.delete(sql);
      callback.call(this, error, rows);
    };
    current.waiting?.push(answer);
    current.statement.all(...parameters, answer);
    return database;
  };
  Object.assign(database, {
    close(callback?: (error: Error | null) => void) {
      const open = [...statements.values()];
      closing = true;
      statements.clear();
      void Promise.all(
        open.map(({ statement }) => new Promise<void>((resolve) => statement.finalize(() => resolve()))),
      ).then(() => close(callback));
      return database;
    },
    all(sql: string, ...rest: unknown[]) {
      const callback = typeof rest[rest.length - 1] === "function" ? (rest.pop() as RowsCallback) : () => undefined;
      // TypeORM passes one array of parameters, or `undefined` for a statement without any.
      const parameters =
        rest.length === 1 ? (Array.isArray(rest[0]) ? rest[0] : rest[0] === undefined ? [] : rest) : rest;
      return all(sql, parameters, callback);
    },
  });
  const { logger, observe } = options;
  directReads.set(dataSource, (sql, parameters) => {
    logger?.logQuery(sql, parameters as unknown[]);
    const started = observe ? performance.now() : 0;
    return new Promise((resolve, reject) => {
      all(sql, parameters, (error, rows) => {
        if (observe) observe((performance.now() - started) / 1000);
        if (error) {
          logger?.logQueryError(error, sql, parameters as unknown[]);
          reject(new QueryFailedError(sql, parameters as unknown[], error));
        } else resolve(rows);
      });
    });
  });
}

/** How many statements a connection keeps prepared (tests read it to see the cache at work). */
export function hasDirectReads(dataSource: DataSource): boolean {
  return directReads.has(dataSource);
}
