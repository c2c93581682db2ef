import type { FieldProblem } from "../../common/errors";

/*
 * The rules of meeting series and of a meeting's place in one, in one place: the columns, the inputs'
 * decorators, the directory file's JSON Schema (series.directory.ts), the mutations and the importer all take
 * them from here.
 */

/** Longest texts a series holds, in code points, and the session numbers a meeting may have. */
export const SERIES_LIMITS = {
  slug: 160,
  name: 300,
  shortName: 60,
  description: 5000,
  /** A session number counts meetings of one body: the WCO Council is past its 140th; none reaches this. */
  sessionNumber: { min: 1, max: 100_000 },
} as const;

/** A slug is a series' natural key. */
export function seriesSlugTaken(slug: string, path: string): FieldProblem {
  return { path, message: `a meeting series with slug ${slug} already exists` };
}

/** What a session number without a series is told: it numbers a meeting within its series, so it needs one. */
export const SESSION_WITHOUT_SERIES_MESSAGE = "a session number needs a series: give the series too";

/** A session number given without a series. */
export function sessionWithoutSeriesProblems(
  sessionNumber: number | null | undefined,
  hasSeries: boolean,
  path: string,
): FieldProblem[] {
  return sessionNumber != null && !hasSeries ? [{ path, message: SESSION_WITHOUT_SERIES_MESSAGE }] : [];
}

/**
 * A session number is unique within its series: the second meeting given it is refused, naming the series
 * and the meeting that holds it (by slug, as a directory file names meetings).
 */
export function sessionNumberTaken(series: string, sessionNumber: number, holder: string, path: string): FieldProblem {
  return { path, message: `session ${sessionNumber} of the series ${series} is already the meeting ${holder}` };
}

/** What orders a series' meetings: their session number, then their first day, then their id. */
export interface SessionKey {
  id: number;
  sessionNumber: number | null;
  startDate: string | null;
}

/**
 * The order of a series' meetings, the one `MeetingSeries.meetings` lists and `previousSession`/`nextSession`
 * step through: session number ascending, then start date, then id; a meeting without a session number comes
 * after the numbered ones, and one without a date after the dated ones (calendar dates compare as strings).
 */
export function compareSessions(a: SessionKey, b: SessionKey): number {
  return (
    compareNullsLast(a.sessionNumber, b.sessionNumber) || compareNullsLast(a.startDate, b.startDate) || a.id - b.id
  );
}

function compareNullsLast<T extends number | string>(a: T | null, b: T | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
