import type { SchemaObject } from "ajv";
import { AgendaItemKind } from "../modules/agenda/agenda.enums";
import { MeetingFormat, MeetingKind, ParticipationRole } from "../modules/meeting/meeting.enums";
import { OrganisationKind } from "../modules/member/organisation.entity";
import { OfficeKind } from "../modules/person/appointment.entity";

/*
 * The directory file format: what `seeds/` holds, what the import reads and the export writes. Objects
 * reference each other by natural keys (region code, ISO code, slug, year, pillar name), never by
 * database id, so a file means the same thing in any database. A list that is present describes its
 * owner completely (a meeting's `agenda` replaces the stored one); a list that is absent is left alone.
 *
 * The shape is checked with a JSON Schema compiled by Ajv: a file may hold 100,000 meetings, and Ajv
 * validates them in well under a second where reflective validation took minutes.
 */

export interface RegionRecord {
  code: string;
  name: string;
}

export interface OrganisationRecord {
  slug: string;
  name: string;
  shortName?: string | null;
  kind: OrganisationKind;
  countryName?: string | null;
}

export interface MemberRecord {
  isoCode: string;
  name: string;
  shortName?: string | null;
  countryName: string;
  region: string;
}

export interface AppointmentRecord {
  title: string;
  kind: OfficeKind;
  member?: string | null;
  organisation?: string | null;
  region?: string | null;
  startDate?: string | null;
  endDate?: string | null;
}

export interface PersonRecord {
  slug: string;
  name: string;
  honorific?: string | null;
  appointments?: AppointmentRecord[];
}

export interface PillarRecord {
  name: string;
  focusAreas: string[];
}

export interface ThemeRecord {
  year: number;
  title: string;
  pillars?: PillarRecord[];
}

export interface SourceRecord {
  title: string;
  publisher: string;
  publishedOn: string;
  language: string;
  url?: string | null;
}

/** A meeting names its sources by their natural key: title and publication date. */
export interface SourceReference {
  title: string;
  publishedOn: string;
}

export interface ParticipantRecord {
  person: string;
  role: ParticipationRole;
}

export interface AgendaItemRecord {
  title: string;
  kind: AgendaItemKind;
  summary?: string | null;
  speakers: string[];
  pillar?: string | null;
  topics: string[];
}

export interface MeetingRecord {
  slug: string;
  title: string;
  kind: MeetingKind;
  summary?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  timezone?: string | null;
  format?: MeetingFormat;
  region?: string | null;
  host?: string | null;
  convener?: string | null;
  theme?: number | null;
  participants?: ParticipantRecord[];
  agenda?: AgendaItemRecord[];
  sources?: SourceReference[];
}

export interface DirectoryFile {
  provenance?: string;
  regions?: RegionRecord[];
  organisations?: OrganisationRecord[];
  members?: MemberRecord[];
  people?: PersonRecord[];
  themes?: ThemeRecord[];
  sources?: SourceRecord[];
  meetings?: MeetingRecord[];
}

export const SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
export const CODE = "^[A-Z][A-Z0-9_]*$";
export const CALENDAR_DATE = "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$";
const ISO_CODE = "^[A-Z]{2}$";
const LANGUAGE = "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$";
const HTTP_URL = "^https?://[^\\s/$.?#][^\\s]*$";

const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength }) as const;
const optionalText = (maxLength: number) => ({ type: "string", minLength: 1, maxLength, nullable: true }) as const;
const pattern = (regex: string, maxLength = 200) => ({ type: "string", pattern: regex, maxLength }) as const;
const optionalPattern = (regex: string, maxLength = 200) =>
  ({ type: "string", pattern: regex, maxLength, nullable: true }) as const;
const oneOf = <E extends string>(values: E[]) => ({ type: "string", enum: values }) as const;
const list = <T>(items: T, maxItems: number) => ({ type: "array", items, maxItems }) as const;
const record = <P extends Record<string, unknown>, const R extends readonly string[]>(properties: P, required: R) =>
  ({ type: "object", properties, required, additionalProperties: false }) as const;

