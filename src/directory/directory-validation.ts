import { plainToInstance } from "class-transformer";
import { validateSync } from "class-validator";
import type { FieldProblem } from "../common/errors";
import { flattenValidationErrors } from "../common/validation";
import { DirectoryFile } from "./directory-file";

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

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
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
    if (start && !isRealDate(start)) problems.push({ path: `${path}.startDate`, message: "is not a calendar date" });
    if (end && !isRealDate(end)) problems.push({ path: `${path}.endDate`, message: "is not a calendar date" });
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
    if (!isRealDate(source.publishedOn))
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

/**
 * Turns parsed JSON into a validated DirectoryFile, or throws DirectoryValidationError listing every
 * problem found. Unknown fields are errors, not silently dropped: a typo must not lose data.
 */
export function validateDirectoryFile(input: unknown): DirectoryFile {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new DirectoryValidationError([{ path: "", message: "a directory file is a JSON object" }]);
  }
  const file = plainToInstance(DirectoryFile, input);
  const errors = validateSync(file, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const problems = flattenValidationErrors(errors);
  if (problems.length) throw new DirectoryValidationError(problems);
  const ruleProblems = checkFileRules(file);
  if (ruleProblems.length) throw new DirectoryValidationError(ruleProblems);
  return file;
}
