import type { CalendarMeeting } from "./calendar";
import { meetingCalendarPath, stableUuid } from "./feed-ids";

/** What the feed shows of a meeting: the calendar's fields (CALENDAR_MEETING_FIELDS). */
export type FeedMeeting = CalendarMeeting;

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

/** The feed's own id: fixed forever, as RFC 4287 §4.2.6 asks. */
const FEED_ID = `urn:uuid:${stableUuid("feed:meetings")}`;

/** `updated` of a feed with no entry: a fixed instant, so that an empty feed's bytes (and ETag) never change. */
const EMPTY_FEED_UPDATED = "2021-01-01T00:00:00.000Z";

/** Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab, newline and carriage return). */
// eslint-disable-next-line no-control-regex -- these are exactly what the expression is for
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text as XML character data or an attribute value (quotes included), without characters XML cannot hold. */
function xml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function datesOf(meeting: FeedMeeting): string {
  if (meeting.startDate === null) return "Date not yet known";
  const time = meeting.startTime ? ` ${meeting.startTime}` : "";
  const zone = meeting.timezone ? ` (${meeting.timezone})` : "";
  if (meeting.endDate === null || meeting.endDate === meeting.startDate) return `${meeting.startDate}${time}${zone}`;
  return `${meeting.startDate}${time} – ${meeting.endDate}${zone}`;
}

/** One line per fact: when, where, who, and the summary; plain text (`type="text"`), so readers show it as is. */
function summaryOf(meeting: FeedMeeting): string {
  const venue = meeting.venue ? [meeting.venue.name, meeting.venue.city, meeting.venue.countryCode] : [];
  return [
    meeting.status && meeting.status !== "SCHEDULED" ? `Status: ${meeting.status}` : null,
    datesOf(meeting),
    venue.length ? venue.filter(Boolean).join(", ") : null,
    meeting.onlineLink ? `Online: ${meeting.onlineLink.url}` : null,
    meeting.host ? `Host: ${meeting.host.name}` : null,
    meeting.region ? `Region: ${meeting.region.name}` : null,
    meeting.summary,
  ]
    .filter((line): line is string => Boolean(line))
    .join("\n");
}

function entryOf(meeting: FeedMeeting, origin: string): string {
  const lines = [
    "  <entry>",
    `    <id>urn:uuid:${stableUuid(meeting.id)}</id>`,
    `    <title type="text">${xml(meeting.title)}</title>`,
    `    <updated>${xml(meeting.updatedAt)}</updated>`,
    `    <published>${xml(meeting.createdAt)}</published>`,
    `    <link rel="alternate" type="text/calendar" href="${xml(origin + meetingCalendarPath(meeting.slug))}"/>`,
    meeting.onlineLink ? `    <link rel="related" href="${xml(meeting.onlineLink.url)}"/>` : null,
    `    <category term="${xml(meeting.kind)}"/>`,
    `    <summary type="text">${xml(summaryOf(meeting))}</summary>`,
    "  </entry>",
  ];
  return lines.filter((line): line is string => line !== null).join("\n");
}

export interface AtomOptions {
  /** The feed's own URL (`rel="self"`). */
  selfUrl: string;
  /** The gateway's origin, for entries' links. */
  origin: string;
}

/**
 * An Atom 1.0 feed (RFC 4287) of meetings, in the order given (latest change first). Written by hand: the whole
 * format here is a dozen elements, and what matters — escaping, stable ids, `updated` from the record — is
 * below, checked by @rowanmanning/feed-parser in the tests. Entry ids are `urn:uuid:` of the meeting's global
 * id (the UIDs of the calendars); the feed's `updated` is its newest entry's, so equal data gives equal bytes.
 */
export function renderAtom(meetings: readonly FeedMeeting[], options: AtomOptions): string {
  const updated = meetings.reduce<string | null>(
    (latest, meeting) => (latest === null || meeting.updatedAt > latest ? meeting.updatedAt : latest),
    null,
  );
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
    `  <id>${FEED_ID}</id>`,
    `  <title type="text">Customs events: meetings added or changed</title>`,
    `  <subtitle type="text">The meetings of the Customs Events Gateway directory, latest change first.</subtitle>`,
    `  <updated>${xml(updated ?? EMPTY_FEED_UPDATED)}</updated>`,
    `  <author><name>Customs Events Gateway</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(options.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/calendar" href="${xml(`${options.origin}/calendar.ics`)}"/>`,
    `  <generator>Customs Events Gateway</generator>`,
    ...meetings.map((meeting) => entryOf(meeting, options.origin)),
    `</feed>`,
    "",
  ].join("\n");
}
