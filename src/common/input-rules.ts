import { BadUserInputError } from "./errors";

/** Calendar dates compare correctly as `YYYY-MM-DD` strings. */
export function checkDateOrder(
  start: string | null | undefined,
  end: string | null | undefined,
  endPath: string,
): void {
  if (start && end && end < start)
    throw BadUserInputError.forField(endPath, `must not be before the start date (${start})`);
}

/** Trims a text input; whitespace-only text is refused rather than stored as an empty value. */
export function cleanText(value: string, path: string): string;
export function cleanText(value: string | undefined, path: string): string | undefined;
export function cleanText(value: string | null | undefined, path: string): string | null | undefined;
export function cleanText(value: string | null | undefined, path: string): string | null | undefined {
  if (value === null || value === undefined) return value;
  const trimmed = value.trim();
  if (!trimmed) throw BadUserInputError.forField(path, "must not be blank");
  return trimmed;
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MESSAGE = "must be lower case letters and digits separated by single hyphens";

/** In an update, omitting a field keeps it; `null` would clear it, which a required field refuses. */
export function keepOrSet<T>(value: T | null | undefined, path: string): T | undefined {
  if (value === null) throw BadUserInputError.forField(path, "cannot be null: omit it to keep the current value");
  return value;
}
