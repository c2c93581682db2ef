import type { DataSource, Repository, SelectQueryBuilder } from "typeorm";
import { In } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { BadUserInputError } from "../../common/errors";
import { decodeGlobalIdOf } from "../../common/global-id";
import type { ConnectionResult, KeysetOrder, PageRequest, SortRange } from "../../platform/db/pagination";
import { paginate, paginateByParent } from "../../platform/db/pagination";
import { containsPattern, containsSql } from "../../common/text-search";
import { addDays, localDateIn } from "../../common/calendar";
import type { Clock } from "../../platform/clock";
import { systemClock } from "../../platform/clock";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "../series/series.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { Meeting } from "./meeting.entity";
import { Participation } from "./participation.entity";
import { MeetingOrderField, MeetingTiming, OrderDirection } from "./meeting.enums";
import type { MeetingFilter, MeetingOrder } from "./meeting.inputs";

/**
 * The parent a nested meeting list hangs from: a region's meetings, the meetings a Member hosted, a venue's, the
 * meetings a person took part in.
 */
export type MeetingParent = "region" | "host" | "venue" | "person";
const PARENT_COLUMN: Record<MeetingParent, string> = {
  region: "meeting.regionId",
  host: "meeting.hostMemberId",
  venue: "meeting.venueId",
  // The alias of the (person, meeting) pairs joined in by listForParents: a person with two roles at a meeting
  // attended it once.
  person: "attended.person_id",
};

/**
 * A person's participations, newest meeting first, undated meetings last (NULL sorts as the smallest value);
 * ties, such as two roles at one meeting, by participation, latest first. The meeting's date is not a column of
 * the participation, so `dateOf` holds the dates of the rows read, for their cursors.
 */
function participationOrder(dateOf: ReadonlyMap<number, string | null>): KeysetOrder<Participation> {
  return {
    tag: "person-participations:START_DATE:DESC",
    column: "meeting.startDate",
    idColumn: "participation.id",
    direction: "DESC",
    nullable: true,
    valueOf: (participation) => dateOf.get(participation.id) ?? null,
    idOf: (participation) => participation.id,
  };
}

/**
 * The start dates `when` allows whatever a meeting's zone, given `utcToday`: every zone's today lies within a
 * day of UTC's (offsets run from -12:00 to +14:00). An upcoming meeting starts on or after UTC's today; an ongoing
 * one by UTC's tomorrow; a past one ended, so started, by UTC's today.
 */
function timingStartRange(when: MeetingTiming, utcToday: string): SortRange {
  if (when === MeetingTiming.UPCOMING) return { min: utcToday };
  if (when === MeetingTiming.ONGOING) return { max: addDays(utcToday, 1) };
  return { max: utcToday };
}

function keysetOrder(
  order: MeetingOrder | null | undefined,
  filter: MeetingFilter | null | undefined,
  utcToday: string,
): KeysetOrder<Meeting> {
  const field = order?.field ?? MeetingOrderField.START_DATE;
  const direction = order?.direction ?? OrderDirection.DESC;
  const byDate = field === MeetingOrderField.START_DATE;
  // A date range (or a timing, which needs a start date) excludes undated meetings, so the seek needs no
  // `IS NULL` branch (which would keep the database from seeking in the date index).
  const datesRequired = Boolean(filter?.startDateFrom || filter?.startDateTo || filter?.when);
  const range: SortRange = {};
  if (filter?.startDateFrom) range.min = filter.startDateFrom;
  if (filter?.startDateTo) range.max = filter.startDateTo;
  if (filter?.when) {
    // Only the tighter bound of each side is written: one index bound per side (applyRangeAndSeek).
    const timing = timingStartRange(filter.when, utcToday);
    if (timing.min !== undefined && (range.min === undefined || timing.min > range.min)) range.min = timing.min;
    if (timing.max !== undefined && (range.max === undefined || timing.max < range.max)) range.max = timing.max;
  }
  return {
    tag: `meetings:${field}:${direction}`,
    column: byDate ? "meeting.startDate" : "meeting.title",
    idColumn: "meeting.id",
    direction,
    nullable: byDate && !datesRequired,
    valueOf: (meeting) => (byDate ? meeting.startDate : meeting.title),
    idOf: (meeting) => meeting.id,
    // Sorted by date, the date range is written by the pagination, merged with the cursor (one index
    // bound per side); sorted by title, it is an ordinary filter.
    range: byDate ? range : undefined,
  };
}

/** Empty `IN ()` lists are invalid SQL; a value no row holds keeps "matches nothing" semantics. */
const nonEmpty = <T>(values: T[], impossible: T): T[] => (values.length ? values : [impossible]);

export class MeetingService {
  private readonly meetings: Repository<Meeting>;
  private readonly regions: Repository<Region>;
  private readonly reader: EntityReader<Meeting>;
  private readonly participations: Repository<Participation>;
  private readonly participationReader: EntityReader<Participation>;

