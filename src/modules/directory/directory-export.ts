import type { DataSource, EntityManager } from "typeorm";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { Participation } from "../meeting/participation.entity";
import { MeetingSource, Source } from "../meeting/source.entity";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Appointment } from "../person/appointment.entity";
import { Person } from "../person/person.entity";
import { Region } from "../region/region.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "../theme/theme-pillar.entity";
import type { DirectorySection, DirectorySectionExport } from "../../platform/directory-section";
import type { DirectoryFile, MeetingRecord, PersonRecord, ThemeRecord } from "./directory-file";

function groupBy<T, K>(rows: T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const byText =
  <T>(keyOf: (row: T) => string) =>
  (a: T, b: T) =>
    keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;

/** The rows of the directory's own sections, read in one go. */
interface DirectoryRows {
  regions: Region[];
  organisations: Organisation[];
  members: Member[];
  people: Person[];
  appointments: Appointment[];
  themes: AnnualTheme[];
  pillars: ThemePillar[];
  focusAreas: ThemePillarFocusArea[];
  sources: Source[];
}

/** The rows of the meetings and of what belongs to them. */
interface MeetingRows {
  meetings: Meeting[];
  participations: Participation[];
  agenda: AgendaItem[];
  speakers: AgendaItemSpeaker[];
  itemTopics: AgendaItemTopic[];
  topics: Topic[];
  meetingSources: MeetingSource[];
}

/** The natural keys records refer to each other by, by database id. */
interface NaturalKeys {
  regionCode: Map<number, string>;
  memberIso: Map<number, string>;
  organisationSlug: Map<number, string>;
  personSlug: Map<number, string>;
  themeYear: Map<number, number>;
}

const sourceOrder = byText<Source>((s) => `${s.publishedOn}\u0000${s.title}`);

async function readDirectoryRows(m: EntityManager): Promise<DirectoryRows> {
  const [regions, organisations, members, people, appointments, themes, pillars, focusAreas, sources] =
    await Promise.all([
      m.find(Region),
      m.find(Organisation),
      m.find(Member),
      m.find(Person),
      m.find(Appointment, { order: { id: "ASC" } }),
      m.find(AnnualTheme),
      m.find(ThemePillar, { order: { position: "ASC" } }),
      m.find(ThemePillarFocusArea, { order: { position: "ASC" } }),
      m.find(Source),
    ]);
  return { regions, organisations, members, people, appointments, themes, pillars, focusAreas, sources };
}

async function readMeetingRows(m: EntityManager): Promise<MeetingRows> {
  const [meetings, participations, agenda, speakers, itemTopics, topics, meetingSources] = await Promise.all([
    m.find(Meeting),
    m.find(Participation, { order: { id: "ASC" } }),
    m.find(AgendaItem, { order: { position: "ASC" } }),
    m.find(AgendaItemSpeaker, { order: { position: "ASC" } }),
    m.find(AgendaItemTopic),
    m.find(Topic),
    m.find(MeetingSource),
  ]);
  return { meetings, participations, agenda, speakers, itemTopics, topics, meetingSources };
}

/** Each feature's part of the export (src/platform/directory-section.ts), in the feature list's order. */
async function readSections(
  m: EntityManager,
  sections: readonly DirectorySection[],
): Promise<{ key: string; exported: DirectorySectionExport }[]> {
  const exports: { key: string; exported: DirectorySectionExport }[] = [];
  for (const section of sections) exports.push({ key: section.key, exported: await section.exporter(m) });
  return exports;
}

function naturalKeysOf(rows: DirectoryRows): NaturalKeys {
  return {
    regionCode: new Map(rows.regions.map((r) => [r.id, r.code])),
    memberIso: new Map(rows.members.map((r) => [r.id, r.isoCode])),
    organisationSlug: new Map(rows.organisations.map((r) => [r.id, r.slug])),
    personSlug: new Map(rows.people.map((r) => [r.id, r.slug])),
    themeYear: new Map(rows.themes.map((r) => [r.id, r.year])),
  };
}

function exportPeople(rows: DirectoryRows, keys: NaturalKeys): PersonRecord[] {
  const appointmentsOf = groupBy(rows.appointments, (a) => a.personId);
  return rows.people.sort(byText((p) => p.slug)).map((p) => ({
    slug: p.slug,
    name: p.name,
    honorific: p.honorific,
    appointments: (appointmentsOf.get(p.id) ?? []).map((a) => ({
      title: a.title,
      kind: a.kind,
      member: a.memberId === null ? null : keys.memberIso.get(a.memberId)!,
      organisation: a.organisationId === null ? null : keys.organisationSlug.get(a.organisationId)!,
      region: a.regionId === null ? null : keys.regionCode.get(a.regionId)!,
      startDate: a.startDate,
      endDate: a.endDate,
    })),
  }));
}

function exportThemes(rows: DirectoryRows): ThemeRecord[] {
  const pillarsOf = groupBy(rows.pillars, (p) => p.themeId);
  const areasOf = groupBy(rows.focusAreas, (a) => a.pillarId);
  return rows.themes
    .sort((a, b) => a.year - b.year)
    .map((t) => ({
      year: t.year,
      title: t.title,
      pillars: (pillarsOf.get(t.id) ?? []).map((p) => ({
        name: p.name,
        focusAreas: (areasOf.get(p.id) ?? []).map((a) => a.description),
      })),
    }));
}

/** The directory's own sections before `meetings`, each in its natural-key order. */
function exportOwnSections(rows: DirectoryRows, keys: NaturalKeys): DirectoryFile {
  return {
    regions: rows.regions.sort(byText((r) => r.code)).map((r) => ({ code: r.code, name: r.name })),
    organisations: rows.organisations.sort(byText((o) => o.slug)).map((o) => ({
      slug: o.slug,
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      countryName: o.countryName,
    })),
    members: rows.members.sort(byText((r) => r.isoCode)).map((r) => ({
      isoCode: r.isoCode,
      name: r.name,
      shortName: r.shortName,
      countryName: r.countryName,
      region: keys.regionCode.get(r.regionId)!,
    })),
    people: exportPeople(rows, keys),
    themes: exportThemes(rows),
    sources: rows.sources.sort(sourceOrder).map((s) => ({
      title: s.title,
      publisher: s.publisher,
      publishedOn: s.publishedOn,
      language: s.language,
      url: s.url,
    })),
  };
}

/** The meetings, by slug, each with its participants, agenda, sources and the features' fields. */
function exportMeetings(
  rows: MeetingRows,
  keys: NaturalKeys,
  own: DirectoryRows,
  sections: readonly { exported: DirectorySectionExport }[],
): MeetingRecord[] {
  const pillarName = new Map(own.pillars.map((r) => [r.id, r.name]));
  const topicName = new Map(rows.topics.map((r) => [r.id, r.name]));
  const sourceById = new Map(own.sources.map((r) => [r.id, r]));
  const participantsOf = groupBy(rows.participations, (p) => p.meetingId);
  const agendaOf = groupBy(rows.agenda, (a) => a.meetingId);
  const speakersOf = groupBy(rows.speakers, (s) => s.agendaItemId);
  const topicsOf = groupBy(rows.itemTopics, (t) => t.agendaItemId);
  const sourcesOf = groupBy(rows.meetingSources, (s) => s.meetingId);
  const sectionFields = (meeting: Meeting) => {
    const fields: Record<string, unknown> = {};
    for (const section of sections) Object.assign(fields, section.exported.meetingFields?.(meeting));
    return fields;
  };
  return rows.meetings.sort(byText((r) => r.slug)).map((r) => ({
    slug: r.slug,
    title: r.title,
    kind: r.kind,
    summary: r.summary,
    startDate: r.startDate,
    endDate: r.endDate,
    startTime: r.startTime,
    endTime: r.endTime,
    timezone: r.timezone,
    format: r.format,
    status: r.status,
    region: r.regionId === null ? null : keys.regionCode.get(r.regionId)!,
    host: r.hostMemberId === null ? null : keys.memberIso.get(r.hostMemberId)!,
    convener: r.convenerPersonId === null ? null : keys.personSlug.get(r.convenerPersonId)!,
    theme: r.themeId === null ? null : keys.themeYear.get(r.themeId)!,
    ...sectionFields(r),
    participants: (participantsOf.get(r.id) ?? []).map((p) => ({
      person: keys.personSlug.get(p.personId)!,
      role: p.role,
    })),
    agenda: (agendaOf.get(r.id) ?? []).map((item) => ({
      title: item.title,
      kind: item.kind,
      summary: item.summary,
      speakers: (speakersOf.get(item.id) ?? []).map((s) => keys.personSlug.get(s.personId)!),
      pillar: item.pillarId === null ? null : pillarName.get(item.pillarId)!,
      topics: (topicsOf.get(item.id) ?? []).map((t) => topicName.get(t.topicId)!).sort(),
    })),
    sources: (sourcesOf.get(r.id) ?? [])
      .map((link) => sourceById.get(link.sourceId)!)
      .sort(sourceOrder)
      .map((s) => ({ title: s.title, publishedOn: s.publishedOn })),
  }));
}

/**
 * The whole directory in the format of `seeds/`, in an order fixed by natural keys (never by database ids
 * or insertion order), so that export → import into an empty database → export gives the same bytes. The
 * features' sections (src/platform/directory-section.ts) come between `sources` and `meetings`, in their order.
 */
export async function exportDirectory(
  dataSource: DataSource,
  sections: readonly DirectorySection[],
): Promise<DirectoryFile> {
  const m = dataSource.manager;
  const rows = await readDirectoryRows(m);
  const meetingRows = await readMeetingRows(m);
  const sectionExports = await readSections(m, sections);
  const keys = naturalKeysOf(rows);
  return {
    provenance: "Exported from the Customs Events Gateway directory.",
    ...exportOwnSections(rows, keys),
    ...Object.fromEntries(sectionExports.map((section) => [section.key, section.exported.value])),
    meetings: exportMeetings(meetingRows, keys, rows, sectionExports),
  };
}

/** The exported file's text: two-space JSON with a final newline. */
export function serializeDirectory(file: DirectoryFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
