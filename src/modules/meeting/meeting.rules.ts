import { isURL } from "class-validator";
import type { FieldProblem } from "../../common/errors";
import { scalarProblem } from "../../common/input-rules";
import { TimeZoneScalar } from "../../common/scalars";

/*
 * The rules of meetings, their participations and their sources, in one place: the columns, the inputs'
 * decorators, the directory file's JSON Schema (src/modules/directory/directory-file.ts), the mutations and the
 * importer all take them from here. A meeting's dates follow the shared date-order rule (dateOrderProblems in
 * src/common/input-rules.ts).
 */

/** Longest texts a meeting holds, in code points, and how many sources and participations it lists. */
export const MEETING_LIMITS = {
  slug: 160,
  title: 300,
  summary: 5000,
  timezone: 64,
  sources: 50,
  participants: 500,
} as const;

/** Longest texts a source holds, in code points. */
export const SOURCE_LIMITS = {
  title: 300,
  publisher: 200,
  language: 20,
  url: 500,
} as const;

/** A source's language: a BCP 47 tag such as `en` or `pt-BR`. */
export const LANGUAGE_PATTERN = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
export const LANGUAGE_MESSAGE = "must be a BCP 47 language tag such as en or pt-BR";

/** Where to read a source: an absolute http or https URL (validator.js's isURL, as class-validator's `@IsUrl`). */
export const SOURCE_URL_OPTIONS: Parameters<typeof isURL>[1] = { protocols: ["http", "https"], require_protocol: true };
export const SOURCE_URL_MESSAGE = "must be an http or https URL";

export function sourceUrlProblems(url: string, path: string): FieldProblem[] {
  return isURL(url, SOURCE_URL_OPTIONS) ? [] : [{ path, message: SOURCE_URL_MESSAGE }];
}

const zoneProblems = new Map<string, string | null>();

/**
 * A meeting's time zone, as the `TimeZone` scalar takes it: the importer asks the scalar itself. Its answers
 * are remembered (a few hundred zones exist), since the scalar builds an Intl.DateTimeFormat for every check and
 * a large file names the same few zones 100,000 times.
 */
export function timeZoneProblems(zone: string, path: string): FieldProblem[] {
  let problem = zoneProblems.get(zone);
  if (problem === undefined) {
    problem = scalarProblem(TimeZoneScalar, zone);
    if (zoneProblems.size < 10_000) zoneProblems.set(zone, problem);
  }
  return problem === null ? [] : [{ path, message: problem }];
}

/** A slug is a meeting's natural key. */
export function meetingSlugTaken(slug: string, path: string): FieldProblem {
  return { path, message: `a meeting with slug ${slug} already exists` };
}

/** A source's natural key is its title with its publication date. */
export function sourceTaken(publishedOn: string, path: string): FieldProblem {
  return { path, message: `a source with this title published on ${publishedOn} already exists` };
}

/** A person holds each role at a meeting once (`person` is their slug, as a directory file names them). */
export function roleTaken(person: string, role: string, path: string): FieldProblem {
  return { path, message: `${person} already has the role ${role} at this meeting` };
}

/** The date, zone and times of a meeting, as stored or about to be. */
export interface MeetingSchedule {
  startDate?: string | null;
  endDate?: string | null;
  timezone?: string | null;
  startTime?: string | null;
  endTime?: string | null;
}

/**
 * A local time means something only on a known day in a known zone: `startTime` needs `startDate` and
 * `timezone`, `endTime` needs `endDate` and `timezone`; on a one-day meeting the end comes after the start.
 * `prefix` is where the fields sit (`input.`, `meetings[3].`).
 */
export function meetingTimeProblems(schedule: MeetingSchedule, prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (
    time: string | null | undefined,
    date: string | null | undefined,
    field: string,
    dateField: string,
  ) => {
    if (!time) return;
    if (!date) problems.push({ path: `${prefix}${field}`, message: `needs ${dateField}: a time is on a known day` });
    if (!schedule.timezone)
      problems.push({ path: `${prefix}${field}`, message: "needs timezone: a local time is read in a known zone" });
  };
  check(schedule.startTime, schedule.startDate, "startTime", "startDate");
  check(schedule.endTime, schedule.endDate, "endTime", "endDate");
  const { startDate, endDate, startTime, endTime } = schedule;
  if (startTime && endTime && startDate && startDate === endDate && endTime <= startTime)
    problems.push({ path: `${prefix}endTime`, message: "must be after startTime on a one-day meeting" });
  return problems;
}
