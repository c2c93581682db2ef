import { isKnownTimeZone, isoDateTimeWithOffset } from "./local-date-time";
import type { MeetingFormatName, MeetingStatusName, PageMeeting } from "./public-pages.operations";

/*
 * A meeting as a schema.org `Event` (https://schema.org/Event), for search engines and calendar tools that read
 * structured data from a page. Only what the directory records is said; an unknown is left out, never guessed.
 */

/** The JSON-LD object of one meeting: plain JSON, written into the page by `jsonForScriptElement`. */
export type JsonLd = { [key: string]: JsonLdValue };
type JsonLdValue = string | number | JsonLd | JsonLd[];

/**
 * schema.org has no status for an event that took place: EventScheduled is the status of an event that was
 * neither cancelled, postponed nor rescheduled, and its past `startDate` tells it is over. A HELD meeting is
 * exactly that.
 */
const EVENT_STATUS: Record<MeetingStatusName, string> = {
  SCHEDULED: "https://schema.org/EventScheduled",
  HELD: "https://schema.org/EventScheduled",
  POSTPONED: "https://schema.org/EventPostponed",
  CANCELLED: "https://schema.org/EventCancelled",
};

/** UNKNOWN has no attendance mode: the property is left out rather than guessed. */
const ATTENDANCE_MODE: Record<MeetingFormatName, string | null> = {
  IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
  VIRTUAL: "https://schema.org/OnlineEventAttendanceMode",
  HYBRID: "https://schema.org/MixedEventAttendanceMode",
  UNKNOWN: null,
};

/**
 * A start or end as schema.org's Date or DateTime: a date-time with its UTC offset when the wall-clock time and
 * the zone are both known (a time without its zone names no instant), the calendar date otherwise.
 */
function dateOrDateTime(date: string, time: string | null, timeZone: string | null): string {
  if (time === null || timeZone === null || !isKnownTimeZone(timeZone)) return date;
  return isoDateTimeWithOffset(date, time, timeZone);
}

function place(venue: NonNullable<PageMeeting["venue"]>): JsonLd {
  const address: JsonLd = { "@type": "PostalAddress" };
  if (venue.address !== null) address.streetAddress = venue.address;
  if (venue.city !== null) address.addressLocality = venue.city;
  // schema.org takes the two-letter ISO 3166-1 code as the country.
  if (venue.countryCode !== null) address.addressCountry = venue.countryCode;
  return { "@type": "Place", name: venue.name, address };
}

function organizer(host: NonNullable<PageMeeting["host"]>): JsonLd {
  const organization: JsonLd = { "@type": "Organization", name: host.name };
  if (host.shortName !== null) organization.alternateName = host.shortName;
  organization.address = { "@type": "PostalAddress", addressCountry: host.isoCode };
  return organization;
}

/** The `Event` of `meeting`, whose page is at `url` (absolute). */
export function meetingEvent(meeting: PageMeeting, url: string): JsonLd {
  const event: JsonLd = { "@context": "https://schema.org", "@type": "Event", name: meeting.title };
  if (meeting.summary !== null) event.description = meeting.summary;
  event.url = url;
  if (meeting.startDate !== null)
    event.startDate = dateOrDateTime(meeting.startDate, meeting.startTime, meeting.timezone);
  // A meeting's end time is on its last day (its start day when the last day is not recorded).
  const lastDay = meeting.endDate ?? (meeting.endTime !== null ? meeting.startDate : null);
  if (lastDay !== null) event.endDate = dateOrDateTime(lastDay, meeting.endTime, meeting.timezone);
  event.eventStatus = EVENT_STATUS[meeting.status];
  const attendanceMode = ATTENDANCE_MODE[meeting.format];
  if (attendanceMode !== null) event.eventAttendanceMode = attendanceMode;
  const locations: JsonLd[] = [];
  if (meeting.venue) locations.push(place(meeting.venue));
  if (meeting.onlineLink) locations.push({ "@type": "VirtualLocation", url: meeting.onlineLink.url });
  if (locations.length === 1) event.location = locations[0]!;
  else if (locations.length > 1) event.location = locations;
  if (meeting.host) event.organizer = organizer(meeting.host);
  if (meeting.series) event.superEvent = { "@type": "EventSeries", name: meeting.series.name };
  return event;
}
