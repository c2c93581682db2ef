/*
 * A meeting's times are wall-clock times ("09:30") on its own calendar, in its IANA zone. schema.org wants an
 * ISO 8601 date-time with the UTC offset in force at that moment, which depends on the date (daylight saving
 * time), so the offset is computed per date from the zone's rules as the runtime's ICU knows them (Intl).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC in `timeZone` at the instant `epochMs` ("GMT+05:30" → 330; "GMT" → 0). */
function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const name = offsetFormatter(timeZone)
    .formatToParts(epochMs)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? "");
  if (!match) throw new RangeError(`Intl gave no offset for ${timeZone}: ${String(name)}`);
  if (match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** Whether `timeZone` is a zone the runtime knows (Intl throws a RangeError for any other). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC offset in force in `timeZone` at the wall-clock time `time` ("HH:MM") of `date` ("YYYY-MM-DD"), in
 * minutes east of UTC.
 *
 * The offsets a day before and a day after are the only candidates (zones change offset at most once a day).
 * A candidate fits when the instant it gives has that same offset. On an ordinary day one fits; when the clocks
 * go back, both do and the earlier instant is taken (the offset before the change); when they go forward, the
 * time does not exist and neither fits: the offset before the change is taken, which names the instant the
 * clocks would show had they not jumped — the "compatible" choice of RFC 5545 and of Temporal.
 */
export function utcOffsetMinutes(date: string, time: string, timeZone: string): number {
  const wall = wallClockAsUtc(date, time);
  const before = offsetMinutesAt(wall - DAY_MS, timeZone);
  const after = offsetMinutesAt(wall + DAY_MS, timeZone);
  const fits = (offset: number) => offsetMinutesAt(wall - offset * MINUTE_MS, timeZone) === offset;
  if (fits(before)) return before;
  if (fits(after)) return after;
  return before;
}

/** `+HH:MM` or `-HH:MM`, as ISO 8601 and schema.org write an offset (`+00:00` for UTC, never `Z`). */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** `2021-10-31T09:30:00+01:00`: the wall-clock time with the offset in force then in `timeZone`. */
export function isoDateTimeWithOffset(date: string, time: string, timeZone: string): string {
  return `${date}T${time}:00${formatOffset(utcOffsetMinutes(date, time, timeZone))}`;
}

/** The wall-clock reading as if it were UTC, in milliseconds: the starting point of the offset search. */
function wallClockAsUtc(date: string, time: string): number {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) throw new RangeError(`Not a date and a time: ${date} ${time}`);
  const at = new Date(
    Date.UTC(2000, Number(dateMatch[2]) - 1, Number(dateMatch[3]), Number(timeMatch[1]), Number(timeMatch[2])),
  );
  // Date.UTC reads years 0–99 as 1900–1999; setting the year afterwards does not.
  return at.setUTCFullYear(Number(dateMatch[1]));
}
