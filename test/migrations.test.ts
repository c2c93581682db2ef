import type { DataSource, MigrationInterface, QueryRunner } from "typeorm";
import { Table } from "typeorm";
import { migrations } from "../migrations";
import { InitialSchema1764489600000 } from "../migrations/1764489600000-initial-schema";
import { createDataSource, migrate } from "../src/platform/db/data-source";
import type { TestDatabase } from "./helpers/database";
import { TEST_ENGINE, createTestDatabase, indexNames, onPostgres, tableNames } from "./helpers/database";

const ALL = migrations.map((migration) => new migration().name!);

/** Creates a table, then fails halfway through: nothing of it may remain. */
class HalfDone1799999999999 implements MigrationInterface {
  name = "HalfDone1799999999999";
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({ name: "half_done", columns: [{ name: "id", type: "integer", isPrimary: true }] }),
    );
    await queryRunner.query(`INSERT INTO half_done (id) VALUES (1)`);
    await queryRunner.query(`INSERT INTO no_such_table (id) VALUES (1)`);
  }
  async down(): Promise<void> {}
}

/** The triggers the migrations created (PostgreSQL's internal ones, for foreign keys, left out). */
async function triggerNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === "postgres"
      ? await dataSource.query(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`)
      : await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'trigger'`);
  return rows.map((row) => row.name).sort();
}

