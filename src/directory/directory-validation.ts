import { forbiddenCharacterIn, forbiddenCharacterMessage } from "../common/control-characters";
import type { FieldProblem } from "../common/errors";
import { isCalendarDate } from "../common/input-rules";
import type { ErrorObject } from "ajv";
import Ajv from "ajv";
import type { DirectoryFile } from "./directory-file";
import { directoryFileSchema } from "./directory-file";
import { normaliseDirectoryFile } from "./directory-normalise";

/** The file breaks the format or its own rules; `problems` says where (`meetings[0].agenda[2].kind`). */
export class DirectoryValidationError extends Error {
  override readonly name = "DirectoryValidationError";

  constructor(readonly problems: FieldProblem[]) {
    super(
      `The directory file is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}): ` +
        problems
          .slice(0, 5)
          .map((p) => `${p.path}: ${p.message}`)
          .join("; "),
    );
  }
}

const timeZones = new Map<string, boolean>();

/** Whether the runtime knows the IANA zone; cached, since a large file names the same few zones often. */
function isValidTimeZone(zone: string): boolean {
  let valid = timeZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    timeZones.set(zone, valid);
  }
  return valid;
}

function duplicates<T>(items: T[] | undefined, keyOf: (item: T) => string, path: string, what: string): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  (items ?? []).forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) problems.push({ path: `${path}[${i}]`, message: `duplicate ${what} ${key}` });
    seen.add(key);
  });
  return problems;
}

/** Rules that one record, or one file, can break on its own: checked before any database access. */
function checkFileRules(file: DirectoryFile): FieldProblem[] {
  const problems: FieldProblem[] = [
    ...duplicates(file.regions, (r) => r.code, "regions", "region code"),
    ...duplicates(file.organisations, (o) => o.slug, "organisations", "organisation slug"),
    ...duplicates(file.members, (m) => m.isoCode, "members", "ISO code"),
    ...duplicates(file.people, (p) => p.slug, "people", "person slug"),
    ...duplicates(file.themes, (t) => String(t.year), "themes", "theme year"),
    ...duplicates(file.sources, (s) => `${s.title} (${s.publishedOn})`, "sources", "source"),
    ...duplicates(file.meetings, (m) => m.slug, "meetings", "meeting slug"),
  ];
  const checkDates = (path: string, start?: string | null, end?: string | null) => {
    if (start && !isCalendarDate(start))
      problems.push({ path: `${path}.startDate`, message: "is not a calendar date" });
    if (end && !isCalendarDate(end)) problems.push({ path: `${path}.endDate`, message: "is not a calendar date" });
    if (start && end && end < start)
      problems.push({ path: `${path}.endDate`, message: "must not be before startDate" });
  };
  file.people?.forEach((person, i) =>
    person.appointments?.forEach((appointment, j) => {
      const path = `people[${i}].appointments[${j}]`;
      if (appointment.member && appointment.organisation) {
        problems.push({ path, message: "name either a member or an organisation, not both" });
      }
      checkDates(path, appointment.startDate, appointment.endDate);
    }),
  );
  file.themes?.forEach((theme, i) =>
    problems.push(...duplicates(theme.pillars, (p) => p.name, `themes[${i}].pillars`, "pillar name")),
  );
  file.sources?.forEach((source, i) => {
    if (!isCalendarDate(source.publishedOn))
      problems.push({ path: `sources[${i}].publishedOn`, message: "is not a calendar date" });
  });
  file.meetings?.forEach((meeting, i) => {
    const path = `meetings[${i}]`;
    checkDates(path, meeting.startDate, meeting.endDate);
    if (meeting.timezone && !isValidTimeZone(meeting.timezone)) {
      problems.push({ path: `${path}.timezone`, message: `"${meeting.timezone}" is not an IANA time zone` });
    }
    problems.push(
      ...duplicates(meeting.participants, (p) => `${p.person}/${p.role}`, `${path}.participants`, "participation"),
    );
    problems.push(...duplicates(meeting.sources, (s) => `${s.title} (${s.publishedOn})`, `${path}.sources`, "source"));
    const participants = new Set((meeting.participants ?? []).map((p) => p.person));
    meeting.agenda?.forEach((item, j) => {
      problems.push(
        ...duplicates(
          item.speakers.map((s) => ({ s })),
          (x) => x.s,
          `${path}.agenda[${j}].speakers`,
          "speaker",
        ),
      );
      problems.push(
        ...duplicates(
          item.topics.map((t) => ({ t })),
          (x) => x.t,
          `${path}.agenda[${j}].topics`,
          "topic",
        ),
      );
      item.speakers.forEach((speaker, k) => {
        if (meeting.participants && !participants.has(speaker)) {
          problems.push({
            path: `${path}.agenda[${j}].speakers[${k}]`,
            message: `${speaker} is not a participant of the meeting`,
          });
        }
      });
    });
  });
  return problems;
}

