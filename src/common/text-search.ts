import { BadUserInputError } from "./errors";

export const MAX_SEARCH_TEXT = 200;

/**
 * A LIKE pattern that matches `text` anywhere, case-insensitively, with LIKE's wildcards escaped so a
 * search for `100%` finds that literal text. Use with `LOWER(column) LIKE :pattern ESCAPE '\'`.
 */
export function containsPattern(text: string, path: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw BadUserInputError.forField(path, "must not be empty");
  if (trimmed.length > MAX_SEARCH_TEXT) {
    throw BadUserInputError.forField(path, `must be at most ${MAX_SEARCH_TEXT} characters`);
  }
  return `%${trimmed.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
