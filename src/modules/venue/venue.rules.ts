import type { FieldProblem } from "../../common/errors";
import {
  MEETING_LIMITS,
  SOURCE_URL_MESSAGE,
  SOURCE_URL_OPTIONS,
  sourceUrlProblems,
  timeZoneProblems,
} from "../meeting/meeting.rules";
import { COUNTRY_CODE_MESSAGE, countryCodeProblems } from "../member/member.rules";

/*
 * The rules of venues and of a meeting's online link, in one place: the columns (venue.entity.ts and the
 * meeting's online columns), the inputs' decorators, the directory file's JSON Schema and checks
 * (venue.directory.ts), the mutations and the importer all take them from here. A venue's country code is
 * checked as a Member's ISO code is, its time zone as a meeting's, an online link's URL as a source's: the
 * same rule, not a copy of it.
 */

/** Longest texts a venue holds, in code points (a country code is exactly two letters). */
export const VENUE_LIMITS = {
  slug: 120,
  name: 200,
  city: 120,
  countryCode: 2,
  address: 500,
  timezone: MEETING_LIMITS.timezone,
} as const;

/** Longest texts a meeting's online link holds, in code points. */
export const ONLINE_LINK_LIMITS = {
  url: 500,
  platform: 100,
} as const;

/** A venue's country: an ISO 3166-1 alpha-2 code, as a Member's (the `CountryCode` scalar's rule). */
export const venueCountryCodeProblems = countryCodeProblems;
export const VENUE_COUNTRY_CODE_MESSAGE = COUNTRY_CODE_MESSAGE;

/** A venue's time zone: an IANA name, as a meeting's (the `TimeZone` scalar's rule). */
export const venueTimeZoneProblems = timeZoneProblems;

/** Where to join a meeting online: an absolute http or https URL, the rule of a source's URL. */
export const ONLINE_URL_OPTIONS = SOURCE_URL_OPTIONS;
export const ONLINE_URL_MESSAGE = SOURCE_URL_MESSAGE;
export const onlineUrlProblems = sourceUrlProblems;

/** A slug is a venue's natural key. */
export function venueSlugTaken(slug: string, path: string): FieldProblem {
  return { path, message: `a venue with slug ${slug} already exists` };
}

/** What a delete without cascade answers while meetings are held at the venue. */
export function venueInUseMessage(name: string, meetings: number): string {
  return `${meetings} meeting(s) are held at ${name}; delete with cascade: true to remove the venue from them`;
}
