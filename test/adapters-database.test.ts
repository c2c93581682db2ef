import "reflect-metadata";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sqlite3 from "sqlite3";
import { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import type { SqliteDriver } from "typeorm/driver/sqlite/SqliteDriver";
import { PG_DATE, PG_TIMESTAMP } from "../src/platform/adapters/pg-type-parsers";
import { observeQueryDurations } from "../src/platform/adapters/typeorm-query-durations";
import { createDataSource, migrate } from "../src/platform/db/data-source";
import { entities } from "../src/app/features";
import { Region } from "../src/modules/region/region.entity";
import type { TestDatabase } from "./helpers/database";
import { createTestDatabase, onPostgres } from "./helpers/database";

/*
 * The adaptations of the database libraries (src/platform/adapters/: node-sqlite3, TypeORM, node-postgres) against the
 * libraries as installed: these tests fail when an upgrade changes what an adaptation relies on. Run them on
 * both engines (TEST_ENGINE=postgres for PostgreSQL).
 */

/** node-sqlite3's prototype methods before any data source of this file loaded the driver. */
const untraced = {
  databaseAll: sqlite3.Database.prototype.all,
  databasePrepare: sqlite3.Database.prototype.prepare,
  statementAll: sqlite3.Statement.prototype.all,
};

describe("node-sqlite3 as TypeORM is given it (src/platform/adapters/sqlite-driver.ts)", () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceg-adapters-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is the driver TypeORM loads: its verbose() is called, its result used, and no prototype is wrapped", async () => {
    const dataSource = createDataSource({ engine: "sqlite", url: path.join(dir, "db.sqlite") });
    try {
      const driver = dataSource.driver as SqliteDriver;
      // TypeORM keeps what verbose() returned: the module with its Database whose connections wait for locks.
      expect(driver.sqlite).not.toBe(sqlite3);
      expect(driver.sqlite.OPEN_READWRITE).toBe(sqlite3.OPEN_READWRITE);
      expect(Object.getPrototypeOf(driver.sqlite.Database)).toBe(sqlite3.Database);
      await dataSource.initialize();
      expect(driver.databaseConnection).toBeInstanceOf(driver.sqlite.Database);
      expect(await dataSource.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      await expect(dataSource.query(`SELECT * FROM no_such_table`)).rejects.toThrow(/no such table/);
      expect(sqlite3.Database.prototype.all).toBe(untraced.databaseAll);
      expect(sqlite3.Database.prototype.prepare).toBe(untraced.databasePrepare);
      expect(sqlite3.Statement.prototype.all).toBe(untraced.statementAll);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });

  /**
   * A raw connection holding a lock on `file` until released, as another process would (migrating, or
   * reading): `EXCLUSIVE`, or `SHARED` (an open read transaction, on a file still in rollback mode).
   */
  async function holdLock(file: string, lock: "EXCLUSIVE" | "SHARED"): Promise<() => Promise<void>> {
    const holder = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
    });
    const exec = (sql: string) =>
      new Promise<void>((resolve, reject) => holder.exec(sql, (error) => (error ? reject(error) : resolve())));
    await exec("CREATE TABLE IF NOT EXISTS held (id INTEGER)");
    await exec(lock === "EXCLUSIVE" ? "BEGIN EXCLUSIVE; INSERT INTO held VALUES (1)" : "BEGIN; SELECT * FROM held");
    return async () => {
      await exec("COMMIT");
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    };
  }

  it.each(["EXCLUSIVE", "SHARED"] as const)(
    "opens connections that wait while another holds a %s lock, instead of failing with SQLITE_BUSY",
    async (lock) => {
      const file = path.join(dir, `locked-${lock}.sqlite`);
      const release = await holdLock(file, lock);
      const dataSource = createDataSource({ engine: "sqlite", url: file }, { busyTimeoutMs: 5000 });
      try {
        const initializing = dataSource.initialize();
        setTimeout(() => void release(), 300);
        await initializing;
        expect(await dataSource.query(`PRAGMA journal_mode`)).toEqual([{ journal_mode: "wal" }]);
        expect(await dataSource.query(`SELECT COUNT(*) AS n FROM held`)).toEqual([{ n: lock === "EXCLUSIVE" ? 1 : 0 }]);
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
      }
    },
  );

  it.each(["EXCLUSIVE", "SHARED"] as const)(
    "is still needed: with TypeORM's own options, a connection opened during a %s lock fails with SQLITE_BUSY",
    async (lock) => {
      const file = path.join(dir, `locked-plain-${lock}.sqlite`);
      const release = await holdLock(file, lock);
      const plain = new DataSource({ type: "sqlite", database: file, enableWAL: true, busyTimeout: 5000 });
      try {
        await expect(plain.initialize()).rejects.toThrow(/SQLITE_BUSY/);
      } finally {
        await release();
        if (plain.isInitialized) await plain.destroy();
      }
    },
  );

  it("is still needed: node-sqlite3's own verbose() wraps the prototypes of the whole process", () => {
    // In a process of its own: the wrapping cannot be undone, and would slow every later test of this file.
    const wrapped = execFileSync(
      process.execPath,
      [
        "-e",
        `const sqlite3 = require("sqlite3");
         const before = [sqlite3.Database.prototype.all, sqlite3.Statement.prototype.all];
         sqlite3.verbose();
         process.stdout.write(JSON.stringify([sqlite3.Database.prototype.all !== before[0], sqlite3.Statement.prototype.all !== before[1]]));`,
      ],
      { cwd: path.join(__dirname, ".."), encoding: "utf8" },
    );
    expect(JSON.parse(wrapped)).toEqual([true, true]);
  });
});

