import sqlite3 from "sqlite3";

/**
 * The node-sqlite3 module to hand TypeORM as its SQLite `driver`, with `verbose()` a no-op.
 *
 * TypeORM's SqliteDriver (0.3.31) loads its driver as `(options.driver ?? require("sqlite3")).verbose()` and
 * keeps what that returns. node-sqlite3's `verbose()` (6.0.1) wraps every method of `Database.prototype` and
 * `Statement.prototype`, for the whole process, so that each call builds a long stack trace and util.inspect()s
 * its arguments (SQL and all parameters): a fifth of the CPU of a large import. Returning the module untouched
 * keeps the prototypes as they are; errors still carry their SQL through TypeORM's QueryFailedError.
 *
 * test/adapters-database.test.ts fails if TypeORM stops calling `verbose()` on the driver it is given, stops using
 * what it returns, or if node-sqlite3's `verbose()` stops tracing (and this stub is no longer needed).
 */
export const sqliteWithoutTracing = { ...sqlite3, verbose: () => sqlite3 };