describe(`migrations (${TEST_ENGINE})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it("build the whole schema on an empty database and take it all down again", async () => {
    const dataSource = createDataSource({ engine: database.engine, url: database.url });
    await dataSource.initialize();
    try {
      expect(await tableNames(dataSource)).toEqual([]);

      expect(await migrate(dataSource)).toEqual(ALL);
      expect(await tableNames(dataSource)).toHaveLength(25);
      expect(await dataSource.showMigrations()).toBe(false);

      // The entities and the migrations describe the same schema: a generated migration would be empty.
      const drift = await dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);

      for (let i = ALL.length; i > 0; i--) await dataSource.undoLastMigration({ transaction: "each" });
      expect(await tableNames(dataSource)).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(true);

      expect(await migrate(dataSource)).toEqual(ALL);
      expect(await tableNames(dataSource)).toHaveLength(25);
    } finally {
      await dataSource.destroy();
    }
  });

  it("enforce the unique keys the directory relies on", async () => {
    const dataSource = createDataSource({ engine: database.engine, url: database.url });
    await dataSource.initialize();
    try {
      await migrate(dataSource);
      expect(await indexNames(dataSource, "UQ_")).toEqual(
        [
          "UQ_agenda_item_meeting_position",
          "UQ_annual_theme_year",
          "UQ_api_token_hash",
          "UQ_focus_area_pillar_position",
          "UQ_meeting_series_session",
          "UQ_meeting_series_slug",
          "UQ_meeting_slug",
          "UQ_member_iso_code",
          "UQ_organisation_slug",
          "UQ_participation_meeting_person_role",
          "UQ_person_slug",
          "UQ_region_code",
          "UQ_source_title_published_on",
          "UQ_theme_pillar_theme_name",
          "UQ_theme_pillar_theme_position",
          "UQ_topic_name",
          "UQ_translation_entity_field_language",
          "UQ_venue_slug",
        ].sort(),
      );
      await dataSource.query(`INSERT INTO region (code, name, version) VALUES ('EUROPE', 'Europe', 1)`);
      await expect(
        dataSource.query(`INSERT INTO region (code, name, version) VALUES ('EUROPE', 'Again', 1)`),
      ).rejects.toThrow(/UNIQUE|unique constraint/);
      // Unique keys compare exactly on both engines: a slug differing only in case is another slug.
      await dataSource.query(`INSERT INTO region (code, name, version) VALUES ('europe', 'Lower case', 1)`);
      await expect(
        dataSource.query(
          `INSERT INTO member (name, country_name, iso_code, region_id, version) VALUES ('X', 'X', 'XX', 999, 1)`,
        ),
      ).rejects.toThrow(/FOREIGN KEY|foreign key constraint/);
    } finally {
      await dataSource.destroy();
    }
  });

  it("never lose a trigger an earlier migration created (SQLite rebuilds a table to alter it, dropping its triggers)", async () => {
    // Features keep derived rows (search index, activity summary, translation clean-up) in step with triggers.
    // TypeORM alters an SQLite table by copying it into a new one, which silently drops the old table's triggers;
    // a later migration that adds a column would then stop that upkeep without any error. Applied one by one,
    // no migration may remove a trigger that an earlier one created (and none is meant to).
    const triggersSoFar = new Set<string>();
    for (let applied = 1; applied <= migrations.length; applied++) {
      const dataSource = createDataSource(
        { engine: database.engine, url: database.url },
        { migrations: migrations.slice(0, applied) },
      );
      await dataSource.initialize();
      try {
        await migrate(dataSource);
        const present = new Set(await triggerNames(dataSource));
        const lost = [...triggersSoFar].filter((name) => !present.has(name));
        expect({ migration: ALL[applied - 1], lost }).toEqual({ migration: ALL[applied - 1], lost: [] });
        for (const name of present) triggersSoFar.add(name);
      } finally {
        await dataSource.destroy();
      }
    }
    expect(triggersSoFar.size).toBeGreaterThan(0);
  });

  it("roll a failed migration back whole: no table, row or bookkeeping of it remains", async () => {
    const dataSource = createDataSource(
      { engine: database.engine, url: database.url },
      { migrations: [InitialSchema1764489600000, HalfDone1799999999999] },
    );
    await dataSource.initialize();
    try {
      // TypeORM reports the failed migration on the console; keep the test output clean, and check it did.
      const log = jest.spyOn(console, "log").mockImplementation(() => {});
      try {
        await expect(migrate(dataSource)).rejects.toThrow(/no_such_table/);
        expect(log).toHaveBeenCalledWith(expect.stringContaining('Migration "HalfDone1799999999999" failed'));
      } finally {
        log.mockRestore();
      }
      const tables = await tableNames(dataSource);
      expect(tables).not.toContain("half_done");
      expect(tables).toHaveLength(16);
      const applied: { name: string }[] = await dataSource.query(`SELECT name FROM migrations ORDER BY id`);
      expect(applied.map((row) => row.name)).toEqual(["InitialSchema1764489600000"]);
      expect(await dataSource.showMigrations()).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });

  (onPostgres ? it.skip : it)(
    "let the SQLite search index wait for 8 segments before merging (cheaper small writes)",
    async () => {
      const dataSource = createDataSource({ engine: database.engine, url: database.url });
      await dataSource.initialize();
      try {
        await migrate(dataSource);
        const rows: { v: unknown }[] = await dataSource.query(
          `SELECT v FROM search_index_config WHERE k = 'automerge'`,
        );
        expect(rows.map((row) => Number(row.v))).toEqual([8]);
      } finally {
        await dataSource.destroy();
      }
    },
  );

  (onPostgres ? it : it.skip)(
    "index searchable text by trigram on PostgreSQL (pg_trgm over unaccented text), replacing the title index",
    async () => {
      const dataSource = createDataSource({ engine: database.engine, url: database.url });
      await dataSource.initialize();
      try {
        await migrate(dataSource);
        const [index]: { indexdef: string }[] = await dataSource.query(
          `SELECT indexdef FROM pg_indexes WHERE indexname = 'IDX_search_entry_text_trgm'`,
        );
        expect(index?.indexdef).toMatch(/USING gin \(field, text gin_trgm_ops\)/);
        expect(await indexNames(dataSource, "IDX_meeting_title_trgm")).toEqual([]);
        // The planner can serve a substring search from it (here forced: the table is tiny), with the pattern
        // unaccented in the statement itself.
        const session = dataSource.createQueryRunner();
        try {
          await session.query("SET enable_seqscan = off");
          const plan: { "QUERY PLAN": string }[] = await session.query(
            `EXPLAIN SELECT key FROM search_entry WHERE field = 16 AND text LIKE '%' || lower(unaccent($1)) || '%'`,
            ["Perú"],
          );
          expect(plan.map((line) => line["QUERY PLAN"]).join("\n")).toContain("IDX_search_entry_text_trgm");
        } finally {
          await session.release();
        }
      } finally {
        await dataSource.destroy();
      }
    },
  );
});