describe("statement durations from TypeORM's query runners (src/platform/adapters/typeorm-query-durations.ts)", () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const observed: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ engine: database.engine, url: database.url }, { entities });
    await dataSource.initialize();
    await migrate(dataSource);
    observeQueryDurations(dataSource, (seconds) => observed.push(seconds));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** How many durations `work` reported. */
  async function durationsOf(work: () => Promise<unknown>): Promise<number> {
    const before = observed.length;
    await work();
    return observed.length - before;
  }

  it("times each statement once, through every way TypeORM runs one", async () => {
    // Several times: the SQLite drivers hand out one runner again and again, which must not be wrapped twice.
    for (let i = 0; i < 3; i++) {
      expect(await durationsOf(() => dataSource.query(`SELECT 1 AS one`))).toBe(1);
      expect(
        await durationsOf(() =>
          dataSource.createQueryBuilder().select("r.code", "code").from("region", "r").getRawMany(),
        ),
      ).toBe(1);
      expect(await durationsOf(() => dataSource.getRepository(Region).find())).toBe(1);
      expect(
        await durationsOf(async () => {
          const runner = dataSource.createQueryRunner();
          try {
            await runner.query(`SELECT 1 AS one`);
          } finally {
            await runner.release();
          }
        }),
      ).toBe(1);
    }
    // A transaction's own statements (BEGIN, COMMIT) run through the runner's `query` too.
    expect(await durationsOf(() => dataSource.transaction((manager) => manager.query(`SELECT 1 AS one`)))).toBe(3);
    expect(observed.every((seconds) => Number.isFinite(seconds) && seconds >= 0)).toBe(true);
  });

  it("times statements that fail as well", async () => {
    expect(
      await durationsOf(() => dataSource.query(`SELECT * FROM no_such_table`).catch((error: unknown) => error)),
    ).toBe(1);
  });
});

/** The part of node-postgres the checks below read (TypeORM types its loaded module as `any`). */
interface PgModule {
  types: {
    builtins: Record<string, number>;
    getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown;
  };
}

describe("portable PostgreSQL types (src/platform/adapters/pg-type-parsers.ts)", () => {
  it("sets the parsers in the registry of the pg module TypeORM loaded, under the date and timestamp OIDs", () => {
    // Constructing the data source loads the driver; nothing connects.
    const dataSource = createDataSource({ engine: "postgres", url: "postgres://nobody@127.0.0.1:1/none" });
    const pg = (dataSource.driver as PostgresDriver).postgres as PgModule;
    // The module every pool of the process parses with: the one `require("pg")` gives.
    expect(pg).toBe(jest.requireActual<PgModule>("pg"));
    expect(pg.types.builtins.DATE).toBe(PG_DATE);
    expect(pg.types.builtins.TIMESTAMP).toBe(PG_TIMESTAMP);
    expect(pg.types.getTypeParser(PG_DATE, "text")("2021-04-22")).toBe("2021-04-22");
    expect(pg.types.getTypeParser(PG_TIMESTAMP, "text")("2021-04-22 10:30:00.123")).toEqual(
      new Date("2021-04-22T10:30:00.123Z"),
    );
  });

  (onPostgres ? it : it.skip)("reads dates as text and timestamps as UTC from PostgreSQL itself", async () => {
    const database = await createTestDatabase("postgres");
    const dataSource = createDataSource({ engine: "postgres", url: database.url });
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query<{ d: unknown; t: unknown }[]>(
        `SELECT DATE '2021-04-22' AS d, TIMESTAMP '2021-04-22 10:30:00.123' AS t`,
      );
      expect(row).toEqual({ d: "2021-04-22", t: new Date("2021-04-22T10:30:00.123Z") });
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
