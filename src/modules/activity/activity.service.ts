import type { DataSource, ObjectLiteral, Repository, SelectQueryBuilder } from "typeorm";
import { BadUserInputError } from "../../common/errors";
import type { DatabaseEngine } from "../../config";
import { decodeGlobalIdOf } from "../../common/global-id";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import { AgendaItem } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { Participation } from "../meeting/participation.entity";
import { Region } from "../region/region.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import type { ActivityGranularity } from "./activity.enums";
import type { ActivityFilter } from "./activity.inputs";
import type { Period } from "./activity.periods";
import { ordinalOfDate, ordinalOfKey, periodOf, periodSql, rangeProblem } from "./activity.periods";
import type {
  ActivityTotals,
  HostMeetingCount,
  PeriodMeetingCount,
  PillarCount,
  RegionActivity,
  RegionMeetingCount,
} from "./activity.types";

/** Most hosts and most recent meetings a summary lists. */
export const MAX_SUMMARY_ITEMS = 20;

/** A validated activity filter: pillar ids decoded, lists as given (an empty list matches nothing). */
export interface ActivityQuery {
  regionCodes: string[] | null;
  from: string | null;
  to: string | null;
  kinds: string[] | null;
  pillarIds: number[] | null;
}

/** Empty `IN ()` lists are invalid SQL; a value no row holds keeps "matches nothing" semantics. */
const nonEmpty = <T>(values: T[], impossible: T): T[] => (values.length ? values : [impossible]);

/** Counts and ids as numbers (the PostgreSQL data source already parses bigint COUNT(*) results as numbers). */
const int = (value: unknown): number => Number(value ?? 0);

/** One region's counts in one period; only periods with meetings have one. */
interface Bucket {
  ordinal: number;
  meetingCount: number;
  hostCount: number;
  agendaItemCount: number;
  participantCount: number;
  pillars: PillarCount[];
}

const bucketKey = (regionId: unknown, periodKey: string) => `${int(regionId)}|${periodKey}`;

export interface ActivityServiceOptions {
  /**
   * Whether reports may be read from the maintained summary (default true). Off, every report is counted from
   * the meetings: what the summary's answers are compared with.
   */
  useSummary?: boolean;
}

/**
 * Aggregates over meetings for dashboards. Every figure is computed by the database with GROUP BY: a
 * report costs a fixed handful of statements however many meetings, regions or periods it covers, and no
 * meeting row is loaded into JavaScript (except the few `recentMeetings`). Only the zero buckets of empty
 * periods are filled in here, from the grouped results.
 *
 * Periods are read off `start_date`, which is the calendar date in the meeting's own time zone: a meeting
 * on 31 December in Lima belongs to December, whatever the UTC instant was.
 */
export class ActivityService {
  private readonly meetings: Repository<Meeting>;
  private readonly agendaItems: Repository<AgendaItem>;
  private readonly participations: Repository<Participation>;
  /** Regions and meetings that reach resolvers are read as every other read reads them (src/platform/db/entity-reader.ts). */
  private readonly regions: EntityReader<Region>;
  private readonly meetingReader: EntityReader<Meeting>;

  private readonly engine: DatabaseEngine;
  private readonly useSummary: boolean;

  constructor(
    private readonly dataSource: DataSource,
    options: ActivityServiceOptions = {},
  ) {
    this.useSummary = options.useSummary ?? true;
    this.engine = dataSource.options.type === "postgres" ? "postgres" : "sqlite";
    this.meetings = dataSource.getRepository(Meeting);
    this.agendaItems = dataSource.getRepository(AgendaItem);
    this.participations = dataSource.getRepository(Participation);
    this.regions = readerOf(dataSource, Region);
    this.meetingReader = readerOf(dataSource, Meeting);
  }

  /** Checks a filter and decodes its ids; BAD_USER_INPUT names the field at fault. */
  normalize(filter: ActivityFilter | null | undefined): ActivityQuery {
    return {
      regionCodes: filter?.regionCodes ?? null,
      from: filter?.from ?? null,
      to: filter?.to ?? null,
      kinds: filter?.kinds ?? null,
      pillarIds:
        filter?.pillarIds?.map((id, i) => decodeGlobalIdOf(ThemePillar.typename, id, `filter.pillarIds.${i}`)) ?? null,
    };
  }

