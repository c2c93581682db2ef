import { createHash } from "node:crypto";
import type { Request } from "express";

/** The namespace of the gateway's name-based UUIDs (RFC 9562 version 5): fixed, so each id is forever the same. */
const NAMESPACE = Buffer.from("406af939a1684297bc53a5207a48e621", "hex");

/**
 * A record's stable identifier across feeds: a version-5 UUID of its global id (`Meeting:12` in base64url), the
 * iCalendar `UID` (RFC 7986 recommends a UUID) and, as `urn:uuid:…`, the Atom entry's `id`. Renaming a meeting or
 * changing its slug keeps it: calendar apps update the event instead of adding a second one.
 */
export function stableUuid(globalId: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(globalId, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where the feeds are served. */
export const CALENDAR_PATH = "/calendar.ics";
export const FEED_PATH = "/feed.atom";
export const MEETINGS_CSV_PATH = "/meetings.csv";
export const ACTIVITY_CSV_PATH = "/dashboard/activity.csv";

/** The path of one meeting's calendar file, relative to the gateway's root (`Meeting.calendarUrl`). */
export function meetingCalendarPath(slug: string): string {
  return `/calendar/${encodeURIComponent(slug)}.ics`;
}

/**
 * The gateway's origin as the client reached it (`https://events.example.org`), for the absolute links feeds
 * need: the Host (and, behind TRUST_PROXY_HOPS proxies, X-Forwarded-Host and -Proto) of the request. Safe to
 * use in a rendered body: the response cache keeps the query's data, never the rendered bytes, so one client's
 * Host header never reaches another's answer.
 */
export function originOf(req: Request): string {
  return `${req.protocol}://${req.host}`;
}
