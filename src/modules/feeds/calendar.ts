import ical, { ICalEventStatus, escape } from "ical-generator";
import type { ICalCalendar, ICalEvent } from "ical-generator";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { meetingCalendarPath, stableUuid } from "./feed-ids";

/** What the calendars show of a meeting: the fields of `CALENDAR_MEETING_FIELDS`. */
export interface CalendarMeeting {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  kind: string;
  status?: string | null;
  startDate: string | null;
  endDate: string | null;
  startTime?: string | null;
  endTime?: string | null;
  timezone: string | null;
  format: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  region: { name: string } | null;
  host: { name: string } | null;
  venue: { name: string; address: string | null; city: string | null; countryCode: string | null } | null;
  onlineLink: { url: string } | null;
}

/** The selection of a meeting every calendar query makes (spread into `meetings { nodes }` and `meeting`). */
export const CALENDAR_MEETING_FIELDS = /* GraphQL */ `
  id
  slug
  title
  summary
  kind
  startDate
  endDate
  timezone
  format
  version
  createdAt
  updatedAt
  region {
    name
  }
  host {
    name
  }
  venue {
    name
    address
    city
    countryCode
  }
  onlineLink {
    url
  }
`;

/** How often calendar apps are asked to fetch a subscribed calendar again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const CALENDAR_REFRESH_SECONDS = 3600;

export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

const PRODUCT = { company: "Customs Events Gateway", product: "Calendar", language: "EN" };

/** What a meeting's status means to a calendar app (RFC 5545 `STATUS` of a VEVENT). */
const STATUS: Record<string, ICalEventStatus> = {
  SCHEDULED: ICalEventStatus.CONFIRMED,
  HELD: ICalEventStatus.CONFIRMED,
  // Its date no longer holds, but it has not been called off.
  POSTPONED: ICalEventStatus.TENTATIVE,
  CANCELLED: ICalEventStatus.CANCELLED,
};

/**
 * The VTIMEZONE of an IANA zone from timezones-ical-library (the current tzdata, in the form Outlook, Google and
 * Apple read), and the TZID it is filed under: a link such as `US/Eastern` comes back as `America/New_York`,
 * and the event must name the same TZID as its VTIMEZONE. Null for a zone the library does not know.
 */
function vtimezoneOf(zone: string): { tzid: string; block: string } | null {
  let known = vtimezones.get(zone);
  if (known === undefined) {
    const found = tzlib_get_ical_block(zone);
    known =
      Array.isArray(found) && found[0] && found[1]
        ? { tzid: found[1].replace(/^TZID=/, ""), block: found[0].replace(/\r?\n/g, "\r\n").trim() }
        : null;
    vtimezones.set(zone, known);
  }
  return known;
}

/** VTIMEZONEs by zone name: the library takes about 0.4 ms to build one, and the zones in use are few. */
const vtimezones = new Map<string, { tzid: string; block: string } | null>();

/** The instant a wall-clock time in `zone` stands for, from the platform's own tz data (Intl). */
function zonedInstant(date: string, time: string, zone: string): Date {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(instant));
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
    return wall - instant;
  };
  // Twice: the offset at the first guess may differ from the offset at the answer across a DST change.
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first));
}

/** The day after an ISO date: an all-day event's DTEND is exclusive (RFC 5545 §3.6.1). */
function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * A URL as an iCalendar URI value. ical-generator escapes `,` and `;` in it as in text (`\,`), but a URI value
 * takes no escapes (RFC 5545 §3.3.13): readers (ical.js among them) keep the backslashes. Percent-encoded, the
 * two characters need none, and mean the same to every URL reader.
 */
function uriValue(url: string): string {
  return url.replace(/,/g, "%2C").replace(/;/g, "%3B");
}

function locationOf(meeting: CalendarMeeting): string | null {
  const { venue } = meeting;
  if (venue) {
    const parts = [venue.name, venue.address, venue.city, venue.countryCode].filter((part): part is string =>
      Boolean(part),
    );
    return parts.join(", ");
  }
  return meeting.onlineLink?.url ?? null;
}

function descriptionOf(meeting: CalendarMeeting, pageUrl: string): string {
  const lines = [
    meeting.summary,
    meeting.host ? `Host: ${meeting.host.name}` : null,
    meeting.region ? `Region: ${meeting.region.name}` : null,
    meeting.status === "POSTPONED" ? "Postponed: the date above no longer holds." : null,
    meeting.onlineLink ? `Online: ${meeting.onlineLink.url}` : null,
    `Calendar file: ${pageUrl}`,
  ];
  return lines.filter((line): line is string => Boolean(line)).join("\n");
}

/**
 * One meeting's VEVENT, or null for a meeting without a known date (a calendar needs a day).
 * A meeting with a start time and a time zone is timed, in its own zone (`DTSTART;TZID=…` with the zone's
 * VTIMEZONE, which `renderCalendar` adds once per zone); any other is an all-day event over its dates
 * (`DTSTART;VALUE=DATE`, exclusive `DTEND`): a time without a zone says nothing about when it happens.
 */