  /**
   * Per region and period: meetings, agenda items, distinct hosts and participants, and items per pillar.
   *
   * Read from the maintained summary (activity.summary.ts) when it answers exactly: the filter selects by
   * regions and dates only (it holds every kind, and pillar filters select whole meetings), and no bucket is
   * waiting to be recomputed (`activity_stale` is empty after every commit; a write that bypassed the unit of
   * work would leave markers). The whole periods of the range come from the summary; a `from` or `to` inside a
   * period makes that edge period partial, and it is counted from the meetings of those few days. Otherwise
   * everything is counted from the meetings, agenda items and participations. A fixed handful of statements
   * either way, whatever the data; the answers are the same.
   */
  async regional(query: ActivityQuery, granularity: ActivityGranularity): Promise<RegionActivity[]> {
    if (query.from && query.to && query.from > query.to) return [];
    if (query.from && query.to)
      this.checkRange(granularity, ordinalOfDate(granularity, query.from), ordinalOfDate(granularity, query.to));
    if (query.regionCodes?.length === 0) return [];

    const byCode = `"t"."code"`;
    const regions = query.regionCodes
      ? await this.regions.where("code", query.regionCodes, byCode)
      : await this.regions.all(byCode);
    if (!regions.length) return [];

    const buckets = (await this.summaryAnswers(query))
      ? await this.summaryBuckets(query, granularity, query.regionCodes ? regions.map((region) => region.id) : null)
      : await this.baseBuckets(query, granularity);

    // The range: as requested, else from the first to the last period with activity (of any region).
    const active = [...buckets.values()].map((bucket) => bucket.ordinal);
    const first = query.from ? ordinalOfDate(granularity, query.from) : active.length ? Math.min(...active) : null;
    const last = query.to ? ordinalOfDate(granularity, query.to) : active.length ? Math.max(...active) : null;
    if (first === null || last === null || first > last) return [];
    this.checkRange(granularity, first, last);

    const periods: Period[] = [];
    for (let ordinal = first; ordinal <= last; ordinal++) periods.push(periodOf(granularity, ordinal));
    return regions.flatMap((region) =>
      periods.map((p) => {
        const bucket = buckets.get(bucketKey(region.id, p.key));
        return {
          region,
          period: p,
          meetingCount: bucket?.meetingCount ?? 0,
          hostCount: bucket?.hostCount ?? 0,
          agendaItemCount: bucket?.agendaItemCount ?? 0,
          participantCount: bucket?.participantCount ?? 0,
          pillars: (bucket?.pillars ?? []).sort((a, b) => a.pillarId - b.pillarId),
        };
      }),
    );
  }

  /**
   * Whether the maintained summary answers this filter exactly: it counts every kind of meeting, whatever its
   * agenda, and it is current (no marker waits). One indexed statement.
   */
  private async summaryAnswers(query: ActivityQuery): Promise<boolean> {
    if (!this.useSummary || query.kinds || query.pillarIds) return false;
    const stale: unknown[] = await this.dataSource.query("SELECT 1 AS stale FROM activity_stale LIMIT 1");
    return stale.length === 0;
  }

