import type { SchemaObject } from "ajv";
import { SLUG_MESSAGE, scalarProblem } from "../../common/input-rules";
import {
  ISO_CODE,
  SLUG,
  list,
  oneOf,
  optionalPattern,
  optionalText,
  pattern,
  record,
  text,
} from "../../common/json-schema";
import { DateScalar, LOCAL_TIME_PATTERN, LocalTimeScalar } from "../../common/scalars";
import { AgendaItemKind } from "../agenda/agenda.enums";
import { AGENDA_ITEM_LIMITS, TOPIC_LIMITS } from "../agenda/agenda.rules";
import { MeetingFormat, MeetingKind, MeetingStatus, ParticipationRole } from "../meeting/meeting.enums";
import { LANGUAGE_MESSAGE, LANGUAGE_PATTERN, MEETING_LIMITS, SOURCE_LIMITS } from "../meeting/meeting.rules";
import { COUNTRY_CODE_MESSAGE, MEMBER_LIMITS, ORGANISATION_LIMITS } from "../member/member.rules";
import { OrganisationKind } from "../member/organisation.entity";
import { OfficeKind } from "../person/appointment.entity";
import { APPOINTMENT_LIMITS, PERSON_LIMITS } from "../person/person.rules";
import { REGION_CODE_MESSAGE, REGION_CODE_PATTERN, REGION_LIMITS } from "../region/region.rules";
import { PILLAR_LIMITS, THEME_LIMITS } from "../theme/theme.rules";
import type { DirectorySection, JsonSchema } from "../../platform/directory-section";

/*
 * The directory file format: what `seeds/` holds, what the import reads and the export writes. Objects
 * reference each other by natural keys (region code, ISO code, slug, year, pillar name), never by
 * database id, so a file means the same thing in any database. A list that is present describes its
 * owner completely (a meeting's `agenda` replaces the stored one); a list that is absent is left alone.
 *
 * The shape is checked with a JSON Schema compiled by Ajv: a file may hold 100,000 meetings, and Ajv
 * validates them in well under a second where reflective validation took minutes. Its limits and patterns are
 * the features' own (src/modules/<feature>/<feature>.rules.ts), which the columns and the API's inputs use
 * too; what a schema cannot say (an ISO code on the ISO list, an http URL, dates in order, speakers who take
 * part) is checked by those rules' functions in src/modules/directory/directory-validation.ts.
 *
 * Features add to the format (src/platform/directory-section.ts): a top-level section of their own, between
 * `sources` and `meetings`, and fields of meeting records, after `theme`, in the feature list's order. Their
 * records are typed by the features themselves; here they are the index signatures of the records below.
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
  /** The fields features add (their DirectorySection's `meetingSchema`), typed by those features. */
  [field: string]: unknown;
  slug: string;
  title: string;
  kind: MeetingKind;
  summary?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  timezone?: string | null;
  format?: MeetingFormat;
  status?: MeetingStatus;
  region?: string | null;
  host?: string | null;
  convener?: string | null;
  theme?: number | null;
  participants?: ParticipantRecord[];
  agenda?: AgendaItemRecord[];
  sources?: SourceReference[];
}

export interface DirectoryFile {
  /** The features' sections (their DirectorySection's `key`), typed by those features. */
  [section: string]: unknown;
  provenance?: string;
  regions?: RegionRecord[];
  organisations?: OrganisationRecord[];
  members?: MemberRecord[];
  people?: PersonRecord[];
  themes?: ThemeRecord[];
  sources?: SourceRecord[];
  meetings?: MeetingRecord[];
}

export const CODE = REGION_CODE_PATTERN.source;
/** The shape of a date; whether the day exists is the `Date` scalar's rule, which validation then applies. */
export const CALENDAR_DATE = "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$";
const LANGUAGE = LANGUAGE_PATTERN.source;
const LOCAL_TIME = LOCAL_TIME_PATTERN.source;
/** Dates are `YYYY-MM-DD`: the schema checks the shape, the `Date` scalar's rule the rest. */
const DATE_LENGTH = 10;

