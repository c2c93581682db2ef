import type { DatabaseEngine } from "../config";
import { BadUserInputError } from "./errors";

export const MAX_SEARCH_TEXT = 200;

/**
 * A LIKE pattern that matches `text` anywhere, case-insensitively, with LIKE's wildcards escaped so a
 * search for `100%` finds that literal text. Use with `containsSql`.
 */
export function containsPattern(text: string, path: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw BadUserInputError.forField(path, "must not be empty");
  if (trimmed.length > MAX_SEARCH_TEXT) {
    throw BadUserInputError.forField(path, `must be at most ${MAX_SEARCH_TEXT} characters`);
  }
  return `%${trimmed.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The condition "`column` contains the `parameter` pattern (from `containsPattern`), ignoring case".
 * PostgreSQL: `ILIKE`, which a pg_trgm GIN index can serve (meeting titles have one) and which folds case
 * for every letter. SQLite: `LOWER(column) LIKE`, where LOWER folds ASCII letters only, so there a search
 * for "perú" does not find "PERÚ" (it does find "Perú").
 */
export function containsSql(engine: DatabaseEngine, column: string, parameter: string): string {
  return engine === "postgres"
    ? `${column} ILIKE :${parameter} ESCAPE '\\'`
    : `LOWER(${column}) LIKE :${parameter} ESCAPE '\\'`;
}
