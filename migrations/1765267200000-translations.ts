import type { MigrationInterface, QueryRunner } from "typeorm";
import { Table, TableIndex } from "typeorm";

/*
 * Translations (src/modules/translation): one row per (entity type, entity id, field, language). No foreign key
 * (the entity id points into a different table for each entity type); instead, a trigger on each translatable
 * table deletes an object's translations when the object is deleted, by whatever path: a mutation, a cascade
 * of a foreign key (a meeting's agenda items), a directory import restating an agenda. Focus areas are rows of
 * their own, translated as the field `focusAreas.<position>` of their pillar: their trigger deletes that one. A
 * nullable text set to null loses its translations too (NULLABLE_TRANSLATED_COLUMNS).
 *
 * Self-contained (type names and tables written out), so that the migration never changes when entity code
 * does. CAUTION for later migrations: SQLite drops a table's triggers with the table, and TypeORM's SQLite
 * query runner rebuilds a table (create, copy, drop, rename) to change a column or add a foreign key. A later
 * migration that rebuilds one of these tables must create its triggers again (`createTranslationCleanup` and
 * `createTranslationClearedCleanup`, below); test/translations.e2e.test.ts fails if any is missing.
 */

/** The translatable tables and the GraphQL type their rows are translations of. */
export const TRANSLATED_TABLES: Readonly<Record<string, string>> = {
  region: "Region",
  member: "Member",
  organisation: "Organisation",
  meeting: "Meeting",
  agenda_item: "AgendaItem",
  topic: "Topic",
  annual_theme: "AnnualTheme",
  theme_pillar: "ThemePillar",
  meeting_series: "MeetingSeries",
  venue: "Venue",
};

const FOCUS_AREA_TABLE = "theme_pillar_focus_area";

/**
 * The nullable translatable columns, by table: [column, field]. A translation is of a text; when the text is
 * cleared (set to null), its translations go, so that no translation of nothing is kept (and exported, and then
 * refused by the import, which refuses what the mutation refuses).
 */
export const NULLABLE_TRANSLATED_COLUMNS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  member: [["short_name", "shortName"]],
  organisation: [
    ["short_name", "shortName"],
    ["country_name", "countryName"],
  ],
  meeting: [["summary", "summary"]],
  agenda_item: [["summary", "summary"]],
  meeting_series: [
    ["short_name", "shortName"],
    ["description", "description"],
  ],
  venue: [["city", "city"]],
};

const clearedTriggerName = (table: string, column: string) => `TRG_translation_cleared_${table}_${column}`;