function eventOf(calendar: ICalCalendar, meeting: CalendarMeeting, origin: string): ICalEvent | null {
  if (meeting.startDate === null) return null;
  const calendarFile = `${origin}${meetingCalendarPath(meeting.slug)}`;
  const lastDay = meeting.endDate ?? meeting.startDate;
  const common = {
    id: stableUuid(meeting.id),
    sequence: meeting.version,
    // Without METHOD, DTSTAMP is when the event's information last changed (RFC 5545 §3.8.7.2).
    stamp: new Date(meeting.updatedAt),
    lastModified: new Date(meeting.updatedAt),
    created: new Date(meeting.createdAt),
    summary: meeting.title,
    description: descriptionOf(meeting, calendarFile),
    location: locationOf(meeting),
    url: meeting.onlineLink ? uriValue(meeting.onlineLink.url) : null,
    categories: [{ name: meeting.kind }],
    status: (meeting.status && STATUS[meeting.status]) || null,
  };
  const timed = meeting.startTime && meeting.timezone;
  if (!timed) {
    return calendar.createEvent({ ...common, allDay: true, start: meeting.startDate, end: nextDay(lastDay) });
  }
  const zone = vtimezoneOf(meeting.timezone!);
  const endTime = meeting.endTime ?? null;
  if (zone) {
    // Local wall-clock strings with the event's TZID. ical-generator reads them in the process's own zone and
    // writes them back with the same getters, so they come out as given, unless the time falls in a DST gap
    // of the process's zone: run the gateway with TZ=UTC (containers do) to have none.
    return calendar.createEvent({
      ...common,
      timezone: zone.tzid,
      start: `${meeting.startDate}T${meeting.startTime}:00`,
      end: endTime ? `${lastDay}T${endTime}:00` : null,
    });
  }
  // A zone the VTIMEZONE library does not know yet: the same instants in UTC, which every reader places.
  return calendar.createEvent({
    ...common,
    start: zonedInstant(meeting.startDate, meeting.startTime!, meeting.timezone!),
    end: endTime ? zonedInstant(lastDay, endTime, meeting.timezone!) : null,
  });
}

export interface CalendarOptions {
  /** The calendar's name in calendar apps. */
  name: string;
  /** A sentence for X-WR-CALDESC (e.g. that the list was cut at its bound). */
  description?: string;
  /** The calendar's own URL (its `URL` and `SOURCE`). */
  url: string;
  /** The gateway's origin, for each event's links. */
  origin: string;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): CRLF and a space before each continuation, never inside
 * a UTF-8 character (a code point's octets stay on one line). ical-generator folds too, but encodes each
 * character with a new TextEncoder: 95% of the time of a 500-event calendar (0.4 s of 0.42 s).
 */
export function foldLine(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line, "utf8") <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const character of line) {
    const code = character.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      parts.push(current);
      // The continuation's leading space is its first octet.
      current = " ";
      octets = 1;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n");
}

/**
 * An RFC 5545 calendar of `meetings`, and how many it holds (those without a known date are left out). Each
 * VEVENT is ical-generator's (text escaping, DATE and DATE-TIME values, TZID), with a VTIMEZONE per zone
 * used; the calendar's own few properties are written here, escaped with ical-generator's `escape` (it writes
 * NAME and X-WR-CALDESC as given: a line break in a filter's value, `?text=a%0AEND:VCALENDAR`, would start a
 * property of its own), and every line is folded by `foldLine`.
 */
export function renderCalendar(
  meetings: readonly CalendarMeeting[],
  options: CalendarOptions,
): { body: string; events: number } {
  // Only a factory of events here: its toString() would fold the whole calendar again, slowly.
  const factory = ical();
  const events = meetings.flatMap((meeting) => {
    const event = eventOf(factory, meeting, options.origin);
    return event ? [event] : [];
  });
  const zones = [...new Set(events.map((event) => event.timezone()).filter((zone) => zone !== null))];
  const name = escape(options.name, false);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:-//${PRODUCT.company}//${PRODUCT.product}//${PRODUCT.language}`,
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
    ...(options.description === undefined ? [] : [`X-WR-CALDESC:${escape(options.description, false)}`]),
    `URL:${options.url}`,
    `SOURCE;VALUE=URI:${options.url}`,
    `REFRESH-INTERVAL;VALUE=DURATION:PT${CALENDAR_REFRESH_SECONDS}S`,
    `X-PUBLISHED-TTL:PT${CALENDAR_REFRESH_SECONDS}S`,
    ...zones.flatMap((zone) => vtimezoneOf(zone)?.block ?? []),
    ...events.map((event) => event.toString().replace(/\r\n$/, "")),
    "END:VCALENDAR",
  ];
  const body = lines.join("\r\n").split("\r\n").map(foldLine).join("\r\n");
  return { body: `${body}\r\n`, events: events.length };
}
