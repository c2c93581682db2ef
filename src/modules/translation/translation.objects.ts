import type { EntityManager, ObjectLiteral } from "typeorm";
import { In } from "typeorm";
import { AgendaItem, Topic } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "../series/series.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "../theme/theme-pillar.entity";
import { Venue } from "../venue/venue.entity";
import { focusAreaPosition } from "./translation.rules";

/*
 * The translated objects as the directory file names them, by natural key, the way every other section names
 * what it refers to: a region by code, a Member by ISO code, organisations, meetings, series and venues by slug,
 * a topic by name, a theme by year, a pillar by `<year>/<name>`, an agenda item by `<meeting slug>/<position>`
 * (a slug has no `/`; a pillar's name may, so the year is what comes before the first one). And the original
 * text a translation is of, which must exist: a translation of nothing is refused.
 */

type Row = ObjectLiteral & { id: number };

/** Rows of `entity` whose `column` is one of `values`, 500 at a time. */
async function findIn<T extends ObjectLiteral>(
  em: EntityManager,
  entity: new () => T,
  column: string,
  values: readonly unknown[],
): Promise<T[]> {
  const rows: T[] = [];
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += 500)
    rows.push(...(await em.findBy(entity, { [column]: In(unique.slice(i, i + 500)) } as never)));
  return rows;
}

/** The object `key` names among objects of `typename`, or null when there is none. */
export async function findByKey(em: EntityManager, typename: string, key: string): Promise<Row | null> {
  switch (typename) {
    case "Region":
      return em.findOneBy(Region, { code: key });
    case "Member":
      return em.findOneBy(Member, { isoCode: key });
    case "Organisation":
      return em.findOneBy(Organisation, { slug: key });
    case "Meeting":
      return em.findOneBy(Meeting, { slug: key });
    case "MeetingSeries":
      return em.findOneBy(MeetingSeries, { slug: key });
    case "Venue":
      return em.findOneBy(Venue, { slug: key });
    case "Topic":
      return em.findOneBy(Topic, { name: key });
    case "AnnualTheme":
      return /^[0-9]{1,4}$/.test(key) ? em.findOneBy(AnnualTheme, { year: Number(key) }) : null;
    case "ThemePillar": {
      const at = key.indexOf("/");
      if (at < 0 || !/^[0-9]{1,4}$/.test(key.slice(0, at))) return null;
      const theme = await em.findOneBy(AnnualTheme, { year: Number(key.slice(0, at)) });
      return theme && em.findOneBy(ThemePillar, { themeId: theme.id, name: key.slice(at + 1) });
    }
    case "AgendaItem": {
      const at = key.lastIndexOf("/");
      const position = key.slice(at + 1);
      if (at < 0 || !/^[1-9][0-9]{0,3}$/.test(position)) return null;
      const meeting = await em.findOneBy(Meeting, { slug: key.slice(0, at) });
      return meeting && em.findOneBy(AgendaItem, { meetingId: meeting.id, position: Number(position) });
    }
    default:
      return null;
  }
}

/** What `findByKey` says `key` should look like for `typename`, for a problem's message. */
export function keyShape(typename: string): string {
  const shapes: Record<string, string> = {
    Region: "region code",
    Member: "ISO code",
    Topic: "topic name",
    AnnualTheme: "year",
    ThemePillar: "<year>/<pillar name>",
    AgendaItem: "<meeting slug>/<position>",
  };
  return shapes[typename] ?? "slug";
}

/** The keys `findByKey` takes, of the objects of `typename` with these ids. */
export async function keysOf(
  em: EntityManager,
  typename: string,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const keys = new Map<number, string>();
  const put = <T extends Row>(rows: T[], keyOf: (row: T) => string) => {
    for (const row of rows) keys.set(row.id, keyOf(row));
  };
  switch (typename) {
    case "Region":
      put(await findIn(em, Region, "id", ids), (r) => r.code);
      break;
    case "Member":
      put(await findIn(em, Member, "id", ids), (r) => r.isoCode);
      break;
    case "Organisation":
      put(await findIn(em, Organisation, "id", ids), (r) => r.slug);
      break;
    case "Meeting":
      put(await findIn(em, Meeting, "id", ids), (r) => r.slug);
      break;
    case "MeetingSeries":
      put(await findIn(em, MeetingSeries, "id", ids), (r) => r.slug);
      break;
    case "Venue":
      put(await findIn(em, Venue, "id", ids), (r) => r.slug);
      break;
    case "Topic":
      put(await findIn(em, Topic, "id", ids), (r) => r.name);
      break;
    case "AnnualTheme":
      put(await findIn(em, AnnualTheme, "id", ids), (r) => String(r.year));
      break;
    case "ThemePillar": {
      const pillars = await findIn(em, ThemePillar, "id", ids);
      const years = new Map(
        (
          await findIn(
            em,
            AnnualTheme,
            "id",
            pillars.map((p) => p.themeId),
          )
        ).map((t) => [t.id, t.year]),
      );
      put(pillars, (p) => `${years.get(p.themeId)}/${p.name}`);
      break;
    }
    case "AgendaItem": {
      const items = await findIn(em, AgendaItem, "id", ids);
      const slugs = new Map(
        (
          await findIn(
            em,
            Meeting,
            "id",
            items.map((i) => i.meetingId),
          )
        ).map((m) => [m.id, m.slug]),
      );
      put(items, (i) => `${slugs.get(i.meetingId)}/${i.position}`);
      break;
    }
  }
  return keys;
}

/** The stored text a translation of `field` of `row` is of; null when the object has none (a null summary). */
export async function originalText(em: EntityManager, row: Row, field: string): Promise<string | null> {
  const position = focusAreaPosition(field);
  if (position !== null && row instanceof ThemePillar) {
    const area = await em.findOneBy(ThemePillarFocusArea, { pillarId: row.id, position });
    return area?.description ?? null;
  }
  const value: unknown = row[field];
  return typeof value === "string" ? value : null;
}
