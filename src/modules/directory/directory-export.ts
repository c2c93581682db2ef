import type { DataSource } from "typeorm";
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
import { exportSeries } from "../series/series.directory";
import { exportVenues } from "../venue/venue.directory";
import type { DirectoryFile } from "./directory-file";

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

/**
 * The whole directory in the format of `seeds/`, in an order fixed by natural keys (never by database ids
 * or insertion order), so that export → import into an empty database → export gives the same bytes.
 */
export async function exportDirectory(dataSource: DataSource): Promise<DirectoryFile> {
  const m = dataSource.manager;
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
  const [meetings, participations, agenda, speakers, itemTopics, topics, meetingSources] = await Promise.all([
    m.find(Meeting),
    m.find(Participation, { order: { id: "ASC" } }),
    m.find(AgendaItem, { order: { position: "ASC" } }),
    m.find(AgendaItemSpeaker, { order: { position: "ASC" } }),
    m.find(AgendaItemTopic),
    m.find(Topic),
    m.find(MeetingSource),
  ]);
  const venues = await exportVenues(m);
  const series = await exportSeries(m);

  const regionCode = new Map(regions.map((r) => [r.id, r.code]));
  const memberIso = new Map(members.map((r) => [r.id, r.isoCode]));
  const organisationSlug = new Map(organisations.map((r) => [r.id, r.slug]));
  const personSlug = new Map(people.map((r) => [r.id, r.slug]));
  const themeYear = new Map(themes.map((r) => [r.id, r.year]));
  const pillarName = new Map(pillars.map((r) => [r.id, r.name]));
  const topicName = new Map(topics.map((r) => [r.id, r.name]));
  const sourceById = new Map(sources.map((r) => [r.id, r]));
  const appointmentsOf = groupBy(appointments, (a) => a.personId);
  const pillarsOf = groupBy(pillars, (p) => p.themeId);
  const areasOf = groupBy(focusAreas, (a) => a.pillarId);
  const participantsOf = groupBy(participations, (p) => p.meetingId);
  const agendaOf = groupBy(agenda, (a) => a.meetingId);
  const speakersOf = groupBy(speakers, (s) => s.agendaItemId);
  const topicsOf = groupBy(itemTopics, (t) => t.agendaItemId);
  const sourcesOf = groupBy(meetingSources, (s) => s.meetingId);
  const sourceOrder = byText<Source>((s) => `${s.publishedOn}\u0000${s.title}`);

  return {
    provenance: "Exported from the Customs Events Gateway directory.",
    regions: regions.sort(byText((r) => r.code)).map((r) => ({ code: r.code, name: r.name })),
    organisations: organisations.sort(byText((o) => o.slug)).map((o) => ({
      slug: o.slug,
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      countryName: o.countryName,
    })),
    members: members.sort(byText((r) => r.isoCode)).map((r) => ({
      isoCode: r.isoCode,
      name: r.name,
      shortName: r.shortName,
      countryName: r.countryName,
      region: regionCode.get(r.regionId)!,
    })),
    people: people.sort(byText((p) => p.slug)).map((p) => ({
      slug: p.slug,
      name: p.name,
      honorific: p.honorific,
      appointments: (appointmentsOf.get(p.id) ?? []).map((a) => ({
        title: a.title,
        kind: a.kind,
        member: a.memberId === null ? null : memberIso.get(a.memberId)!,
        organisation: a.organisationId === null ? null : organisationSlug.get(a.organisationId)!,
        region: a.regionId === null ? null : regionCode.get(a.regionId)!,
        startDate: a.startDate,
        endDate: a.endDate,
      })),
    })),
    themes: themes
      .sort((a, b) => a.year - b.year)
      .map((t) => ({
        year: t.year,
        title: t.title,
        pillars: (pillarsOf.get(t.id) ?? []).map((p) => ({
          name: p.name,
          focusAreas: (areasOf.get(p.id) ?? []).map((a) => a.description),
        })),
      })),
    sources: sources.sort(sourceOrder).map((s) => ({
      title: s.title,
      publisher: s.publisher,
      publishedOn: s.publishedOn,
      language: s.language,
      url: s.url,
    })),
    series: series.series,
    venues: venues.venues,
    meetings: meetings.sort(byText((r) => r.slug)).map((r) => ({
      slug: r.slug,
      title: r.title,
      kind: r.kind,
      summary: r.summary,
      startDate: r.startDate,
      endDate: r.endDate,
      timezone: r.timezone,
      format: r.format,
      region: r.regionId === null ? null : regionCode.get(r.regionId)!,
      host: r.hostMemberId === null ? null : memberIso.get(r.hostMemberId)!,
      convener: r.convenerPersonId === null ? null : personSlug.get(r.convenerPersonId)!,
      theme: r.themeId === null ? null : themeYear.get(r.themeId)!,
      ...series.meetingFields(r),
      ...venues.meetingFields(r),
      participants: (participantsOf.get(r.id) ?? []).map((p) => ({
        person: personSlug.get(p.personId)!,
        role: p.role,
      })),
      agenda: (agendaOf.get(r.id) ?? []).map((item) => ({
        title: item.title,
        kind: item.kind,
        summary: item.summary,
        speakers: (speakersOf.get(item.id) ?? []).map((s) => personSlug.get(s.personId)!),
        pillar: item.pillarId === null ? null : pillarName.get(item.pillarId)!,
        topics: (topicsOf.get(item.id) ?? []).map((t) => topicName.get(t.topicId)!).sort(),
      })),
      sources: (sourcesOf.get(r.id) ?? [])
        .map((link) => sourceById.get(link.sourceId)!)
        .sort(sourceOrder)
        .map((s) => ({ title: s.title, publishedOn: s.publishedOn })),
    })),
  };
}

/** The exported file's text: two-space JSON with a final newline. */
export function serializeDirectory(file: DirectoryFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
