import type { DatabaseEngine } from "../../config";

/*
 * The full-text search index (migration SearchIndex1765094400000): one row per searchable text field, keyed
 * `field code * SEARCH_FIELD_UNIT + object id`, kept in sync by triggers on the base tables. SQLite: FTS5 with the
 * trigram tokenizer (`remove_diacritics 1`); PostgreSQL: `lower(unaccent(text))` under a GIN index on
 * (field, text trigrams). Both match a term as a case- and accent-blind substring of one field. This module writes
 * the SQL that reads it; the features (search, meetings' `text` and `titleContains`) decide what to do with the keys.
 */

/** 2^36: each field's keys are one range, `[code * unit, (code + 1) * unit)`. */
export const SEARCH_FIELD_UNIT = 68719476736;

/** The field codes the migration stores in each key. Never renumber one. */
export const SearchFieldCode = {
  MEETING_TITLE: 1,
  MEETING_SUMMARY: 2,
  AGENDA_ITEM_TITLE: 3,
  AGENDA_ITEM_SUMMARY: 4,
  TOPIC_NAME: 5,
  PERSON_NAME: 6,
  MEMBER_NAME: 7,
  MEMBER_SHORT_NAME: 8,
  MEMBER_COUNTRY_NAME: 9,
  ORGANISATION_NAME: 10,
  ORGANISATION_SHORT_NAME: 11,
  SERIES_NAME: 12,
  SERIES_SHORT_NAME: 13,
} as const;
export type SearchFieldCode = (typeof SearchFieldCode)[keyof typeof SearchFieldCode];

/** A key's object id and field code. */
export const splitSearchKey = (key: number): { id: number; code: number } => ({
  id: key % SEARCH_FIELD_UNIT,
  code: Math.floor(key / SEARCH_FIELD_UNIT),
});

/** SQL that names parameters TypeORM's way (`:name`), with their values. */
export interface SqlFragment {
  sql: string;
  parameters: Record<string, unknown>;
}

const likeEscaped = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Codes as runs of consecutive codes, `[first, last]`: each run is one range of keys. */
function codeRuns(codes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const code of [...new Set(codes.map((c) => Math.trunc(c)))].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && code === last[1] + 1) last[1] = code;
    else runs.push([code, code]);
  }
  return runs;
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
  // One bounded read of the index per run of fields: FTS5 seeks a rowid range in its doclists.
  const runs = codeRuns(codes);
  if (runs.length === 0) return { sql: `${select} AND 0`, parameters };
  return {
    sql: runs
      .map(
        ([first, last]) =>
          `${select} AND rowid >= ${first * SEARCH_FIELD_UNIT} AND rowid < ${(last + 1) * SEARCH_FIELD_UNIT}`,
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
    sql: `SELECT key % ${SEARCH_FIELD_UNIT} AS id FROM (${match.sql}) ${name}Hits`,
    parameters: match.parameters,
  };
}
