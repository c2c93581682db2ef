import type { DatabaseEngine } from "../../config";

/*
 * The full-text search index (migration SearchIndex1765094400000): one row per searchable text field, keyed
 * `type * SEARCH_TYPE_UNIT + object id * 16 + field`, kept in sync by triggers on the base tables. SQLite: FTS5 with
 * the trigram tokenizer (`remove_diacritics 1`); PostgreSQL: `lower(unaccent(text))` under a GIN index on
 * (field code, text trigrams). Both match a term as a case- and accent-blind substring of one field. This module
 * writes the SQL that reads it; the features (search, meetings' `text` and `titleContains`) decide what to do with
 * the keys.
 */

/** 2^40: each type's keys are one range, `[type * unit, (type + 1) * unit)`. */
export const SEARCH_TYPE_UNIT = 1099511627776;

/** A field's code: `type * 16 + field`, as the migration numbers them. Never renumber one. */
export const SearchFieldCode = {
  MEETING_TITLE: 16,
  MEETING_SUMMARY: 17,
  AGENDA_ITEM_TITLE: 32,
  AGENDA_ITEM_SUMMARY: 33,
  TOPIC_NAME: 48,
  PERSON_NAME: 64,
  MEMBER_NAME: 80,
  MEMBER_SHORT_NAME: 81,
  MEMBER_COUNTRY_NAME: 82,
  ORGANISATION_NAME: 96,
  ORGANISATION_SHORT_NAME: 97,
  SERIES_NAME: 112,
  SERIES_SHORT_NAME: 113,
} as const;
export type SearchFieldCode = (typeof SearchFieldCode)[keyof typeof SearchFieldCode];

const ALL_CODES: readonly number[] = Object.values(SearchFieldCode);

/** A key's object id and field code. */
export function splitSearchKey(key: number): { id: number; code: number } {
  const type = Math.floor(key / SEARCH_TYPE_UNIT);
  const rest = key - type * SEARCH_TYPE_UNIT;
  return { id: Math.floor(rest / 16), code: type * 16 + (rest % 16) };
}

/** SQL reading the object id out of a key column. */
const keyIdSql = (key: string): string => `((${key} % ${SEARCH_TYPE_UNIT}) / 16)`;

/** SQL that names parameters TypeORM's way (`:name`), with their values. */
export interface SqlFragment {
  sql: string;
  parameters: Record<string, unknown>;
}

const likeEscaped = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Codes by type: each type is one range of keys, with the fields wanted when not all of its fields are. */
function codesByType(codes: readonly number[]): { type: number; fields: number[] | null }[] {
  const types = [...new Set(codes.map((code) => Math.floor(code / 16)))].sort((a, b) => a - b);
  return types.map((type) => {
    const wanted = codes.filter((code) => Math.floor(code / 16) === type);
    const all = ALL_CODES.filter((code) => Math.floor(code / 16) === type);
    return {
      type,
      fields: all.every((code) => wanted.includes(code))
        ? null
        : [...new Set(wanted.map((code) => code % 16))].sort((a, b) => a - b),
    };
  });
}

/**
 * `SELECT key[, score]` of the index rows whose field contains every term, restricted to `codes` when given.
 * `score` (with `ranked`) is an integer, higher for a better match: SQLite's bm25 and PostgreSQL's trigram
 * similarity, scaled, so a cursor can hold it exactly. `name` prefixes the parameters (several searches in one
 * statement). Each term is bound as a value: SQLite receives it as one FTS5 string (quoted, `""` for `"`), so no
 * FTS operator in it is ever interpreted; PostgreSQL as a LIKE pattern with its wildcards escaped.
 */
export function indexMatchSql(
  engine: DatabaseEngine,
  terms: readonly string[],
  codes: readonly number[] | null,
  name: string,
  ranked = false,
): SqlFragment {
  if (engine === "postgres") {
    const parameters: Record<string, unknown> = {};
    const conditions = terms.map((term, i) => {
      parameters[`${name}T${i}`] = likeEscaped(term);
      return `text LIKE '%' || lower(unaccent(:${name}T${i})) || '%'`;
    });
    if (codes) conditions.unshift(`field IN (${codes.map((c) => Math.trunc(c)).join(", ") || "NULL"})`);
    let score = "";
    if (ranked) {
      parameters[`${name}All`] = terms.join(" ");
      score = `, CAST(similarity(text, lower(unaccent(:${name}All))) * 1e9 AS bigint) AS score`;
    }
    return { sql: `SELECT key${score} FROM search_entry WHERE ${conditions.join(" AND ")}`, parameters };
  }
  const parameters = { [`${name}Q`]: terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(" ") };
  // bm25 is negative, lower for a better match.
  const score = ranked ? ", CAST(-bm25(search_index) * 1e9 AS INTEGER) AS score" : "";
  const select = `SELECT rowid AS key${score} FROM search_index WHERE search_index MATCH :${name}Q`;
  if (!codes) return { sql: select, parameters };
  // One bounded read of the index per type: FTS5 seeks a rowid range in its doclists.
  const types = codesByType(codes);
  if (types.length === 0) return { sql: `${select} AND 0`, parameters };
  return {
    sql: types
      .map(
        ({ type, fields }) =>
          `${select} AND rowid >= ${type * SEARCH_TYPE_UNIT} AND rowid < ${(type + 1) * SEARCH_TYPE_UNIT}` +
          (fields ? ` AND rowid % 16 IN (${fields.join(", ")})` : ""),
      )
      .join(" UNION ALL "),
    parameters,
  };
}

/** `SELECT id` of the objects (of the types of `codes`) that have a field containing every term. */
export function indexIdsSql(
  engine: DatabaseEngine,
  terms: readonly string[],
  codes: readonly number[],
  name: string,
): SqlFragment {
  const match = indexMatchSql(engine, terms, codes, name);
  return {
    sql: `SELECT ${keyIdSql("key")} AS id FROM (${match.sql}) ${name}Hits`,
    parameters: match.parameters,
  };
}