  constructor(
    dataSource: DataSource,
    private readonly engine: DatabaseEngine,
    private readonly clock: Clock = systemClock,
  ) {
    this.meetings = dataSource.getRepository(Meeting);
    this.regions = dataSource.getRepository(Region);
    this.reader = readerOf(dataSource, Meeting);
    this.participations = dataSource.getRepository(Participation);
    this.participationReader = readerOf(dataSource, Participation);
  }

  async list(
    filter: MeetingFilter | null | undefined,
    order: MeetingOrder | null | undefined,
    page: PageRequest,
  ): Promise<ConnectionResult<Meeting>> {
    const qb = this.meetings.createQueryBuilder("meeting");
    const now = this.clock.now();
    const keyset = keysetOrder(order, filter, localDateIn(now, "UTC"));
    if (filter) await this.applyFilter(qb, filter, keyset, now);
    return paginate(qb, keyset, page, this.engine);
  }

  /** The same page of meetings for each of many parents, in a constant number of queries. */
  async listForParents(
    parent: MeetingParent,
    parentIds: readonly number[],
    filter: MeetingFilter | null | undefined,
    order: MeetingOrder | null | undefined,
    page: PageRequest,
  ): Promise<ConnectionResult<Meeting>[]> {
    const qb = this.meetings.createQueryBuilder("meeting");
    if (parent === "person") {
      qb.innerJoin(
        (pairs) =>
          pairs
            .select("DISTINCT p.person_id", "person_id")
            .addSelect("p.meeting_id", "meeting_id")
            .from(Participation, "p"),
        "attended",
        "attended.meeting_id = meeting.id",
      );
    }
    const now = this.clock.now();
    const keyset = keysetOrder(order, filter, localDateIn(now, "UTC"));
    if (filter) await this.applyFilter(qb, filter, keyset, now);
    return paginateByParent(qb, PARENT_COLUMN[parent], parentIds, keyset, page, this.engine, (ids) =>
      this.reader.byIds(ids),
    );
  }

  /** The same page of each person's participations, in meeting date order, in a constant number of queries. */
  async participationsForPeople(
    personIds: readonly number[],
    page: PageRequest,
  ): Promise<ConnectionResult<Participation>[]> {
    const qb = this.participations
      .createQueryBuilder("participation")
      .innerJoin(Meeting, "meeting", "meeting.id = participation.meetingId");
    const dateOf = new Map<number, string | null>();
    return paginateByParent(
      qb,
      "participation.personId",
      personIds,
      participationOrder(dateOf),
      page,
      this.engine,
      async (ids) => {
        const rows = await this.participationReader.byIds(ids);
        const meetings = await this.reader.byIds([...new Set(rows.map((row) => row.meetingId))]);
        const startOf = new Map(meetings.map((meeting) => [meeting.id, meeting.startDate]));
        for (const row of rows) dateOf.set(row.id, startOf.get(row.meetingId) ?? null);
        return rows;
      },
    );
  }

  findBySlug(slug: string): Promise<Meeting | null> {
    return this.reader.findOne("slug", slug);
  }

  /** The filter's conditions, except bounds on the sort column that `keyset.range` carries to the pagination. */
  private async applyFilter(
    qb: SelectQueryBuilder<Meeting>,
    filter: MeetingFilter,
    keyset: KeysetOrder<Meeting>,
    now: Date,
  ): Promise<void> {
    if (filter.regionCodes) {
      // Region ids are looked up first (a six-row table): with `region_id = ?` known, the database walks
      // the (region_id, start_date) index in order instead of sorting every meeting of the region.
      const regions = filter.regionCodes.length ? await this.regions.findBy({ code: In(filter.regionCodes) }) : [];
      qb.andWhere("meeting.regionId IN (:...regionIds)", {
        regionIds: nonEmpty(
          regions.map((r) => r.id),
          0,
        ),
      });
    }
    if (filter.hostIsoCodes) {
      qb.andWhere("meeting.hostMemberId IN (SELECT m.id FROM member m WHERE m.iso_code IN (:...hostIsoCodes))", {
        hostIsoCodes: nonEmpty(
          filter.hostIsoCodes.map((code) => code.toUpperCase()),
          "",
        ),
      });
    }
    if (filter.kinds) qb.andWhere("meeting.kind IN (:...kinds)", { kinds: nonEmpty<string>(filter.kinds, "") });
    if (filter.startDateFrom && filter.startDateTo && filter.startDateFrom > filter.startDateTo) {
      throw BadUserInputError.forField("filter.startDateTo", "must not be before filter.startDateFrom");
    }
    if (!keyset.range) {
      if (filter.startDateFrom)
        qb.andWhere("meeting.startDate >= :startDateFrom", { startDateFrom: filter.startDateFrom });
      if (filter.startDateTo) qb.andWhere("meeting.startDate <= :startDateTo", { startDateTo: filter.startDateTo });
    }
    if (filter.pillarIds) {
      const pillarIds = filter.pillarIds.map((id, i) =>
        decodeGlobalIdOf(ThemePillar.typename, id, `filter.pillarIds.${i}`),
      );
      qb.andWhere(
        "EXISTS (SELECT 1 FROM agenda_item ai WHERE ai.meeting_id = meeting.id AND ai.pillar_id IN (:...pillarIds))",
        { pillarIds: nonEmpty(pillarIds, 0) },
      );
    }
    if (filter.themeYear != null) {
      qb.andWhere("meeting.themeId IN (SELECT t.id FROM annual_theme t WHERE t.year = :themeYear)", {
        themeYear: filter.themeYear,
      });
    }
    if (filter.titleContains != null) {
      qb.andWhere(containsSql(this.engine, "meeting.title", "titlePattern"), {
        titlePattern: containsPattern(filter.titleContains, "filter.titleContains"),
      });
    }
    if (filter.seriesId != null) {
      qb.andWhere("meeting.seriesId = :seriesId", {
        seriesId: decodeGlobalIdOf(MeetingSeries.typename, filter.seriesId, "filter.seriesId"),
      });
    }
    if (filter.statuses) {
      qb.andWhere("meeting.status IN (:...statuses)", { statuses: nonEmpty<string>(filter.statuses, "") });
    }
    if (filter.when) await this.applyTiming(qb, filter.when, now);
  }

