import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * The full-text search index (src/platform/db/search-index.ts): one row per searchable text field of the
 * directory, kept in sync by triggers on the base tables, so every write path (mutations, import, seed, cascades
 * of foreign keys) updates it in the same transaction. One index per engine serves `search`, `MeetingFilter.text`
 * and `MeetingFilter.titleContains`:
 *
 * - SQLite: an FTS5 table with the `trigram` tokenizer and `remove_diacritics 1`: case- and accent-blind substring
 *   matching ("ramirez" finds "Ramírez", "Miku" finds "Mikuriya"). Contentless (the text lives in the base
 *   tables; snippets are cut from there), with `contentless_delete=1` so rows can be deleted by rowid.
 * - PostgreSQL: a table of `lower(unaccent(text))` with a GIN trigram index (pg_trgm), searched with
 *   `LIKE '%…%'`: the same substring semantics. `unaccent` is not IMMUTABLE, so it cannot sit in an index
 *   expression; the triggers store its result instead.
 *
 * Each row's key (SQLite's rowid) is `field code * 2^36 + object id`: the trigger of a row knows its keys without
 * a lookup, type, object and field are read back from the key, and the rows of one field are one range of keys.
 * FTS5 reads a rowid range straight from its doclists, so a search restricted to some fields (`titleContains`:
 * meeting titles only) reads only their part of the index, not every agenda item that holds the same trigrams.
 * PostgreSQL also stores the code in `field`, leading the GIN index (btree_gin) for the same effect. The codes are
 * fixed here on purpose (a migration must not change when code does); src/platform/db/search-index.ts repeats them.
 *
 * SQLite drops a table's triggers with the table: a later migration that rebuilds one of these tables
 * (TypeORM's SQLite runner recreates a table to add or change a column) must create its triggers again
 * (`searchTriggersSqlite` below); test/search.e2e.test.ts checks every trigger exists after all migrations.
 *
 * This replaces PostgresTitleSearch's trigram index on meeting.title: `titleContains` uses this index now.
 */

/** 2^36: room for 68 billion ids per field, and every key of the 13 fields stays below 2^53 (exact in JS). */
const FIELD_UNIT = 68719476736;

interface IndexedTable {
  table: string;
  fields: readonly (readonly [column: string, code: number])[];
}

/** Every indexed field, by table. Codes are stored in the index: never renumber one. */
export const SEARCH_INDEX_TABLES: readonly IndexedTable[] = [
  {
    table: "meeting",
    fields: [
      ["title", 1],
      ["summary", 2],
    ],
  },
  {
    table: "agenda_item",
    fields: [
      ["title", 3],
      ["summary", 4],
    ],
  },
  { table: "topic", fields: [["name", 5]] },
  { table: "person", fields: [["name", 6]] },
  {
    table: "member",
    fields: [
      ["name", 7],
      ["short_name", 8],
      ["country_name", 9],
    ],
  },
  {
    table: "organisation",
    fields: [
      ["name", 10],
      ["short_name", 11],
    ],
  },
  {
    table: "meeting_series",
    fields: [
      ["name", 12],
      ["short_name", 13],
    ],
  },
];

const key = (row: "new" | "old" | "NEW" | "OLD", code: number) => `${code} * ${FIELD_UNIT} + ${row}.id`;

/** SQLite: the insert, update and delete triggers of one table (idempotent: `IF NOT EXISTS`). */
export function searchTriggersSqlite({ table, fields }: IndexedTable): string[] {
  const inserts = fields
    .map(
      ([column, code]) =>
        `INSERT INTO search_index (rowid, text) SELECT ${key("new", code)}, new.${column} WHERE new.${column} IS NOT NULL AND new.${column} <> '';`,
    )
    .join(" ");
  const deletes = `DELETE FROM search_index WHERE rowid IN (${fields.map(([, code]) => key("old", code)).join(", ")});`;
  const changed = fields.map(([column]) => `old.${column} IS NOT new.${column}`).join(" OR ");
  const columns = fields.map(([column]) => column).join(", ");
  return [
    `CREATE TRIGGER IF NOT EXISTS "search_${table}_insert" AFTER INSERT ON "${table}" BEGIN ${inserts} END`,
    `CREATE TRIGGER IF NOT EXISTS "search_${table}_update" AFTER UPDATE OF ${columns} ON "${table}" WHEN ${changed} BEGIN ${deletes} ${inserts} END`,
    `CREATE TRIGGER IF NOT EXISTS "search_${table}_delete" AFTER DELETE ON "${table}" BEGIN ${deletes} END`,
  ];
}

/** PostgreSQL: one trigger function per table, fired after insert and delete, and after an update that changes text. */
function searchTriggersPostgres({ table, fields }: IndexedTable): string[] {
  const rows = fields.map(([column, code]) => `(${key("NEW", code)}, ${code}, NEW.${column})`).join(", ");
  const oldKeys = fields.map(([, code]) => key("OLD", code)).join(", ");
  const changed = fields.map(([column]) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(" OR ");
  const columns = fields.map(([column]) => column).join(", ");
  return [
    `CREATE FUNCTION "search_sync_${table}"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_entry WHERE key IN (${oldKeys});
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_entry (key, field, text)
        SELECT f.key, f.field, lower(unaccent(f.text)) FROM (VALUES ${rows}) AS f (key, field, text)
        WHERE f.text IS NOT NULL AND f.text <> '';
      END IF;
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER "search_${table}_insert_delete" AFTER INSERT OR DELETE ON "${table}"
     FOR EACH ROW EXECUTE FUNCTION "search_sync_${table}"()`,
    `CREATE TRIGGER "search_${table}_update" AFTER UPDATE OF ${columns} ON "${table}"
     FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION "search_sync_${table}"()`,
  ];
}

export class SearchIndex1765094400000 implements MigrationInterface {
  name = "SearchIndex1765094400000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === "postgres";
    if (postgres) {
      // All three are trusted extensions (PostgreSQL 13+): a database owner may create them without superuser.
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
      await queryRunner.query(`DROP INDEX IF EXISTS "IDX_meeting_title_trgm"`);
      await queryRunner.query(
        `CREATE TABLE search_entry (key bigint PRIMARY KEY, field smallint NOT NULL, text text NOT NULL)`,
      );
      // The field first (btree_gin): a search restricted to some fields reads only their entries.
      await queryRunner.query(
        `CREATE INDEX "IDX_search_entry_text_trgm" ON search_entry USING gin (field, text gin_trgm_ops)`,
      );
    } else {
      await queryRunner.query(
        `CREATE VIRTUAL TABLE search_index USING fts5(text, tokenize = 'trigram remove_diacritics 1', content = '', contentless_delete = 1)`,
      );
    }
    for (const indexed of SEARCH_INDEX_TABLES) {
      for (const [column, code] of indexed.fields) {
        await queryRunner.query(
          postgres
            ? `INSERT INTO search_entry (key, field, text) SELECT ${code} * ${FIELD_UNIT} + id, ${code}, lower(unaccent(${column})) FROM "${indexed.table}" WHERE ${column} IS NOT NULL AND ${column} <> ''`
            : `INSERT INTO search_index (rowid, text) SELECT ${code} * ${FIELD_UNIT} + id, ${column} FROM "${indexed.table}" WHERE ${column} IS NOT NULL AND ${column} <> ''`,
        );
      }
      for (const statement of postgres ? searchTriggersPostgres(indexed) : searchTriggersSqlite(indexed)) {
        await queryRunner.query(statement);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === "postgres";
    for (const { table } of SEARCH_INDEX_TABLES) {
      if (postgres) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS "search_${table}_insert_delete" ON "${table}"`);
        await queryRunner.query(`DROP TRIGGER IF EXISTS "search_${table}_update" ON "${table}"`);
        await queryRunner.query(`DROP FUNCTION IF EXISTS "search_sync_${table}"()`);
      } else {
        for (const operation of ["insert", "update", "delete"]) {
          await queryRunner.query(`DROP TRIGGER IF EXISTS "search_${table}_${operation}"`);
        }
      }
    }
    if (postgres) {
      await queryRunner.query(`DROP TABLE search_entry`);
      // The extensions stay: other objects of the database may use them. The title index comes back.
      await queryRunner.query(`CREATE INDEX "IDX_meeting_title_trgm" ON "meeting" USING gin ("title" gin_trgm_ops)`);
    } else {
      await queryRunner.query(`DROP TABLE search_index`);
    }
  }
}
