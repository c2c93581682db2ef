import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import type { FieldProblem } from "../../common/errors";
import { REGION_CODE_PATTERN, REGION_LIMITS } from "../region/region.rules";
import { repeatedKeyProblems } from "../../common/input-rules";
import { SLUG, optionalPattern, optionalText, pattern, sectionList, text } from "../../common/json-schema";
import type { DirectorySection } from "../../platform/directory-section";
import { Meeting } from "../meeting/meeting.entity";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "./series.entity";
import { SERIES_LIMITS, seriesSlugTaken, sessionNumberTaken, sessionWithoutSeriesProblems } from "./series.rules";

/*
 * Meeting series in the directory file (src/modules/directory/directory-file.ts): a top-level `series` list,
 * keyed by slug, and on each meeting its `series` (a slug) and `sessionNumber`. The format, its checks, its
 * import and its export live here, beside the series' rules (series.rules.ts), registered as the feature's
 * directory section (seriesDirectorySection, below), which the directory module applies without knowing series. As for every other field of a meeting record, a meeting's `series` and `sessionNumber` describe it
 * completely: absent or null, the meeting belongs to no series or has no number. An import never removes a series.
 */

export interface SeriesRecord {
  slug: string;
  name: string;
  shortName?: string | null;
  description?: string | null;
  region?: string | null;
}

/** What a meeting record holds of the series feature. */
export interface MeetingSeriesFields {
  series?: string | null;
  sessionNumber?: number | null;
}

/** What the series feature reads of a validated directory file. */
export interface SeriesFileView {
  series?: SeriesRecord[];
  meetings?: (MeetingSeriesFields & { slug: string })[];
}

// The same patterns as the rest of the format (directory-file.ts), so that the same messages answer them.
/** The JSON Schema of the top-level `series` list. */
export const seriesSchema = sectionList(
  {
    slug: pattern(SLUG, SERIES_LIMITS.slug),
    name: text(SERIES_LIMITS.name),
    shortName: optionalText(SERIES_LIMITS.shortName),
    description: optionalText(SERIES_LIMITS.description),
    region: optionalPattern(REGION_CODE_PATTERN.source, REGION_LIMITS.code.max, REGION_LIMITS.code.min),
  },
  ["slug", "name"],
);

/** The JSON Schema of a meeting record's `series` and `sessionNumber`. */
export const meetingSeriesSchemaProperties = {
  series: optionalPattern(SLUG, SERIES_LIMITS.slug),
  sessionNumber: {
    type: "integer",
    minimum: SERIES_LIMITS.sessionNumber.min,
    maximum: SERIES_LIMITS.sessionNumber.max,
    nullable: true,
  },
} as const;

/** What the schema cannot say, by the API's own rules: a slug given twice, a session number without a series. */
export function seriesFileProblems(file: SeriesFileView): FieldProblem[] {
  const problems: FieldProblem[] = repeatedKeyProblems(
    file.series,
    (series) => series.slug,
    (series, i) => seriesSlugTaken(series.slug, `series[${i}].slug`),
  );
  file.meetings?.forEach((meeting, i) =>
    problems.push(
      ...sessionWithoutSeriesProblems(meeting.sessionNumber, Boolean(meeting.series), `meetings[${i}].sessionNumber`),
    ),
  );
  return problems;
}

const sessionKey = (series: string, sessionNumber: number) => `${series}\u0000${sessionNumber}`;

/**
 * Session numbers the file would give twice in one series: twice in the file, or to a meeting while a stored
 * meeting the file leaves alone holds it. CONFLICT, in the words of `createMeeting`'s refusal, found before
 * anything is written. A stored meeting the file names is no conflict: the file restates its number.
 */
