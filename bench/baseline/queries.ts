import type { Database } from "sqlite3";

/*
 * Q1 and Q2 answered with hand-written SQL: the same JSON the gateway returns for the bench's documents
 * (same field order, nulls where a relation is missing, meetings newest first by start date with undated
 * ones last and ties by id descending, agenda by position, speakers by position). It is the floor the
 * gateway's overhead is measured against, not a second implementation of the API.
 */

export const MAX_PAGE = 100;

export function all<T>(db: Database, sql: string, params: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all<T>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

interface MeetingRow {
  id: number;
  slug: string;
  title: string;
  kind: string;
  start_date: string | null;
  end_date: string | null;
  timezone: string | null;
  format: string;
  host_member_id: number | null;
  host_iso_code: string | null;
  host_name: string | null;
  host_short_name: string | null;
  region_id: number | null;
  region_code: string | null;
  region_name: string | null;
  theme_id: number | null;
  theme_year: number | null;
  theme_title: string | null;
}

const MEETING_COLUMNS = `
  m.id, m.slug, m.title, m.kind, m.start_date, m.end_date, m.timezone, m.format,
  m.host_member_id, h.iso_code AS host_iso_code, h.name AS host_name, h.short_name AS host_short_name,
  m.region_id, r.code AS region_code, r.name AS region_name,
  m.theme_id, t.year AS theme_year, t.title AS theme_title
FROM meeting m
LEFT JOIN member h ON h.id = m.host_member_id
LEFT JOIN region r ON r.id = m.region_id
LEFT JOIN annual_theme t ON t.id = m.theme_id`;

const host = (m: MeetingRow) =>
  m.host_member_id === null ? null : { isoCode: m.host_iso_code, name: m.host_name, shortName: m.host_short_name };
const region = (m: MeetingRow) => (m.region_id === null ? null : { code: m.region_code, name: m.region_name });

/** `meeting(slug:) { slug title kind startDate endDate timezone format host {…} region {…} }` */
export async function meetingBySlug(db: Database, slug: string): Promise<unknown> {
  const [m] = await all<MeetingRow>(db, `SELECT ${MEETING_COLUMNS} WHERE m.slug = ?`, [slug]);
  if (!m) return { meeting: null };
  return {
    meeting: {
      slug: m.slug,
      title: m.title,
      kind: m.kind,
      startDate: m.start_date,
      endDate: m.end_date,
      timezone: m.timezone,
      format: m.format,
      host: host(m),
      region: region(m),
    },
  };
}

interface AgendaRow {
  id: number;
  meeting_id: number;
  position: number;
  title: string;
  kind: string;
}

interface SpeakerRow {
  agenda_item_id: number;
  slug: string;
  name: string;
  honorific: string | null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(",");

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** `meetings(first:) { pageInfo { hasNextPage } nodes { … agenda { … speakers {…} } } }`: three statements. */
export async function meetingsPage(db: Database, first: number): Promise<unknown> {
  const rows = await all<MeetingRow>(db, `SELECT ${MEETING_COLUMNS} ORDER BY m.start_date DESC, m.id DESC LIMIT ?`, [
    first + 1,
  ]);
  const page = rows.slice(0, first);
  const meetingIds = page.map((m) => m.id);
  const items = meetingIds.length
    ? await all<AgendaRow>(
        db,
        `SELECT id, meeting_id, position, title, kind FROM agenda_item WHERE meeting_id IN (${placeholders(meetingIds.length)}) ORDER BY meeting_id, position`,
        meetingIds,
      )
    : [];
  const itemIds = items.map((i) => i.id);
  const speakers = itemIds.length
    ? await all<SpeakerRow>(
        db,
        `SELECT s.agenda_item_id, p.slug, p.name, p.honorific FROM agenda_item_speaker s JOIN person p ON p.id = s.person_id WHERE s.agenda_item_id IN (${placeholders(itemIds.length)}) ORDER BY s.agenda_item_id, s.position`,
        itemIds,
      )
    : [];
  const itemsByMeeting = groupBy(items, (i) => i.meeting_id);
  const speakersByItem = groupBy(speakers, (s) => s.agenda_item_id);
  return {
    meetings: {
      pageInfo: { hasNextPage: rows.length > first },
      nodes: page.map((m) => ({
        slug: m.slug,
        title: m.title,
        kind: m.kind,
        startDate: m.start_date,
        endDate: m.end_date,
        host: host(m),
        region: region(m),
        theme: m.theme_id === null ? null : { year: m.theme_year, title: m.theme_title },
        agenda: (itemsByMeeting.get(m.id) ?? []).map((i) => ({
          position: i.position,
          title: i.title,
          kind: i.kind,
          speakers: (speakersByItem.get(i.id) ?? []).map((s) => ({
            slug: s.slug,
            name: s.name,
            honorific: s.honorific,
          })),
        })),
      })),
    },
  };
}