  /** The non-empty buckets counted from the meetings, agenda items and participations the filter selects. */
  private async baseBuckets(query: ActivityQuery, granularity: ActivityGranularity): Promise<Map<string, Bucket>> {
    const period = periodSql(granularity, "m.start_date", this.engine);
    const meetingRows = await this.filtered(this.meetings.createQueryBuilder("m"), query)
      .select("m.region_id", "region_id")
      .addSelect(period, "period")
      .addSelect("COUNT(*)", "meetings")
      .addSelect("COUNT(DISTINCT m.host_member_id)", "hosts")
      .andWhere("m.region_id IS NOT NULL")
      .groupBy("m.region_id")
      .addGroupBy(period)
      .getRawMany<{ region_id: unknown; period: string; meetings: unknown; hosts: unknown }>();
    const agendaRows = await this.filtered(this.fromMeetingsOf(this.agendaItems, "ai"), query)
      .select("m.region_id", "region_id")
      .addSelect(period, "period")
      .addSelect("ai.pillar_id", "pillar_id")
      .addSelect("COUNT(*)", "items")
      .andWhere("m.region_id IS NOT NULL")
      .groupBy("m.region_id")
      .addGroupBy(period)
      .addGroupBy("ai.pillar_id")
      .getRawMany<{ region_id: unknown; period: string; pillar_id: unknown; items: unknown }>();
    const participantRows = await this.filtered(this.fromMeetingsOf(this.participations, "p"), query)
      .select("m.region_id", "region_id")
      .addSelect(period, "period")
      .addSelect("COUNT(DISTINCT p.person_id)", "people")
      .andWhere("m.region_id IS NOT NULL")
      .groupBy("m.region_id")
      .addGroupBy(period)
      .getRawMany<{ region_id: unknown; period: string; people: unknown }>();

    const buckets = new Map<string, Bucket>();
    for (const row of meetingRows) {
      buckets.set(bucketKey(row.region_id, row.period), {
        ordinal: ordinalOfKey(granularity, row.period),
        meetingCount: int(row.meetings),
        hostCount: int(row.hosts),
        agendaItemCount: 0,
        participantCount: 0,
        pillars: [],
      });
    }
    // Agenda items and participants belong to meetings, so their buckets are among the meetings' ones.
    for (const row of agendaRows) {
      const bucket = buckets.get(bucketKey(row.region_id, row.period));
      if (!bucket) continue;
      bucket.agendaItemCount += int(row.items);
      if (row.pillar_id != null) bucket.pillars.push({ pillarId: int(row.pillar_id), agendaItemCount: int(row.items) });
    }
    for (const row of participantRows) {
      const bucket = buckets.get(bucketKey(row.region_id, row.period));
      if (bucket) bucket.participantCount = int(row.people);
    }
    return buckets;
  }

  /**
   * The non-empty buckets of the range from the summary (whole periods: two statements) and, for an edge
   * period that `from` or `to` cuts, from the meetings of the part of it inside the range.
   */
  private async summaryBuckets(
    query: ActivityQuery,
    granularity: ActivityGranularity,
    regionIds: number[] | null,
  ): Promise<Map<string, Bucket>> {
    const firstOrdinal = query.from ? ordinalOfDate(granularity, query.from) : null;
    const lastOrdinal = query.to ? ordinalOfDate(granularity, query.to) : null;
    const firstPeriod = firstOrdinal === null ? null : periodOf(granularity, firstOrdinal);
    const lastPeriod = lastOrdinal === null ? null : periodOf(granularity, lastOrdinal);
    const cutFirst = firstPeriod !== null && query.from !== firstPeriod.firstDay;
    const cutLast = lastPeriod !== null && query.to !== lastPeriod.lastDay;

    // The partial edge periods, as date ranges of their own (one, when both edges are the same period).
    const edges: { from: string; to: string | null }[] = [];
    if (firstPeriod && (cutFirst || (cutLast && firstOrdinal === lastOrdinal))) {
      edges.push({ from: query.from!, to: firstOrdinal === lastOrdinal ? query.to : firstPeriod.lastDay });
    }
    if (lastPeriod && cutLast && firstOrdinal !== lastOrdinal) edges.push({ from: lastPeriod.firstDay, to: query.to });

    // The whole periods in between, from the summary.
    const low = firstOrdinal === null ? null : cutFirst ? firstOrdinal + 1 : firstOrdinal;
    const high = lastOrdinal === null ? null : cutLast ? lastOrdinal - 1 : lastOrdinal;
    const buckets =
      low !== null && high !== null && low > high
        ? new Map<string, Bucket>()
        : await this.summaryRows(granularity, regionIds, low, high);

    for (const edge of edges) {
      const edgeQuery: ActivityQuery = { ...query, from: edge.from, to: edge.to };
      for (const [key, bucket] of await this.baseBuckets(edgeQuery, granularity)) buckets.set(key, bucket);
    }
    return buckets;
  }