/**
 * What a value that does not match a pattern of the schema is told, by pattern: the words of the API's own
 * rule for the same field, so a file and a mutation refuse a bad slug, code, date or ISO code alike.
 */
export const PATTERN_MESSAGES: ReadonlyMap<string, string> = new Map([
  [SLUG, SLUG_MESSAGE],
  [CODE, REGION_CODE_MESSAGE],
  [CALENDAR_DATE, scalarProblem(DateScalar, "") ?? "must be a calendar date"],
  [ISO_CODE, COUNTRY_CODE_MESSAGE],
  [LANGUAGE, LANGUAGE_MESSAGE],
  [LOCAL_TIME, scalarProblem(LocalTimeScalar, "") ?? "must be a local time written HH:MM"],
]);

const regionCode = pattern(CODE, REGION_LIMITS.code.max, REGION_LIMITS.code.min);
const optionalRegionCode = { ...regionCode, nullable: true } as const;
const personSlug = pattern(SLUG, PERSON_LIMITS.slug);

/**
 * The JSON Schema of a directory file, mirroring the interfaces above (the seed and round-trip tests hold them
 * together), with the features' sections and meeting fields in their places.
 */
function schemaOf(
  sections: Readonly<Record<string, JsonSchema>>,
  meetingFields: Readonly<Record<string, JsonSchema>>,
): SchemaObject {
  return {
    type: "object",
    additionalProperties: false,
    properties: {
      provenance: { type: "string", maxLength: 5000, nullable: true },
      regions: {
        ...list(record({ code: regionCode, name: text(REGION_LIMITS.name) }, ["code", "name"]), 100),
        nullable: true,
      },
      organisations: {
        ...list(
          record(
            {
              slug: pattern(SLUG, ORGANISATION_LIMITS.slug),
              name: text(ORGANISATION_LIMITS.name),
              shortName: optionalText(ORGANISATION_LIMITS.shortName),
              kind: oneOf(Object.values(OrganisationKind)),
              countryName: optionalText(ORGANISATION_LIMITS.countryName),
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
              isoCode: pattern(ISO_CODE, MEMBER_LIMITS.isoCode),
              name: text(MEMBER_LIMITS.name),
              shortName: optionalText(MEMBER_LIMITS.shortName),
              countryName: text(MEMBER_LIMITS.countryName),
              region: regionCode,
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
              slug: personSlug,
              name: text(PERSON_LIMITS.name),
              honorific: optionalText(PERSON_LIMITS.honorific),
              appointments: {
                ...list(
                  record(
                    {
                      title: text(APPOINTMENT_LIMITS.title),
                      kind: oneOf(Object.values(OfficeKind)),
                      member: optionalPattern(ISO_CODE, MEMBER_LIMITS.isoCode),
                      organisation: optionalPattern(SLUG, ORGANISATION_LIMITS.slug),
                      region: optionalRegionCode,
                      startDate: optionalPattern(CALENDAR_DATE, DATE_LENGTH),
                      endDate: optionalPattern(CALENDAR_DATE, DATE_LENGTH),
                    },
                    ["title", "kind"],
                  ),
                  APPOINTMENT_LIMITS.perPerson,
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
              year: { type: "integer", minimum: THEME_LIMITS.year.min, maximum: THEME_LIMITS.year.max },
              title: text(THEME_LIMITS.title),
              pillars: {
                ...list(
                  record(
                    {
                      name: text(PILLAR_LIMITS.name),
                      focusAreas: list(text(PILLAR_LIMITS.focusArea), PILLAR_LIMITS.focusAreas),
                    },
                    ["name", "focusAreas"],
                  ),
                  THEME_LIMITS.pillars,
                ),
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
              title: text(SOURCE_LIMITS.title),
              publisher: text(SOURCE_LIMITS.publisher),
              publishedOn: pattern(CALENDAR_DATE, DATE_LENGTH),
              language: pattern(LANGUAGE, SOURCE_LIMITS.language),
              // Whether it is an http or https URL is the API's rule (sourceUrlProblems), applied by validation.
              url: optionalText(SOURCE_LIMITS.url),
            },
            ["title", "publisher", "publishedOn", "language"],
          ),
          100_000,
        ),
        nullable: true,
      },
      ...sections,
      meetings: {
        ...list(
          record(
            {
              slug: pattern(SLUG, MEETING_LIMITS.slug),
              title: text(MEETING_LIMITS.title),
              kind: oneOf(Object.values(MeetingKind)),
              summary: optionalText(MEETING_LIMITS.summary),
              startDate: optionalPattern(CALENDAR_DATE, DATE_LENGTH),
              endDate: optionalPattern(CALENDAR_DATE, DATE_LENGTH),
              startTime: optionalPattern(LOCAL_TIME, 5),
              endTime: optionalPattern(LOCAL_TIME, 5),
              timezone: optionalText(MEETING_LIMITS.timezone),
              format: { ...oneOf(Object.values(MeetingFormat)), nullable: true },
              status: { ...oneOf(Object.values(MeetingStatus)), nullable: true },
              region: optionalRegionCode,
              host: optionalPattern(ISO_CODE, MEMBER_LIMITS.isoCode),
              convener: optionalPattern(SLUG, PERSON_LIMITS.slug),
              theme: { type: "integer", nullable: true },
              ...meetingFields,
              participants: {
                ...list(
                  record({ person: personSlug, role: oneOf(Object.values(ParticipationRole)) }, ["person", "role"]),
                  MEETING_LIMITS.participants,
                ),
                nullable: true,
              },
              agenda: {
                ...list(
                  record(
                    {
                      title: text(AGENDA_ITEM_LIMITS.title),
                      kind: oneOf(Object.values(AgendaItemKind)),
                      summary: optionalText(AGENDA_ITEM_LIMITS.summary),
                      speakers: list(personSlug, AGENDA_ITEM_LIMITS.speakers),
                      pillar: optionalText(PILLAR_LIMITS.name),
                      topics: list(text(TOPIC_LIMITS.name), AGENDA_ITEM_LIMITS.topics),
                    },
                    ["title", "kind", "speakers", "topics"],
                  ),
                  AGENDA_ITEM_LIMITS.perMeeting,
                ),
                nullable: true,
              },
              sources: {
                ...list(
                  record({ title: text(SOURCE_LIMITS.title), publishedOn: pattern(CALENDAR_DATE, DATE_LENGTH) }, [
                    "title",
                    "publishedOn",
                  ]),
                  MEETING_LIMITS.sources,
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
}

/** The directory's own top-level keys and meeting fields: no feature may declare one of them again. */
const OWN_SCHEMA = schemaOf({}, {});

/** The names of a schema's properties (`properties` of an object, of its items for a list). */
function propertyNames(schema: SchemaObject): string[] {
  const object = (schema.type === "array" ? schema.items : schema) as SchemaObject;
  return Object.keys(object.properties as object);
}

/** Merges the features' schema properties, refusing a name the directory or an earlier feature already has. */
function featureProperties(
  added: readonly Readonly<Record<string, JsonSchema>>[],
  own: readonly string[],
  what: string,
): Record<string, JsonSchema> {
  const merged: Record<string, JsonSchema> = {};
  for (const properties of added) {
    for (const [name, schema] of Object.entries(properties)) {
      if (own.includes(name) || name in merged) throw new Error(`The ${what} ${name} is declared twice`);
      merged[name] = schema;
    }
  }
  return merged;
}

/**
 * The JSON Schema of a directory file with the features' sections (src/platform/directory-section.ts), in their
 * order; a section or meeting field named twice (by two features, or by a feature and the directory) is refused.
 */
export function directoryFileSchema(sections: readonly DirectorySection[]): SchemaObject {
  const ownProperties = OWN_SCHEMA.properties as Record<string, SchemaObject>;
  return schemaOf(
    featureProperties(
      sections.map((section) => ({ [section.key]: section.schema })),
      Object.keys(ownProperties),
      "directory section",
    ),
    featureProperties(
      sections.map((section) => section.meetingSchema ?? {}),
      propertyNames(ownProperties.meetings!),
      "meeting field",
    ),
  );
}
