import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import type { FieldProblem } from "../../common/errors";
import { repeatedKeyProblems } from "../../common/input-rules";
import { ISO_CODE, SLUG, optionalPattern, optionalText, pattern, sectionList, text } from "../../common/json-schema";
import type { DirectorySection } from "../../platform/directory-section";
import type { Meeting } from "../meeting/meeting.entity";
import { Venue } from "./venue.entity";
import {
  ONLINE_LINK_LIMITS,
  VENUE_LIMITS,
  onlineUrlProblems,
  venueCountryCodeProblems,
  venueSlugTaken,
  venueTimeZoneProblems,
} from "./venue.rules";

/*
 * Venues in the directory file (src/modules/directory/directory-file.ts): a top-level `venues` list, keyed by
 * slug, and on each meeting its `venue` (a slug) and `onlineLink`. The format, its checks, its import and its
 * export live here, beside the venue's rules (venue.rules.ts), registered as the feature's directory section
 * (venueDirectorySection, below), which the directory module applies without knowing venues. As for
 * every other field of a meeting record, a meeting's `venue` and `onlineLink` describe it completely: absent or
 * null, the meeting has none. An import never removes a venue.
 */

export interface VenueRecord {
  slug: string;
  name: string;
  city?: string | null;
  countryCode?: string | null;
  address?: string | null;
  timezone?: string | null;
}

export interface OnlineLinkRecord {
  url: string;
  platform?: string | null;
}

/** What a meeting record holds of the venue feature. */
export interface MeetingVenueFields {
  venue?: string | null;
  onlineLink?: OnlineLinkRecord | null;
}

/** What the venue feature reads of a validated directory file. */
export interface VenueFileView {
  venues?: VenueRecord[];
  meetings?: MeetingVenueFields[];
}

// The same patterns as the rest of the format (directory-file.ts), so that the same messages answer them.
/** The JSON Schema of the top-level `venues` list. */
export const venuesSchema = sectionList(
  {
    slug: pattern(SLUG, VENUE_LIMITS.slug),
    name: text(VENUE_LIMITS.name),
    city: optionalText(VENUE_LIMITS.city),
    countryCode: optionalPattern(ISO_CODE, VENUE_LIMITS.countryCode),
    address: optionalText(VENUE_LIMITS.address),
    timezone: optionalText(VENUE_LIMITS.timezone),
  },
  ["slug", "name"],
);

/** The JSON Schema of a meeting record's `venue` and `onlineLink`. */
export const meetingVenueSchemaProperties = {
  venue: optionalPattern(SLUG, VENUE_LIMITS.slug),
  onlineLink: {
    type: "object",
    nullable: true,
    additionalProperties: false,
    required: ["url"],
    properties: {
      // Whether it is an http or https URL is the API's rule (onlineUrlProblems), applied by venueFileProblems.
      url: { type: "string", minLength: 1, maxLength: ONLINE_LINK_LIMITS.url },
      platform: optionalText(ONLINE_LINK_LIMITS.platform),
    },
  },
} as const;

/**
 * What the schema cannot say, by the API's own rules: a slug given twice, a country code off the ISO list, a
 * time zone the runtime does not know, an online link that is no http or https URL.
 */
export function venueFileProblems(file: VenueFileView): FieldProblem[] {
  const problems: FieldProblem[] = repeatedKeyProblems(
    file.venues,
    (venue) => venue.slug,
    (venue, i) => venueSlugTaken(venue.slug, `venues[${i}].slug`),
  );
  file.venues?.forEach((venue, i) => {
    if (venue.countryCode) problems.push(...venueCountryCodeProblems(venue.countryCode, `venues[${i}].countryCode`));
    if (venue.timezone) problems.push(...venueTimeZoneProblems(venue.timezone, `venues[${i}].timezone`));
  });
  file.meetings?.forEach((meeting, i) => {
    if (meeting.onlineLink)
      problems.push(...onlineUrlProblems(meeting.onlineLink.url, `meetings[${i}].onlineLink.url`));
  });
  return problems;
}

/** Inserts or updates one row, counting the change (the directory applier's own `upsert`). */
export type Upsert = (existing: Venue | undefined, values: Partial<Venue>) => Promise<Venue>;