export async function sessionNumberConflicts(em: EntityManager, file: SeriesFileView): Promise<FieldProblem[]> {
  const numbered = (file.meetings ?? []).flatMap((meeting, index) =>
    meeting.series && meeting.sessionNumber != null
      ? [{ slug: meeting.slug, series: meeting.series, sessionNumber: meeting.sessionNumber, index }]
      : [],
  );
  if (!numbered.length) return [];
  const seriesSlugs = [...new Set(numbered.map((meeting) => meeting.series))];
  const names = new Map((file.series ?? []).map((series) => [series.slug, series.name]));
  const holders = new Map<string, string>();
  for (let i = 0; i < seriesSlugs.length; i += 500) {
    const slugs = seriesSlugs.slice(i, i + 500);
    const stored = await em.findBy(MeetingSeries, { slug: In(slugs) });
    for (const series of stored) if (!names.has(series.slug)) names.set(series.slug, series.name);
    const rows = await em
      .createQueryBuilder(Meeting, "meeting")
      .innerJoin(MeetingSeries, "series", "series.id = meeting.seriesId")
      .select("meeting.slug", "meeting")
      .addSelect("series.slug", "series")
      .addSelect("meeting.sessionNumber", "sessionNumber")
      .where("series.slug IN (:...slugs)", { slugs })
      .andWhere("meeting.sessionNumber IS NOT NULL")
      .getRawMany<{ meeting: string; series: string; sessionNumber: number | string }>();
    for (const row of rows) holders.set(sessionKey(row.series, Number(row.sessionNumber)), row.meeting);
  }
  const inFile = new Set((file.meetings ?? []).map((meeting) => meeting.slug));
  const given = new Map<string, string>();
  const conflicts: FieldProblem[] = [];
  for (const meeting of numbered) {
    const key = sessionKey(meeting.series, meeting.sessionNumber);
    const stored = holders.get(key);
    const holder = given.get(key) ?? (stored !== undefined && !inFile.has(stored) ? stored : undefined);
    given.set(key, given.get(key) ?? meeting.slug);
    if (holder === undefined || holder === meeting.slug) continue;
    const name = names.get(meeting.series) ?? meeting.series;
    const path = `meetings[${meeting.index}].sessionNumber`;
    conflicts.push(sessionNumberTaken(name, meeting.sessionNumber, holder, path));
  }
  return conflicts;
}

/** Inserts or updates one row, counting the change (the directory applier's own `upsert`). */
export type Upsert = (existing: MeetingSeries | undefined, values: Partial<MeetingSeries>) => Promise<MeetingSeries>;

/** Applies a file's series and resolves the series its meetings name, within the import's transaction. */
export class SeriesImport {
  private readonly series = new Map<string, MeetingSeries | null>();

  constructor(
    private readonly em: EntityManager,
    private readonly upsert: Upsert,
  ) {}

  /**
   * Inserts the file's new series and updates the changed ones, matched by slug; a region neither in the file
   * nor stored is a problem at `series[i].region`.
   */
  async apply(records: readonly SeriesRecord[] | undefined, problems: FieldProblem[]): Promise<void> {
    if (!records?.length) return;
    const stored = new Map<string, MeetingSeries>();
    for (let i = 0; i < records.length; i += 500) {
      const slugs = records.slice(i, i + 500).map((record) => record.slug);
      for (const series of await this.em.findBy(MeetingSeries, { slug: In(slugs) })) stored.set(series.slug, series);
    }
    const codes = [...new Set(records.flatMap((record) => (record.region ? [record.region] : [])))];
    const regions = new Map(
      (codes.length ? await this.em.findBy(Region, { code: In(codes) }) : []).map((region) => [region.code, region.id]),
    );
    for (const [i, record] of records.entries()) {
      const regionId = record.region ? regions.get(record.region) : null;
      if (regionId === undefined) {
        problems.push({
          path: `series[${i}].region`,
          message: `region ${record.region} does not exist in the file or the directory`,
        });
        continue;
      }
      const series = await this.upsert(stored.get(record.slug), {
        slug: record.slug,
        name: record.name,
        shortName: record.shortName ?? null,
        description: record.description ?? null,
        regionId,
      });
      this.series.set(record.slug, series);
    }
  }

