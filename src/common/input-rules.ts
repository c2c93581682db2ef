import type { ValidationOptions } from "class-validator";
import { ValidateBy, buildMessage } from "class-validator";
import { BadUserInputError } from "./errors";

/*
 * The rules that make a value storable, findable, exportable and importable: each has its one home here and
 * is applied both by the mutation services and by the directory importer (src/directory/directory-normalise.ts),
 * so that whatever the API accepts, `npm run export` writes and `npm run import` takes back unchanged.
 */

/** Calendar dates compare correctly as `YYYY-MM-DD` strings. */
export function checkDateOrder(
  start: string | null | undefined,
  end: string | null | undefined,
  endPath: string,
): void {
  if (start && end && end < start)
    throw BadUserInputError.forField(endPath, `must not be before the start date (${start})`);
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
 * `@TextLength(1, 300)`: the text, normalised as it will be stored (normaliseText), is `min`–`max` code points
 * long. Use it instead of class-validator's `Length`/`MaxLength` on every free text input.
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
          return length >= min && length <= max;
        },
        defaultMessage: buildMessage(
          (each) => `${each}$property must be $constraint1 to $constraint2 characters long once trimmed`,
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