/** Applies a file's venues and resolves the venues its meetings name, within the import's transaction. */
export class VenueImport {
  private readonly venues = new Map<string, Venue | null>();

  constructor(
    private readonly em: EntityManager,
    private readonly upsert: Upsert,
  ) {}

  /** Inserts the file's new venues and updates the changed ones, matched by slug. */
  async apply(records: readonly VenueRecord[] | undefined): Promise<void> {
    if (!records?.length) return;
    const stored = new Map<string, Venue>();
    for (let i = 0; i < records.length; i += 500) {
      const slugs = records.slice(i, i + 500).map((record) => record.slug);
      for (const venue of await this.em.findBy(Venue, { slug: In(slugs) })) stored.set(venue.slug, venue);
    }
    for (const record of records) {
      const venue = await this.upsert(stored.get(record.slug), {
        slug: record.slug,
        name: record.name,
        city: record.city ?? null,
        countryCode: record.countryCode ?? null,
        address: record.address ?? null,
        timezone: record.timezone ?? null,
      });
      this.venues.set(record.slug, venue);
    }
  }

  /**
   * A meeting record's venue and online link as the meeting's columns; a venue neither in the file nor stored is
   * a problem at `path`.venue.
   */
  async meetingColumns(
    record: MeetingVenueFields,
    path: string,
    problems: FieldProblem[],
  ): Promise<Pick<Meeting, "venueId" | "onlineUrl" | "onlinePlatform">> {
    let venueId: number | null = null;
    if (record.venue) {
      let venue = this.venues.get(record.venue);
      if (venue === undefined) {
        venue = await this.em.findOneBy(Venue, { slug: record.venue });
        this.venues.set(record.venue, venue);
      }
      if (venue) venueId = venue.id;
      else
        problems.push({
          path: `${path}.venue`,
          message: `venue ${record.venue} does not exist in the file or the directory`,
        });
    }
    return {
      venueId,
      onlineUrl: record.onlineLink?.url ?? null,
      onlinePlatform: record.onlineLink ? (record.onlineLink.platform ?? null) : null,
    };
  }
}

/** The venues of the directory, by slug, and how a meeting names its venue and online link in the file. */
export async function exportVenues(em: EntityManager): Promise<{
  venues: VenueRecord[];
  meetingFields: (meeting: Meeting) => MeetingVenueFields;
}> {
  const venues = await em.find(Venue);
  const slugs = new Map(venues.map((venue) => [venue.id, venue.slug]));
  return {
    venues: venues
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
      .map((venue) => ({
        slug: venue.slug,
        name: venue.name,
        city: venue.city,
        countryCode: venue.countryCode,
        address: venue.address,
        timezone: venue.timezone,
      })),
    meetingFields: (meeting) => ({
      venue: meeting.venueId === null ? null : slugs.get(meeting.venueId)!,
      onlineLink: meeting.onlineUrl === null ? null : { url: meeting.onlineUrl, platform: meeting.onlinePlatform },
    }),
  };
}

/**
 * The venue feature's part of the directory file (src/platform/directory-section.ts). The file it is handed is
 * validated by the schemas above, so it is read through this file's own types.
 */
export const venueDirectorySection: DirectorySection = {
  key: "venues",
  schema: venuesSchema,
  meetingSchema: meetingVenueSchemaProperties,
  normalise: {
    each: { fields: { name: "text", city: "text", countryCode: "isoCode", address: "text", timezone: "timeZone" } },
  },
  meetingNormalise: { onlineLink: { fields: { url: "url", platform: "text" } } },
  fileProblems: (file) => venueFileProblems(file as VenueFileView),
  importer: ({ em, upsert, problems }) => {
    const venues = new VenueImport(em, (existing, values) => upsert(Venue, "Venue", existing, values));
    return {
      apply: (value) => venues.apply(value as VenueRecord[] | undefined),
      meetingColumns: (record, path) => venues.meetingColumns(record as MeetingVenueFields, path, problems),
    };
  },
  exporter: async (em) => {
    const exported = await exportVenues(em);
    return { value: exported.venues, meetingFields: (meeting) => exported.meetingFields(meeting as Meeting) };
  },
};