  /** The summary's buckets of one granularity, for some regions (or all) and periods between two ordinals. */
  private async summaryRows(
    granularity: ActivityGranularity,
    regionIds: number[] | null,
    low: number | null,
    high: number | null,
  ): Promise<Map<string, Bucket>> {
    const restrict = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> => {
      qb.where("s.granularity = :summaryGranularity", { summaryGranularity: granularity });
      if (regionIds) qb.andWhere("s.region_id IN (:...summaryRegions)", { summaryRegions: nonEmpty(regionIds, 0) });
      if (low !== null) qb.andWhere("s.period >= :summaryLow", { summaryLow: periodOf(granularity, low).key });
      if (high !== null) qb.andWhere("s.period <= :summaryHigh", { summaryHigh: periodOf(granularity, high).key });
      return qb;
    };
    const periodRows = await restrict(this.dataSource.createQueryBuilder().from("activity_period", "s"))
      .select("s.region_id", "region_id")
      .addSelect("s.period", "period")
      .addSelect("s.meeting_count", "meetings")
      .addSelect("s.host_count", "hosts")
      .addSelect("s.agenda_item_count", "items")
      .addSelect("s.participant_count", "people")
      .getRawMany<{
        region_id: unknown;
        period: string;
        meetings: unknown;
        hosts: unknown;
        items: unknown;
        people: unknown;
      }>();
    const pillarRows = await restrict(this.dataSource.createQueryBuilder().from("activity_period_pillar", "s"))
      .select("s.region_id", "region_id")
      .addSelect("s.period", "period")
      .addSelect("s.pillar_id", "pillar_id")
      .addSelect("s.agenda_item_count", "items")
      .getRawMany<{ region_id: unknown; period: string; pillar_id: unknown; items: unknown }>();

    const buckets = new Map<string, Bucket>();
    for (const row of periodRows) {
      buckets.set(bucketKey(row.region_id, row.period), {
        ordinal: ordinalOfKey(granularity, row.period),
        meetingCount: int(row.meetings),
        hostCount: int(row.hosts),
        agendaItemCount: int(row.items),
        participantCount: int(row.people),
        pillars: [],
      });
    }
    for (const row of pillarRows) {
      buckets
        .get(bucketKey(row.region_id, row.period))
        ?.pillars.push({ pillarId: int(row.pillar_id), agendaItemCount: int(row.items) });
    }
    return buckets;
  }

  /** Meetings, agenda items, distinct hosts and distinct participants, and the undated meetings: four statements. */
  async totals(query: ActivityQuery): Promise<ActivityTotals> {
    const meetings = await this.filtered(this.meetings.createQueryBuilder("m"), query)
      .select("COUNT(*)", "meetings")
      .addSelect("COUNT(DISTINCT m.host_member_id)", "hosts")
      .getRawOne<{ meetings: unknown; hosts: unknown }>();
    const items = await this.filtered(this.fromMeetingsOf(this.agendaItems, "ai"), query)
      .select("COUNT(*)", "items")
      .getRawOne<{ items: unknown }>();
    const people = await this.filtered(this.fromMeetingsOf(this.participations, "p"), query)
      .select("COUNT(DISTINCT p.person_id)", "people")
      .getRawOne<{ people: unknown }>();
    const undated = await this.filtered(this.meetings.createQueryBuilder("m"), query, "undated")
      .select("COUNT(*)", "meetings")
      .getRawOne<{ meetings: unknown }>();
    return {
      meetingCount: int(meetings?.meetings),
      hostCount: int(meetings?.hosts),
      agendaItemCount: int(items?.items),
      participantCount: int(people?.people),
      undatedMeetingCount: int(undated?.meetings),
    };
  }

  /** The region that held most meetings (ties: the first code in alphabetical order); one statement. */
  async busiestRegion(query: ActivityQuery): Promise<RegionMeetingCount | null> {
    const row = await this.filtered(this.meetings.createQueryBuilder("m"), query)
      .innerJoin(Region, "r", "r.id = m.region_id")
      .select("r.id", "region_id")
      .addSelect("r.code", "code")
      .addSelect("COUNT(*)", "meetings")
      .groupBy("r.id")
      .addGroupBy("r.code")
      .orderBy("COUNT(*)", "DESC")
      .addOrderBy("r.code", "ASC")
      .limit(1)
      .getRawOne<{ region_id: unknown; meetings: unknown }>();
    if (!row) return null;
    const [region] = await this.regions.byIds([int(row.region_id)]);
    if (!region) throw new Error(`Region ${int(row.region_id)} is counted but missing`);
    return { region, meetingCount: int(row.meetings) };
  }

  /** The period in which most meetings started (ties: the earliest); one statement. */
  async busiestPeriod(query: ActivityQuery, granularity: ActivityGranularity): Promise<PeriodMeetingCount | null> {
    const period = periodSql(granularity, "m.start_date", this.engine);
    const row = await this.filtered(this.meetings.createQueryBuilder("m"), query)
      .select(period, "period")
      .addSelect("COUNT(*)", "meetings")
      .groupBy(period)
      .orderBy("COUNT(*)", "DESC")
      .addOrderBy(period, "ASC")
      .limit(1)
      .getRawOne<{ period: string; meetings: unknown }>();
    if (!row) return null;
    return {
      period: periodOf(granularity, ordinalOfKey(granularity, row.period)),
      meetingCount: int(row.meetings),
    };
  }

