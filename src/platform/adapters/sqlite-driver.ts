import sqlite3 from "sqlite3";

type OpenCallback = (error: Error | null) => void;

/**
 * The node-sqlite3 module to hand TypeORM as its SQLite `driver`: `verbose()` a no-op, and connections that
 * wait for a lock from the moment they open.
 *
 * - `verbose()`: TypeORM's SqliteDriver (0.3.31) loads its driver as
 *   `(options.driver ?? require("sqlite3")).verbose()` and keeps what that returns. node-sqlite3's `verbose()`
 *   (6.0.1) wraps every method of `Database.prototype` and `Statement.prototype`, for the whole process, so that
 *   each call builds a long stack trace and util.inspect()s its arguments (SQL and all parameters): a large share
 *   of the CPU of a large import (docs/benchmarks.md). Returning the module untouched keeps the prototypes as
 *   they are; errors still carry their SQL through TypeORM's QueryFailedError.
 * - waiting for locks: TypeORM sends `PRAGMA journal_mode = WAL` *before* `PRAGMA busy_timeout`, and SQLite does
 *   not call the busy handler when a file still in rollback mode is switched to WAL anyway: two instances
 *   starting together on a new file had one fail at once with SQLITE_BUSY. Each connection gets its busy
 *   timeout as it opens and, when `wal` is asked for, switches the file to WAL itself, retrying while another
 *   connection holds the lock (up to the busy timeout), before TypeORM's first statement, which then finds the
 *   file in WAL mode already (a mode SQLite keeps in the file).
 *
 * test/adapters-database.test.ts fails if TypeORM stops calling `verbose()` on the driver it is given or stops using
 * what it returns, if node-sqlite3's `verbose()` stops tracing (and this stub is no longer needed), and if a
 * connection opened while the file is locked fails instead of waiting.
 */
export function sqliteDriver({ busyTimeoutMs, wal }: { busyTimeoutMs: number; wal: boolean }) {
  class Database extends sqlite3.Database {
    constructor(filename: string, modeOrCallback?: number | OpenCallback, callback?: OpenCallback) {
      const opened = typeof modeOrCallback === "function" ? modeOrCallback : callback;
      // node-sqlite3 calls this with the opened connection as `this`, before anyone can send it a statement.
      const onOpen = function (this: sqlite3.Database, error: Error | null) {
        if (error) return opened?.call(this, error);
        this.configure("busyTimeout", busyTimeoutMs);
        if (!wal) return opened?.call(this, null);
        switchToWal(this, Date.now() + busyTimeoutMs).then(
          () => opened?.call(this, null),
          (failure: Error) => opened?.call(this, failure),
        );
      };
      if (typeof modeOrCallback === "number") super(filename, modeOrCallback, onOpen);
      else super(filename, onOpen);
    }
  }
  // The module's own exports with Database replaced (its declared type also names type-only members).
  const driver = { ...sqlite3, Database } as typeof sqlite3;
  return { ...driver, verbose: () => driver };
}

/** How long to wait between two attempts to switch a busy file to WAL. */
const WAL_RETRY_MS = 10;

async function switchToWal(connection: sqlite3.Database, deadline: number): Promise<void> {
  for (;;) {
    try {
      await new Promise<void>((resolve, reject) =>
        connection.run("PRAGMA journal_mode = WAL", (error: Error | null) => (error ? reject(error) : resolve())),
      );
      return;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === "SQLITE_BUSY";
      if (!busy || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, WAL_RETRY_MS));
    }
  }
}
