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

/** Words and phrases of a full-text search shorter than this cannot be matched by the index (trigrams). */
export const MIN_SEARCH_TERM = 3;
/** Most words and phrases one search combines: each is one condition on the index. */
export const MAX_SEARCH_TERMS = 8;

const codePoints = (text: string): number => Array.from(text).length;

/**
 * The words and phrases of a full-text search text. Double quotes group a phrase ("heads of customs"); every other
 * character is literal text, FTS operators included (`*`, `-`, `:`, `^`, parentheses, NEAR, AND/OR/NOT): the index
 * receives each term quoted. Words shorter than MIN_SEARCH_TERM characters are left out (the trigram index cannot
 * look them up); a text that keeps none, is empty, or is longer than MAX_SEARCH_TEXT is BAD_USER_INPUT on `path`.
 */
export function searchTerms(text: string, path: string): string[] {
  const trimmed = text.normalize("NFKC").trim();
  if (trimmed.length === 0) throw BadUserInputError.forField(path, "must not be empty");
  if (codePoints(trimmed) > MAX_SEARCH_TEXT) {
    throw BadUserInputError.forField(path, `must be at most ${MAX_SEARCH_TEXT} characters`);
  }
  const terms: string[] = [];
  trimmed.split('"').forEach((part, index) => {
    // Odd parts sit between quotes (an unclosed quote runs to the end): a phrase, its spacing normalised.
    const pieces = index % 2 === 1 ? [part.trim().replace(/\s+/g, " ")] : part.split(/\s+/);
    for (const piece of pieces) {
      if (codePoints(piece) >= MIN_SEARCH_TERM && !terms.includes(piece)) terms.push(piece);
    }
  });
  if (terms.length === 0) {
    throw BadUserInputError.forField(
      path,
      `must contain a word or quoted phrase of at least ${MIN_SEARCH_TERM} characters (shorter words are ignored)`,
    );
  }
  if (terms.length > MAX_SEARCH_TERMS) {
    throw BadUserInputError.forField(path, `must contain at most ${MAX_SEARCH_TERMS} words or quoted phrases`);
  }
  return terms;
}

/**
 * `titleContains`'s text, trimmed and checked like a LIKE pattern's (`containsPattern`); null when it is too short
 * for the search index, which then leaves it to a scan.
 */
export function containsTerm(text: string, path: string): string | null {
  const trimmed = text.normalize("NFKC").trim();
  containsPattern(trimmed, path);
  return codePoints(trimmed) >= MIN_SEARCH_TERM ? trimmed : null;
}

/** Case and accents folded away, as the index folds them: "Treviño" → "trevino". */
const fold = (text: string): string => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Longest snippet, in characters, before it is cut around the first match. */
export const SNIPPET_LENGTH = 160;
const SNIPPET_LEAD = 50;

/**
 * `text` HTML-escaped, with `<mark>…</mark>` around every place a term matches it (case- and accent-blind, as the
 * index matches); a text longer than SNIPPET_LENGTH is cut to a window that starts a little before the first match,
 * with "…" where it was cut. Computed here, from the stored text, so both engines give the same snippet.
 */
export function highlight(text: string, terms: readonly string[]): string {
  // The folded text, and for each of its UTF-16 units the span of the original text it came from.
  let folded = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of text) {
    const piece = fold(char);
    for (let i = 0; i < piece.length; i++) {
      starts.push(offset);
      ends.push(offset + char.length);
    }
    folded += piece;
    offset += char.length;
  }
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = fold(term);
    if (!needle) continue;
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) {
      ranges.push([starts[at]!, ends[at + needle.length - 1]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  let from = 0;
  let to = text.length;
  if (text.length > SNIPPET_LENGTH) {
    from = Math.max(0, Math.min((merged[0]?.[0] ?? 0) - SNIPPET_LEAD, text.length - SNIPPET_LENGTH));
    to = Math.min(text.length, from + SNIPPET_LENGTH);
    // Never cut a surrogate pair in half.
    if (/[\uDC00-\uDFFF]/.test(text[from] ?? "")) from--;
    if (/[\uDC00-\uDFFF]/.test(text[to] ?? "")) to++;
  }
  let snippet = from > 0 ? "…" : "";
  let at = from;
  for (const [start, end] of merged) {
    if (end <= from || start >= to) continue;
    const markFrom = Math.max(start, from);
    const markTo = Math.min(end, to);
    snippet += `${escapeHtml(text.slice(at, markFrom))}<mark>${escapeHtml(text.slice(markFrom, markTo))}</mark>`;
    at = markTo;
  }
  snippet += escapeHtml(text.slice(at, to));
  return to < text.length ? `${snippet}…` : snippet;
}
