/**
 * Characters no text of the directory may hold, however a client spells them (raw in JSON, as a JSON escape,
 * or as a GraphQL string escape such as `"\u0000"`): the C0 controls but tab, line feed and carriage return;
 * DEL and the C1 controls; and unpaired UTF-16 surrogates. SQLite reads strings up to their first NUL (so
 * `"slug\u0000junk"` would match `"slug"`), and an unpaired surrogate is stored as U+FFFD, so neither could be
 * found again or exported and imported unchanged. The API and the directory file importer both refuse them
 * through this one rule.
 */
// With the `u` flag a surrogate pair is one code point, so the surrogate range matches unpaired halves only.
// Matching control characters is this expression's purpose.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/u;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

/** The first forbidden character of `text` as `U+0000`, or null when there is none. */
export function forbiddenCharacterIn(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  return match ? hex(match[0].codePointAt(0)!) : null;
}

/** The message for a text holding a forbidden character, the same wherever it is refused. */
export function forbiddenCharacterMessage(character: string): string {
  return `must not contain control characters or unpaired surrogates (found ${character})`;
}
