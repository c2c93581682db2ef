import type { AgendaItemKind } from "../../src/modules/agenda/agenda.enums";
import type { MeetingFormat, MeetingKind, ParticipationRole } from "../../src/modules/meeting/meeting.enums";
import type { OrganisationKind } from "../../src/modules/member/organisation.entity";
import type { OfficeKind } from "../../src/modules/person/appointment.entity";

/*
 * The directory-file format (README, "The directory files"; seeds/*.json) as plain JSON types. The bench
 * writes files, not the product's internal record types, so that it keeps compiling while those change;
 * the import's own validation is what checks the files.
 */

export interface RegionJson {
  code: string;
  name: string;
}

export interface OrganisationJson {
  slug: string;
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
  countryName: string | null;
}

export interface MemberJson {
  isoCode: string;
  name: string;
  shortName: string | null;
  countryName: string;
  region: string;
}

export interface AppointmentJson {
  title: string;
  kind: OfficeKind;
  member?: string;
  organisation?: string;
  region?: string;
}

export interface PersonJson {
  slug: string;
  name: string;
  honorific: string | null;
  appointments: AppointmentJson[];
}

export interface ThemeJson {
  year: number;
  title: string;
  pillars: { name: string; focusAreas: string[] }[];
}

export interface SourceJson {
  title: string;
  publisher: string;
  publishedOn: string;
  language: string;
  url: string | null;
}

export interface AgendaItemJson {
  title: string;
  kind: AgendaItemKind;
  summary: string | null;
  speakers: string[];
  pillar: string | null;
  topics: string[];
}

export interface ParticipantJson {
  person: string;
  role: ParticipationRole;
}

export interface MeetingJson {
  slug: string;
  title: string;
  kind: MeetingKind;
  summary: string | null;
  startDate: string | null;
  endDate: string | null;
  timezone: string | null;
  format: MeetingFormat;
  region: string | null;
  host: string | null;
  convener: string | null;
  theme: number | null;
  participants: ParticipantJson[];
  agenda: AgendaItemJson[];
  sources?: { title: string; publishedOn: string }[];
}

export interface DirectoryJson {
  provenance: string;
  regions?: RegionJson[];
  organisations?: OrganisationJson[];
  members?: MemberJson[];
  people?: PersonJson[];
  themes?: ThemeJson[];
  sources?: SourceJson[];
  meetings?: MeetingJson[];
}
