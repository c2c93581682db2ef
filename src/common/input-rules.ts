import type { GraphQLScalarType } from "graphql";
import { GraphQLError } from "graphql";
import type { ValidationOptions } from "class-validator";
import { ValidateBy, buildMessage } from "class-validator";
import type { FieldProblem } from "./errors";
import { BadUserInputError } from "./errors";

/*
 * The rules that make a value storable, findable, exportable and importable: each has its one home here and
 * is applied both by the mutation services and by the directory importer (src/modules/directory/directory-normalise.ts),
 * so that whatever the API accepts, `npm run export` writes and `npm run import` takes back unchanged.
 */

/*
 * Rules are pure functions returning FieldProblems (path and message), so that a mutation, which refuses its
 * input at the first rule broken (`refuseIf`), and the importer, which lists every problem of a whole file,
 * apply the same rule and answer with the same message. The rules of one feature, with its length limits, live
 * in src/modules/<feature>/<feature>.rules.ts; those shared by several features live here.
 */

/**
 * Refuses the input (BAD_USER_INPUT) when a rule found problems: a single problem is named in the message
 * (`input.endDate: must not be …`), several are listed under `summary`.
 */
export function refuseIf(problems: readonly FieldProblem[], summary?: string): void {
  if (!problems.length) return;
  const [first] = problems;
  if (problems.length === 1 && summary === undefined) throw BadUserInputError.forField(first!.path, first!.message);
  throw new BadUserInputError(
    summary ?? `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    [...problems],
  );
}

/** Refuses the input (BAD_USER_INPUT) with the one problem a rule found, naming its field. */
export function refuse(problem: FieldProblem): never {
  throw BadUserInputError.forField(problem.path, problem.message);
}

/** An end before its start (meetings, appointments); calendar dates compare correctly as `YYYY-MM-DD` strings. */
export function dateOrderProblems(
  start: string | null | undefined,
  end: string | null | undefined,
  endPath: string,
): FieldProblem[] {
  return start && end && end < start
    ? [{ path: endPath, message: `must not be before the start date (${start})` }]
    : [];
}

/** dateOrderProblems, refused at once (for mutations). */
export function checkDateOrder(
  start: string | null | undefined,
  end: string | null | undefined,
  endPath: string,
): void {
  refuseIf(dateOrderProblems(start, end, endPath));
}

/** What is wrong with an item that a list names again: a list of references names each thing once. */
export const LISTED_TWICE_MESSAGE = "is listed twice";

/**
 * The items of `items` whose key an earlier item already has, each as `problemOf(item, index, earlier)`: the
 * one rule behind every natural key that must be unique (a slug, an ISO code, a pillar's name within its theme)
 * and every list that names each thing once (speakers, topics, sources).
 */
export function repeatedKeyProblems<T, K>(
  items: readonly T[] | null | undefined,
  keyOf: (item: T) => K,
  problemOf: (item: T, index: number, earlier: T) => FieldProblem,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Most lists of a directory file (an item's speakers, its topics) hold one entry: nothing to compare.
  if (!items || items.length < 2) return problems;
  const seen = new Map<K, T>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const key = keyOf(item);
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, item);
    else problems.push(problemOf(item, i, earlier));
  }
  return problems;
}

/** The items of a list of references that name an earlier item's target again (`speakers[2]: is listed twice`). */
export function listedTwiceProblems<T>(
  items: readonly T[],
  listPath: string,
  keyOf: (item: T) => unknown = (item) => item,
): FieldProblem[] {
  return repeatedKeyProblems(items, keyOf, (_item, i) => ({
    path: `${listPath}[${i}]`,
    message: LISTED_TWICE_MESSAGE,
  }));
}

/**
 * What one of the schema's scalars (src/common/scalars.ts: dates, country codes, time zones) says about a
 * value it refuses, or null when it takes it. The importer asks the scalar itself, so that a date, an ISO code
 * or a zone is refused in a directory file exactly when, and with the words with which, the API refuses it.
 */
export function scalarProblem(scalar: GraphQLScalarType, value: unknown): string | null {
  try {
    scalar.parseValue(value);
    return null;
  } catch (error) {
    if (error instanceof GraphQLError) return error.message;
    throw error;
  }
}

/** Printable ASCII without surrounding spaces: already normalised, so most texts skip the work below. */
const PLAIN_TEXT = /^[!-~](?:[ -~]*[!-~])?$/;

/**
 * A text as it is stored: in Unicode normalisation form C, so that `é` typed as one character or as `e` plus
 * a combining accent is the same name (and the same natural key: pillar, topic, source title), and without
 * surrounding whitespace, which no one means and which would make `Peru` and `Peru ` two different keys.
 */
export function normaliseText(text: string): string {
  return PLAIN_TEXT.test(text) ? text : text.normalize("NFC").trim();
}

/** What is wrong with a text that is empty once normalised: the same message from the API and the importer. */
export const BLANK_TEXT_MESSAGE = "must not be blank";

/** Normalises a text input (normaliseText); whitespace-only text is refused rather than stored as an empty value. */
export function cleanText(value: string, path: string): string;
export function cleanText(value: string | undefined, path: string): string | undefined;
export function cleanText(value: string | null | undefined, path: string): string | null | undefined;
export function cleanText(value: string | null | undefined, path: string): string | null | undefined {
  if (value === null || value === undefined) return value;
  const normalised = normaliseText(value);
  if (!normalised) throw BadUserInputError.forField(path, BLANK_TEXT_MESSAGE);
  return normalised;
}

/**
 * How long a text is, as PostgreSQL's `varchar(n)` and the directory file's JSON Schema (Ajv's `maxLength`)
 * count: in code points. class-validator's `Length` does not count variation selectors (the U+FE0F of `❤️`),
 * so it let through titles PostgreSQL then refused and an export held that the import refused.
 */
export function textLength(text: string): number {
  return text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "_").length;
}

/**
 * What is wrong with a text (`field`) of the wrong length: the words of `@TextLength`, which the importer uses
 * for the same limits in a directory file. A list's items are refused as class-validator words it: `each value
 * in topics must be …`.
 */
export function textLengthMessage(field: string, min: number, max: number, each = false): string {
  return `${each ? "each value in " : ""}${field} must be ${min} to ${max} characters long once trimmed`;
}

/**
 * `@TextLength(1, MEETING_LIMITS.title)`: the text, normalised as it will be stored (normaliseText), is
 * `min`–`max` code points long. Use it instead of class-validator's `Length`/`MaxLength` on every text input,
 * with the limit of the feature's rules module (which the column and the directory file's JSON Schema use too).
 *
 * A text that is blank once trimmed passes here: `cleanText`, which every mutation applies to its free texts,
 * refuses it as `must not be blank` at the path of the very item (`input.topics[2]`), as the importer does; a
 * blank slug, code, language tag or URL is refused by its pattern, as in a directory file.
 */
export function TextLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: "textLength",
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== "string") return false;
          const length = textLength(normaliseText(value));
          return length === 0 || (length >= min && length <= max);
        },
        defaultMessage: buildMessage(
          (each, args) => textLengthMessage(args?.property ?? "value", min, max, each !== ""),
          options,
        ),
      },
    },
    options,
  );
}

/**
 * ISO 3166-1 alpha-2 codes are stored in upper case, as the standard writes them and as `member(isoCode:)` and
 * the directory file look them up: `gt` is Guatemala's `GT`, never a second Member beside it.
 */
export function normaliseIsoCode(code: string): string {
  return /^[A-Z]{2}$/.test(code) ? code : code.trim().toUpperCase();
}

/**
 * URLs are texts (normaliseText) whose scheme is stored in lower case: `HTTPS://` and `https://` are the same
 * scheme (RFC 3986, 3.1), and the directory file accepts only the lower-case spelling.
 */
export function normaliseUrl(url: string): string {
  const text = normaliseText(url);
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(text);
  return scheme ? scheme[0].toLowerCase() + text.slice(scheme[0].length) : text;
}

const zoneSpellings = new Map<string, string>();

/**
 * An IANA time zone as the runtime spells it (`america/lima` → `America/Lima`); unknown zones are returned
 * unchanged for validation to refuse. Only the case is corrected: an alias (`US/Eastern`) stays the zone the
 * caller named, since which alias the runtime prefers changes with its ICU version.
 */
export function normaliseTimeZone(zone: string): string {
  let spelling = zoneSpellings.get(zone);
  if (spelling === undefined) {
    spelling = zone;
    try {
      const resolved = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
      if (resolved.toLowerCase() === zone.toLowerCase()) spelling = resolved;
    } catch {
      // Not a zone: left for validation to refuse with its own message.
    }
    if (zoneSpellings.size < 10_000) zoneSpellings.set(zone, spelling);
  }
  return spelling;
}

/**
 * `YYYY-MM-DD` naming a day that exists, from 0001-01-01: PostgreSQL's `date` has no year 0, so `0000-01-01`
 * (which JavaScript's proleptic calendar accepts) could be stored on SQLite but not on PostgreSQL.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith("0000")) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MESSAGE = "must be lower case letters and digits separated by single hyphens";

/** In an update, omitting a field keeps it; `null` would clear it, which a required field refuses. */
export function keepOrSet<T>(value: T | null | undefined, path: string): T | undefined {
  if (value === null) throw BadUserInputError.forField(path, "cannot be null: omit it to keep the current value");
  return value;
}