const validateShape = new Ajv({ allErrors: true, strict: true }).compile<DirectoryFile>(directoryFileSchema);

/** `/meetings/3/agenda/0/kind` → `meetings[3].agenda[0].kind`, the path style every error here uses. */
function pathOf(error: ErrorObject): string {
  const segments = error.instancePath.split("/").slice(1);
  if (error.keyword === "additionalProperties") segments.push(String(error.params.additionalProperty));
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  return segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    "",
  );
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === "additionalProperties") return "is not a field of this record";
  if (error.keyword === "required") return "is required";
  if (error.keyword === "enum") return `must be one of ${(error.params.allowedValues as string[]).join(", ")}`;
  return error.message ?? "is invalid";
}

/**
 * Turns parsed JSON into a validated DirectoryFile, or throws DirectoryValidationError listing every
 * problem found. Unknown fields are errors, not silently dropped: a typo must not lose data. Texts, ISO codes,
 * URLs and time zones are first normalised in place by the API's own rules (src/directory/directory-normalise.ts).
 */
export function validateDirectoryFile(input: unknown): DirectoryFile {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new DirectoryValidationError([{ path: "", message: "a directory file is a JSON object" }]);
  }
  // Before normalising: trimming must not quietly drop a control character (a vertical tab) the API refuses.
  const characterProblems = forbiddenCharacters(input);
  if (characterProblems.length) throw new DirectoryValidationError(characterProblems);
  const blankTexts = normaliseDirectoryFile(input);
  if (!validateShape(input)) {
    const errors = validateShape.errors ?? [];
    // With `nullable`, Ajv reports a wrong type twice; keep one problem per path and message. A blank text
    // is reported once, as blank, not again as too short.
    const seen = new Set<string>(blankTexts.map((problem) => problem.path));
    const problems = errors
      .map((error) => ({ path: pathOf(error), message: messageOf(error) }))
      .filter(
        (problem) =>
          !seen.has(problem.path) &&
          !seen.has(`${problem.path}\u0000${problem.message}`) &&
          seen.add(`${problem.path}\u0000${problem.message}`),
      );
    throw new DirectoryValidationError([...blankTexts, ...problems].slice(0, 100));
  }
  if (blankTexts.length) throw new DirectoryValidationError(blankTexts);
  const ruleProblems = checkFileRules(input);
  if (ruleProblems.length) throw new DirectoryValidationError(ruleProblems.slice(0, 100));
  return input;
}

/**
 * Every text of the file that holds a control character or an unpaired surrogate (the API's rule, from
 * src/common/control-characters.ts: such text could not be found, exported and imported unchanged), as
 * problems with their paths; the first 100. Walked without recursion: a file may hold 100,000 meetings.
 */
function forbiddenCharacters(file: object): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: file, path: "" }];
  while (pending.length && problems.length < 100) {
    const { value, path } = pending.pop()!;
    if (typeof value === "string") {
      const character = forbiddenCharacterIn(value);
      if (character) problems.push({ path, message: forbiddenCharacterMessage(character) });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: `${path}[${i}]` });
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        pending.push({ value: (value as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key });
      }
    }
  }
  return problems;
}