  /**
   * `when`, judged against today in each meeting's own zone (UTC for a meeting with none), in SQL that keyset
   * pagination can seek through. Every zone's today is UTC's today D, or the day before or after it, so only
   * meetings that start or end within a day of D depend on their zone. Those meetings' zones are read first (the
   * start and end date indexes find them; they are few) and sorted by their today: the zones already on D+1
   * (`ahead`), those still on D-1 (`behind`); every other zone, and no zone, is on D. Then, with end' the last day
   * (the first when the last is unknown):
   *   UPCOMING  start > today:            start > D+1, or start = D+1 not ahead, or start = D behind;
   *   PAST      end' < today:             end' < D-1, or end' = D-1 not behind, or end' = D ahead;
   *   ONGOING   start <= today <= end':   neither, with a start date.
   * The conditions' start-date bounds also go to the pagination as its range (timingStartRange).
   */
  private async applyTiming(qb: SelectQueryBuilder<Meeting>, when: MeetingTiming, now: Date): Promise<void> {
    const today = localDateIn(now, "UTC");
    const yesterday = addDays(today, -1);
    const tomorrow = addDays(today, 1);
    const ahead: string[] = [];
    const behind: string[] = [];
    for (const zone of await this.timingZones(yesterday, tomorrow)) {
      let local: string;
      try {
        local = localDateIn(now, zone);
      } catch {
        continue; // A zone this runtime does not know (validation refuses those): judged as UTC.
      }
      if (local === tomorrow) ahead.push(zone);
      else if (local === yesterday) behind.push(zone);
    }
    const tz = "meeting.timezone";
    // Written so that no zone (NULL) gives false, never NULL: `NOT` of the UPCOMING condition must stay true.
    const isAhead = ahead.length ? `(${tz} IS NOT NULL AND ${tz} IN (:...timingAhead))` : "1 = 0";
    const isBehind = behind.length ? `(${tz} IS NOT NULL AND ${tz} IN (:...timingBehind))` : "1 = 0";
    const notAhead = ahead.length ? `(${tz} IS NULL OR ${tz} NOT IN (:...timingAhead))` : "1 = 1";
    const notBehind = behind.length ? `(${tz} IS NULL OR ${tz} NOT IN (:...timingBehind))` : "1 = 1";
    const start = "meeting.startDate";
    const end = "COALESCE(meeting.endDate, meeting.startDate)";
    const upcoming = `(${start} > :timingTomorrow OR (${start} = :timingTomorrow AND ${notAhead}) OR (${start} = :timingToday AND ${isBehind}))`;
    const past = `(${end} < :timingYesterday OR (${end} = :timingYesterday AND ${notBehind}) OR (${end} = :timingToday AND ${isAhead}))`;
    const condition =
      when === MeetingTiming.UPCOMING
        ? upcoming
        : when === MeetingTiming.PAST
          ? `${start} IS NOT NULL AND ${past}`
          : `${start} IS NOT NULL AND NOT ${upcoming} AND NOT ${past}`;
    qb.andWhere(`(${condition})`, {
      timingYesterday: yesterday,
      timingToday: today,
      timingTomorrow: tomorrow,
      ...(ahead.length ? { timingAhead: ahead } : {}),
      ...(behind.length ? { timingBehind: behind } : {}),
    });
  }

  /** The zones of the meetings that start or end between `from` and `to`: the ones whose today matters. */
  private async timingZones(from: string, to: string): Promise<string[]> {
    const rows = await this.meetings
      .createQueryBuilder("meeting")
      .select("DISTINCT meeting.timezone", "zone")
      .where("meeting.timezone IS NOT NULL")
      .andWhere(
        "((meeting.startDate >= :zonesFrom AND meeting.startDate <= :zonesTo) OR (meeting.endDate >= :zonesFrom AND meeting.endDate <= :zonesTo))",
        { zonesFrom: from, zonesTo: to },
      )
      .getRawMany<{ zone: string }>();
    return rows.map((row) => row.zone);
  }
}