/** The JSON Schema of a directory file, mirroring the interfaces above (the seed and round-trip tests hold them together). */
export const directoryFileSchema: SchemaObject = {
  type: "object",
  additionalProperties: false,
  properties: {
    provenance: { type: "string", maxLength: 5000, nullable: true },
    regions: {
      ...list(record({ code: pattern(CODE, 40), name: text(200) }, ["code", "name"]), 100),
      nullable: true,
    },
    organisations: {
      ...list(
        record(
          {
            slug: pattern(SLUG, 120),
            name: text(200),
            shortName: optionalText(60),
            kind: oneOf(Object.values(OrganisationKind)),
            countryName: optionalText(200),
          },
          ["slug", "name", "kind"],
        ),
        100_000,
      ),
      nullable: true,
    },
    members: {
      ...list(
        record(
          {
            isoCode: pattern(ISO_CODE, 2),
            name: text(200),
            shortName: optionalText(60),
            countryName: text(200),
            region: pattern(CODE, 40),
          },
          ["isoCode", "name", "countryName", "region"],
        ),
        100_000,
      ),
      nullable: true,
    },
    people: {
      ...list(
        record(
          {
            slug: pattern(SLUG, 120),
            name: text(200),
            honorific: optionalText(20),
            appointments: {
              ...list(
                record(
                  {
                    title: text(200),
                    kind: oneOf(Object.values(OfficeKind)),
                    member: optionalPattern(ISO_CODE, 2),
                    organisation: optionalPattern(SLUG, 120),
                    region: optionalPattern(CODE, 40),
                    startDate: optionalPattern(CALENDAR_DATE, 10),
                    endDate: optionalPattern(CALENDAR_DATE, 10),
                  },
                  ["title", "kind"],
                ),
                100,
              ),
              nullable: true,
            },
          },
          ["slug", "name"],
        ),
        100_000,
      ),
      nullable: true,
    },
    themes: {
      ...list(
        record(
          {
            year: { type: "integer", minimum: 1900, maximum: 2200 },
            title: text(300),
            pillars: {
              ...list(record({ name: text(120), focusAreas: list(text(300), 50) }, ["name", "focusAreas"]), 20),
              nullable: true,
            },
          },
          ["year", "title"],
        ),
        1000,
      ),
      nullable: true,
    },
    sources: {
      ...list(
        record(
          {
            title: text(300),
            publisher: text(200),
            publishedOn: pattern(CALENDAR_DATE, 10),
            language: pattern(LANGUAGE, 20),
            url: optionalPattern(HTTP_URL, 500),
          },
          ["title", "publisher", "publishedOn", "language"],
        ),
        100_000,
      ),
      nullable: true,
    },
    meetings: {
      ...list(
        record(
          {
            slug: pattern(SLUG, 160),
            title: text(300),
            kind: oneOf(Object.values(MeetingKind)),
            summary: { type: "string", maxLength: 5000, nullable: true },
            startDate: optionalPattern(CALENDAR_DATE, 10),
            endDate: optionalPattern(CALENDAR_DATE, 10),
            timezone: optionalText(64),
            format: { ...oneOf(Object.values(MeetingFormat)), nullable: true },
            region: optionalPattern(CODE, 40),
            host: optionalPattern(ISO_CODE, 2),
            convener: optionalPattern(SLUG, 120),
            theme: { type: "integer", nullable: true },
            participants: {
              ...list(
                record({ person: pattern(SLUG, 120), role: oneOf(Object.values(ParticipationRole)) }, [
                  "person",
                  "role",
                ]),
                500,
              ),
              nullable: true,
            },
            agenda: {
              ...list(
                record(
                  {
                    title: text(300),
                    kind: oneOf(Object.values(AgendaItemKind)),
                    summary: { type: "string", maxLength: 5000, nullable: true },
                    speakers: list(pattern(SLUG, 120), 50),
                    pillar: optionalText(120),
                    topics: list(text(120), 50),
                  },
                  ["title", "kind", "speakers", "topics"],
                ),
                200,
              ),
              nullable: true,
            },
            sources: {
              ...list(
                record({ title: text(300), publishedOn: pattern(CALENDAR_DATE, 10) }, ["title", "publishedOn"]),
                50,
              ),
              nullable: true,
            },
          },
          ["slug", "title", "kind"],
        ),
        1_000_000,
      ),
      nullable: true,
    },
  },
};