  /** The Members that hosted most meetings, most first (ties: in creation order); one statement. */
  async topHosts(query: ActivityQuery, first: number): Promise<HostMeetingCount[]> {
    this.checkListSize(first, "first");
    if (first === 0) return [];
    const rows = await this.filtered(this.meetings.createQueryBuilder("m"), query)
      .select("m.host_member_id", "member_id")
      .addSelect("COUNT(*)", "meetings")
      .andWhere("m.host_member_id IS NOT NULL")
      .groupBy("m.host_member_id")
      .orderBy("COUNT(*)", "DESC")
      .addOrderBy("m.host_member_id", "ASC")
      .limit(first)
      .getRawMany<{ member_id: unknown; meetings: unknown }>();
    return rows.map((row) => ({ memberId: int(row.member_id), meetingCount: int(row.meetings) }));
  }

  /** The most recently started meetings, newest first (ties: the last created first); one statement. */
  recentMeetings(query: ActivityQuery, first: number): Promise<Meeting[]> {
    this.checkListSize(first, "first");
    if (first === 0) return Promise.resolve([]);
    return this.meetingReader.many(
      this.filtered(this.meetings.createQueryBuilder("m"), query)
        .orderBy("m.startDate", "DESC")
        .addOrderBy("m.id", "DESC")
        .limit(first),
    );
  }

  /**
   * A query over `entity` (which has a `meeting_id`) joined to its meeting as `m`. The unary `+` on `m.id`
   * keeps SQLite from reading every row of `entity` and looking its meeting up by primary key, which it
   * preferred without table statistics even when a date range selects a few meetings: it has to start from
   * the meetings the filter selects (by the date or region index) and find their rows by `meeting_id`.
   * A month of participants at 100,000 meetings no longer costs a scan of every participation.
   */
  private fromMeetingsOf<T extends ObjectLiteral>(repository: Repository<T>, alias: string): SelectQueryBuilder<T> {
    return repository.createQueryBuilder(alias).innerJoin(Meeting, "m", `+m.id = ${alias}.meeting_id`);
  }

  /**
   * Restricts a query whose meetings are aliased `m` to the dated meetings the filter selects, or (`undated`) to
   * those its regions, kinds and pillars select that have no start date: no date range can hold them.
   */
  private filtered<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    query: ActivityQuery,
    meetings: "dated" | "undated" = "dated",
  ): SelectQueryBuilder<T> {
    qb.where(meetings === "dated" ? "m.start_date IS NOT NULL" : "m.start_date IS NULL");
    if (query.regionCodes) {
      qb.andWhere("m.region_id IN (SELECT r2.id FROM region r2 WHERE r2.code IN (:...activityRegionCodes))", {
        activityRegionCodes: nonEmpty(query.regionCodes, ""),
      });
    }
    if (query.kinds) qb.andWhere("m.kind IN (:...activityKinds)", { activityKinds: nonEmpty(query.kinds, "") });
    if (query.from && meetings === "dated") qb.andWhere("m.start_date >= :activityFrom", { activityFrom: query.from });
    if (query.to && meetings === "dated") qb.andWhere("m.start_date <= :activityTo", { activityTo: query.to });
    if (query.pillarIds) {
      qb.andWhere(
        "EXISTS (SELECT 1 FROM agenda_item ai2 WHERE ai2.meeting_id = m.id AND ai2.pillar_id IN (:...activityPillarIds))",
        { activityPillarIds: nonEmpty(query.pillarIds, 0) },
      );
    }
    return qb;
  }

  private checkRange(granularity: ActivityGranularity, first: number, last: number): void {
    const problem = rangeProblem(granularity, first, last);
    if (problem) throw BadUserInputError.forField("filter", problem);
  }

  private checkListSize(value: number, path: string): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_SUMMARY_ITEMS) {
      throw BadUserInputError.forField(path, `must be between 0 and ${MAX_SUMMARY_ITEMS}, got ${value}`);
    }
  }
}
