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
 * Each row's key (SQLite's rowid) is `type * 2^40 + object id * 16 + field`, where `type` numbers the indexed
 * table (1 meeting … 7 series) and `field` its column: the trigger of a row knows its keys without a lookup; type,
 * object and field are read back from the key; and each type's rows are one range of keys, which FTS5 reads
 * straight from its doclists (`titleContains` reads meetings' part of the index, not every agenda item that holds
 * the same trigrams). Within a table keys grow with ids, title and summary side by side, so a multi-row insert
 * (the import) appends to FTS5's pending data in key order: a key lower than the last one makes FTS5 flush what it
 * holds, and keys ordered by field first (all titles, then all summaries) flushed at every row and doubled the
 * import's CPU. PostgreSQL also stores `type * 16 + field` in `field`, leading the GIN index (btree_gin) for the
 * same effect. The numbers are fixed here on purpose (a migration must not change when code does);
 * src/platform/db/search-index.ts repeats them.
 *
 * SQLite drops a table's triggers with the table: a later migration that rebuilds one of these tables
 * (TypeORM's SQLite runner recreates a table to add or change a column) must create its triggers again
 * (`searchTriggersSqlite` below); test/search.e2e.test.ts checks every trigger exists after all migrations.
 *
 * This replaces PostgresTitleSearch's trigram index on meeting.title: `titleContains` uses this index now.
 */

/** 2^40: each type's range of keys; ids up to 2^36 (68 billion), and every key stays below 2^53 (exact in JS). */
const TYPE_UNIT = 1099511627776;

interface IndexedTable {
  table: string;
  type: number;
  /** Each column and its field number within the type (0–15). */
  fields: readonly (readonly [column: string, field: number])[];
}

/** Every indexed field, by table. The numbers are stored in the index: never renumber one. */
export const SEARCH_INDEX_TABLES: readonly IndexedTable[] = [
  {
    table: "meeting",
    type: 1,
    fields: [
      ["title", 0],
      ["summary", 1],
    ],
  },
  {
    table: "agenda_item",
    type: 2,
    fields: [
      ["title", 0],
      ["summary", 1],
    ],
  },
  { table: "topic", type: 3, fields: [["name", 0]] },
  { table: "person", type: 4, fields: [["name", 0]] },
  {
    table: "member",
    type: 5,
    fields: [
      ["name", 0],
      ["short_name", 1],
      ["country_name", 2],
    ],
  },
  {
    table: "organisation",
    type: 6,
    fields: [
      ["name", 0],
      ["short_name", 1],
    ],
  },
  {
    table: "meeting_series",
    type: 7,
    fields: [
      ["name", 0],
      ["short_name", 1],
    ],
  },
];

/** The key of a field of a row, as SQL (`row`: the trigger's `new`/`old`, or a column prefix for a backfill). */
const key = (type: number, row: string, field: number) =>
  `${type} * ${TYPE_UNIT} + CAST(${row}id AS BIGINT) * 16 + ${field}`;

/** SQLite: the insert, update and delete triggers of one table (idempotent: `IF NOT EXISTS`). */
export function searchTriggersSqlite({ table, type, fields }: IndexedTable): string[] {
  const inserts = fields
    .map(
      ([column, field]) =>
        `INSERT INTO search_index (rowid, text) SELECT ${key(type, "new.", field)}, new.${column} WHERE new.${column} IS NOT NULL AND new.${column} <> '';`,
    )
    .join(" ");
  const deletes = `DELETE FROM search_index WHERE rowid IN (${fields.map(([, field]) => key(type, "old.", field)).join(", ")});`;
  const changed = fields.map(([column]) => `old.${column} IS NOT new.${column}`).join(" OR ");
  const columns = fields.map(([column]) => column).join(", ");
  return [
    `CREATE TRIGGER IF NOT EXISTS "search_${table}_insert" AFTER INSERT ON "${table}" BEGIN ${inserts} END`,
    `CREATE TRIGGER IF NOT EXISTS "search_${table}_update" AFTER UPDATE OF ${columns} ON "${table}" WHEN ${changed} BEGIN ${deletes} ${inserts} END`,
    `CREATE TRIGGER IF NOT EXISTS "search_${table}_delete" AFTER DELETE ON "${table}" BEGIN ${deletes} END`,
  ];
}

/** PostgreSQL: one trigger function per table, fired after insert and delete, and after an update that changes text. */
function searchTriggersPostgres({ table, type, fields }: IndexedTable): string[] {
  const rows = fields
    .map(([column, field]) => `(${key(type, "NEW.", field)}, ${type * 16 + field}, NEW.${column})`)
    .join(", ");
  const oldKeys = fields.map(([, field]) => key(type, "OLD.", field)).join(", ");
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
      // FTS5 merges index segments as each transaction writes (default: once 4 wait on a level). Mutations are
      // small transactions, each writing a segment, so at 100,000 meetings the merging made a one-meeting edit cost
      // ~1.4 ms more; waiting for 8 cut that to ~0.4 ms, for ~5% more per search (bench/design-measurements.md).
      await queryRunner.query(`INSERT INTO search_index (search_index, rank) VALUES ('automerge', 8)`);
    }
    for (const indexed of SEARCH_INDEX_TABLES) {
      const { table, type } = indexed;
      for (const [column, field] of indexed.fields) {
        await queryRunner.query(
          postgres
            ? `INSERT INTO search_entry (key, field, text) SELECT ${key(type, "", field)}, ${type * 16 + field}, lower(unaccent(${column})) FROM "${table}" WHERE ${column} IS NOT NULL AND ${column} <> ''`
            : `INSERT INTO search_index (rowid, text) SELECT ${key(type, "", field)}, ${column} FROM "${table}" WHERE ${column} IS NOT NULL AND ${column} <> '' ORDER BY id`,
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