/** Creates the triggers that delete the translations of `table`'s nullable texts when they are cleared. */
export async function createTranslationClearedCleanup(queryRunner: QueryRunner, table: string): Promise<void> {
  const postgres = queryRunner.connection.driver.options.type === "postgres";
  const entityType = TRANSLATED_TABLES[table];
  if (entityType === undefined) throw new Error(`${table} is no translatable table`);
  for (const [column, field] of NULLABLE_TRANSLATED_COLUMNS[table] ?? []) {
    const trigger = clearedTriggerName(table, column);
    if (postgres) {
      await queryRunner.query(
        `CREATE TRIGGER "${trigger}" AFTER UPDATE OF "${column}" ON "${table}" FOR EACH ROW WHEN (NEW."${column}" IS NULL) ` +
          `EXECUTE FUNCTION translation_cleared('${entityType}', '${field}')`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER "${trigger}" AFTER UPDATE OF "${column}" ON "${table}" FOR EACH ROW WHEN NEW."${column}" IS NULL BEGIN ` +
          `DELETE FROM "translation" WHERE "entity_type" = '${entityType}' AND "entity_id" = OLD."id" AND "field" = '${field}'; END`,
      );
    }
  }
}

const triggerName = (table: string) => `TRG_translation_cleanup_${table}`;

/** Creates the trigger that deletes the translations of a deleted row of `table` (one of TRANSLATED_TABLES). */
export async function createTranslationCleanup(queryRunner: QueryRunner, table: string): Promise<void> {
  const postgres = queryRunner.connection.driver.options.type === "postgres";
  const trigger = triggerName(table);
  if (table === FOCUS_AREA_TABLE) {
    if (postgres) {
      await queryRunner.query(
        `CREATE TRIGGER "${trigger}" AFTER DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION translation_cleanup_focus_area()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER "${trigger}" AFTER DELETE ON "${table}" FOR EACH ROW BEGIN ` +
          `DELETE FROM "translation" WHERE "entity_type" = 'ThemePillar' AND "entity_id" = OLD."pillar_id" ` +
          `AND "field" = 'focusAreas.' || OLD."position"; END`,
      );
    }
    return;
  }
  const entityType = TRANSLATED_TABLES[table];
  if (entityType === undefined) throw new Error(`${table} is no translatable table`);
  if (postgres) {
    await queryRunner.query(
      `CREATE TRIGGER "${trigger}" AFTER DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION translation_cleanup('${entityType}')`,
    );
  } else {
    await queryRunner.query(
      `CREATE TRIGGER "${trigger}" AFTER DELETE ON "${table}" FOR EACH ROW BEGIN ` +
        `DELETE FROM "translation" WHERE "entity_type" = '${entityType}' AND "entity_id" = OLD."id"; END`,
    );
  }
}

export class Translations1765267200000 implements MigrationInterface {
  name = "Translations1765267200000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const types = queryRunner.connection.driver.mappedDataTypes;
    await queryRunner.createTable(
      new Table({
        name: "translation",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "entity_type", type: "varchar", length: "40" },
          { name: "entity_id", type: "integer" },
          { name: "field", type: "varchar", length: "40" },
          { name: "language", type: "varchar", length: "8" },
          { name: "text", type: "text" },
          { name: "created_at", type: String(types.createDate), default: types.createDateDefault },
          { name: "updated_at", type: String(types.updateDate), default: types.updateDateDefault },
          { name: "version", type: "integer" },
        ],
        indices: [
          new TableIndex({
            name: "UQ_translation_entity_field_language",
            columnNames: ["entity_type", "entity_id", "field", "language"],
            isUnique: true,
          }),
        ],
      }),
      false,
      true,
      true,
    );
    if (queryRunner.connection.driver.options.type === "postgres") {
      await queryRunner.query(
        `CREATE FUNCTION translation_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `DELETE FROM "translation" WHERE "entity_type" = TG_ARGV[0] AND "entity_id" = OLD."id"; RETURN NULL; END $$`,
      );
      await queryRunner.query(
        `CREATE FUNCTION translation_cleared() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `DELETE FROM "translation" WHERE "entity_type" = TG_ARGV[0] AND "entity_id" = OLD."id" AND "field" = TG_ARGV[1]; ` +
          `RETURN NULL; END $$`,
      );
      await queryRunner.query(
        `CREATE FUNCTION translation_cleanup_focus_area() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `DELETE FROM "translation" WHERE "entity_type" = 'ThemePillar' AND "entity_id" = OLD."pillar_id" ` +
          `AND "field" = 'focusAreas.' || OLD."position"; RETURN NULL; END $$`,
      );
    }
    for (const table of [...Object.keys(TRANSLATED_TABLES), FOCUS_AREA_TABLE])
      await createTranslationCleanup(queryRunner, table);
    for (const table of Object.keys(NULLABLE_TRANSLATED_COLUMNS))
      await createTranslationClearedCleanup(queryRunner, table);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === "postgres";
    for (const [table, columns] of Object.entries(NULLABLE_TRANSLATED_COLUMNS)) {
      for (const [column] of columns) {
        const trigger = clearedTriggerName(table, column);
        await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"${postgres ? ` ON "${table}"` : ""}`);
      }
    }
    for (const table of [...Object.keys(TRANSLATED_TABLES), FOCUS_AREA_TABLE]) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${triggerName(table)}"${postgres ? ` ON "${table}"` : ""}`);
    }
    if (postgres) {
      await queryRunner.query(`DROP FUNCTION IF EXISTS translation_cleanup_focus_area()`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS translation_cleared()`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS translation_cleanup()`);
    }
    await queryRunner.dropTable("translation", true, true, true);
  }
}
