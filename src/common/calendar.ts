/*
 * Calendar dates as they read in a time zone: the local date of an instant, and days before and after a date.
 * Dates are `YYYY-MM-DD` strings throughout (the `Date` scalar's form), which compare correctly as strings.
 */

/** One formatter per zone (a few hundred exist): building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD; the parts are read by type anyway, so the locale's order does not matter.
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    if (formatters.size < 10_000) formatters.set(zone, formatter);
  }
  return formatter;
}

/** The date `instant` falls on in `zone` (an IANA name; throws RangeError for an unknown one). */
export function localDateIn(instant: Date, zone: string): string {
  const parts = formatterOf(zone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The date `instant` falls on in UTC: what `localDateIn(instant, "UTC")` answers, without a formatter. */
export function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `date` moved by `days` calendar days (`2021-04-22`, -1 → `2021-04-21`). */
export function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}
