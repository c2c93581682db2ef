import "reflect-metadata";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sqlite3 from "sqlite3";
import { DataSource } from "typeorm";
import type { DatabaseEngine } from "../../src/config";

/*
 * The database each test runs on. `TEST_ENGINE=postgres` (what `npm run test:postgres` sets) runs the whole
 * suite on PostgreSQL: every test database is then a fresh PostgreSQL database created from
 * `TEST_POSTGRES_URL` (an account allowed to CREATE DATABASE) and dropped afterwards. Otherwise each test
 * database is a fresh SQLite file in its own temporary directory.
 */

export const TEST_ENGINE: DatabaseEngine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/test";
export const onPostgres = TEST_ENGINE === "postgres";
export const onSqlite = TEST_ENGINE === "sqlite";

export interface TestDatabase {
  engine: DatabaseEngine;
  /** What to put in DATABASE_URL: the SQLite file's path, or the PostgreSQL database's URL. */
  url: string;
  /** A scratch directory for the test's own files (exports, inputs); the SQLite file lives in it too. */
  dir: string;
  /** The PostgreSQL database's name (undefined on SQLite). */
  name?: string;
  /** Drops the database (ending its sessions) and removes the scratch directory. */
  drop(): Promise<void>;
}

/** A DataSource on the admin database, to create and drop test databases (no entities, no migrations). */
export async function withPostgresAdmin<T>(work: (admin: DataSource) => Promise<T>): Promise<T> {
  const admin = new DataSource({ type: "postgres", url: TEST_POSTGRES_URL, poolSize: 1 });
  await admin.initialize();
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** The URL of database `name` on the server of TEST_POSTGRES_URL, with the same credentials. */
export function postgresUrlFor(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates an empty PostgreSQL database and returns its name: `ceg_test_<pid>_<unix seconds>_<random>`, so
 * that the global setup can drop databases whose test process is gone (test/helpers/build.js). Text sorts
 * in code point order (LC_COLLATE 'C'), as SQLite's BINARY collation does.
 */
export async function createPostgresDatabase(): Promise<string> {
  const created = Math.floor(Date.now() / 1000);
  const name = `ceg_test_${process.pid}_${created}_${crypto.randomBytes(4).toString("hex")}`;
  await withPostgresAdmin((admin) =>
    admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'`),
  );
  return name;
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await withPostgresAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A fresh, empty database on the engine under test (or the one asked for). */
export async function createTestDatabase(engine: DatabaseEngine = TEST_ENGINE): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceg-test-"));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (engine === "sqlite") {
    return { engine, url: path.join(dir, "directory.sqlite"), dir, drop: async () => removeDir() };
  }
  const name = await createPostgresDatabase();
  return {
    engine,
    url: postgresUrlFor(name),
    dir,
    name,
    async drop() {
      await dropPostgresDatabase(name);
      removeDir();
    },
  };
}

/** Names of the tables in the database, the migrations' bookkeeping table excluded, sorted. */
export async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === "postgres"
      ? await dataSource.query(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name != 'migrations'`,
        )
      : // A virtual table (the FTS5 search index) counts as one table; its shadow tables, SQLite's own, do not.
        await dataSource.query(
          `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')
           AND name NOT LIKE 'sqlite_%' AND name != 'migrations'`,
        );
  return rows.map((row) => row.name).sort();
}

/** Names of the indexes whose name starts with `prefix`, sorted. */
export async function indexNames(dataSource: DataSource, prefix: string): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === "postgres"
      ? await dataSource.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()`)
      : await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'index'`);
  return rows
    .map((row) => row.name)
    .filter((name) => name.startsWith(prefix))
    .sort();
}

/** `$1, $2…` on PostgreSQL, `?` on SQLite: the bound-parameter placeholder of the n-th (1-based) parameter. */
export function placeholder(dataSource: DataSource, n: number): string {
  return dataSource.options.type === "postgres" ? `$${n}` : "?";
}

/**
 * Direct access to a test database from outside the gateway (no migrations, no entities): what a fresh
 * process would find there. SQL uses `?` placeholders on both engines.
 */
export interface DatabaseInspector {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  count(sql: string, params?: unknown[]): Promise<number>;
  /**
   * What is structurally wrong with the database: `integrity` is `["ok"]` when every index agrees with its
   * table (SQLite: PRAGMA integrity_check; PostgreSQL: amcheck's bt_index_check with heapallindexed on
   * every B-tree index), `foreignKeys` lists the rows whose foreign key points nowhere (SQLite: PRAGMA
   * foreign_key_check; PostgreSQL: an anti-join per foreign key constraint).
   */
  structuralProblems(): Promise<{ integrity: string[]; foreignKeys: unknown[] }>;
}

export async function inspectDatabase<T>(
  database: TestDatabase,
  work: (db: DatabaseInspector) => Promise<T>,
): Promise<T> {
  if (database.engine === "sqlite") return inspectSqlite(database.url, work);
  const dataSource = new DataSource({ type: "postgres", url: database.url, poolSize: 1, parseInt8: true });
  await dataSource.initialize();
  try {
    const all = <R>(sql: string, params: unknown[] = []) => {
      let n = 0;
      return dataSource.query<R[]>(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
    };
    const inspector: DatabaseInspector = {
      all,
      count: async (sql, params) => Number((await all<{ n: unknown }>(sql, params))[0]!.n),
      async structuralProblems() {
        await dataSource.query("CREATE EXTENSION IF NOT EXISTS amcheck");
        const indexes = await all<{ name: string }>(
          `SELECT c.relname AS name FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
           JOIN pg_namespace ns ON ns.oid = c.relnamespace
           WHERE am.amname = 'btree' AND ns.nspname = current_schema()`,
        );
        const integrity: string[] = [];
        for (const { name } of indexes) {
          try {
            await dataSource.query(`SELECT bt_index_check('"${name}"'::regclass, true)`);
          } catch (error) {
            integrity.push(`${name}: ${(error as Error).message}`);
          }
        }
        const constraints = await all<{ name: string; child: string; column: string; parent: string; key: string }>(
          `SELECT con.conname AS name, cl.relname AS child, a.attname AS "column", pcl.relname AS parent, pa.attname AS key
           FROM pg_constraint con
           JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
           JOIN pg_class pcl ON pcl.oid = con.confrelid
           JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[1]
           WHERE con.contype = 'f' AND ns.nspname = current_schema()`,
        );
        const foreignKeys: unknown[] = [];
        for (const fk of constraints) {
          const orphans = await inspector.count(
            `SELECT COUNT(*) AS n FROM "${fk.child}" c WHERE c."${fk.column}" IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM "${fk.parent}" p WHERE p."${fk.key}" = c."${fk.column}")`,
          );
          if (orphans) foreignKeys.push({ table: fk.child, constraint: fk.name, orphans });
        }
        return { integrity: integrity.length ? integrity : ["ok"], foreignKeys };
      },
    };
    return await work(inspector);
  } finally {
    await dataSource.destroy();
  }
}

async function inspectSqlite<T>(file: string, work: (db: DatabaseInspector) => Promise<T>): Promise<T> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  const all = <R>(sql: string, params: unknown[] = []) =>
    new Promise<R[]>((resolve, reject) => {
      db.all(sql, params, (error: Error | null, rows: R[]) => (error ? reject(error) : resolve(rows)));
    });
  try {
    return await work({
      all,
      count: async (sql, params) => Number((await all<{ n: unknown }>(sql, params))[0]!.n),
      async structuralProblems() {
        const integrity = (await all<{ integrity_check: string }>("PRAGMA integrity_check")).map(
          (r) => r.integrity_check,
        );
        const foreignKeys = await all<Record<string, unknown>>("PRAGMA foreign_key_check");
        return { integrity, foreignKeys };
      },
    });
  } finally {
    await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  }
}