  /**
   * Frees the session numbers the file moves: a stored meeting that the file gives another series or number
   * first loses its number (keeping its version: the move is one change, counted when the meeting gets its
   * new values), so that two meetings exchanging numbers never collide on the unique key on the way.
   */
  async freeMovedSessions(file: SeriesFileView): Promise<void> {
    const records = new Map((file.meetings ?? []).map((meeting) => [meeting.slug, meeting]));
    if (!records.size) return;
    const slugs = [...records.keys()];
    const moving: number[] = [];
    for (let i = 0; i < slugs.length; i += 500) {
      const stored = await this.em
        .createQueryBuilder(Meeting, "meeting")
        .leftJoin(MeetingSeries, "series", "series.id = meeting.seriesId")
        .select("meeting.id", "id")
        .addSelect("meeting.slug", "slug")
        .addSelect("series.slug", "series")
        .addSelect("meeting.sessionNumber", "sessionNumber")
        .where("meeting.slug IN (:...slugs)", { slugs: slugs.slice(i, i + 500) })
        .andWhere("meeting.sessionNumber IS NOT NULL")
        .getRawMany<{ id: number | string; slug: string; series: string; sessionNumber: number | string }>();
      for (const row of stored) {
        const record = records.get(row.slug)!;
        if (record.series !== row.series || record.sessionNumber !== Number(row.sessionNumber))
          moving.push(Number(row.id));
      }
    }
    for (let i = 0; i < moving.length; i += 500) {
      await this.em
        .createQueryBuilder()
        .update(Meeting)
        .set({ sessionNumber: null, version: () => "version" } as never)
        .where("id IN (:...ids)", { ids: moving.slice(i, i + 500) })
        .execute();
    }
  }

  /** A meeting record's series and session number as the meeting's columns; an unknown series is a problem. */
  async meetingColumns(
    record: MeetingSeriesFields,
    path: string,
    problems: FieldProblem[],
  ): Promise<Pick<Meeting, "seriesId" | "sessionNumber">> {
    let seriesId: number | null = null;
    if (record.series) {
      let series = this.series.get(record.series);
      if (series === undefined) {
        series = await this.em.findOneBy(MeetingSeries, { slug: record.series });
        this.series.set(record.series, series);
      }
      if (series) seriesId = series.id;
      else
        problems.push({
          path: `${path}.series`,
          message: `series ${record.series} does not exist in the file or the directory`,
        });
    }
    return { seriesId, sessionNumber: record.sessionNumber ?? null };
  }
}

/** The series of the directory, by slug, and how a meeting names its series and session number in the file. */
export async function exportSeries(em: EntityManager): Promise<{
  series: SeriesRecord[];
  meetingFields: (meeting: Meeting) => Required<MeetingSeriesFields>;
}> {
  const [series, regions] = await Promise.all([em.find(MeetingSeries), em.find(Region)]);
  const slugs = new Map(series.map((row) => [row.id, row.slug]));
  const codes = new Map(regions.map((region) => [region.id, region.code]));
  return {
    series: series
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
      .map((row) => ({
        slug: row.slug,
        name: row.name,
        shortName: row.shortName,
        description: row.description,
        region: row.regionId === null ? null : codes.get(row.regionId)!,
      })),
    meetingFields: (meeting) => ({
      series: meeting.seriesId === null ? null : slugs.get(meeting.seriesId)!,
      sessionNumber: meeting.sessionNumber,
    }),
  };
}

/**
 * The series feature's part of the directory file (src/platform/directory-section.ts). The file it is handed is
 * validated by the schemas above, so it is read through this file's own types.
 */
export const seriesDirectorySection: DirectorySection = {
  key: "series",
  schema: seriesSchema,
  meetingSchema: meetingSeriesSchemaProperties,
  normalise: { each: { fields: { name: "text", shortName: "text", description: "text" } } },
  fileProblems: (file) => seriesFileProblems(file as SeriesFileView),
  conflicts: (em, file) => sessionNumberConflicts(em, file as SeriesFileView),
  importer: ({ em, upsert, problems }) => {
    const series = new SeriesImport(em, (existing, values) => upsert(MeetingSeries, "MeetingSeries", existing, values));
    return {
      apply: (value) => series.apply(value as SeriesRecord[] | undefined, problems),
      beforeMeetings: (file) => series.freeMovedSessions(file as SeriesFileView),
      meetingColumns: (record, path) => series.meetingColumns(record as MeetingSeriesFields, path, problems),
    };
  },
  exporter: async (em) => {
    const exported = await exportSeries(em);
    return { value: exported.series, meetingFields: (meeting) => exported.meetingFields(meeting as Meeting) };
  },
};
