import type { DataSource, Repository, SelectQueryBuilder } from "typeorm";
import { In } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { BadUserInputError } from "../../common/errors";
import { decodeGlobalIdOf } from "../../common/global-id";
import type { ConnectionResult, KeysetOrder, PageRequest, SortRange } from "../../platform/db/pagination";
import { paginate, paginateByParent } from "../../platform/db/pagination";
import { containsPattern, containsSql, containsTerm, searchTerms } from "../../common/text-search";
import { addDays, localDateIn, utcDateOf } from "../../common/calendar";
import type { Clock } from "../../platform/clock";
import { systemClock } from "../../platform/clock";
import type { SqlFragment } from "../../platform/db/search-index";
import { SearchFieldCode, indexIdsSql } from "../../platform/db/search-index";
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
 * one by UTC's tomorrow, and not before `ongoingFrom` (MeetingService.ongoingFrom); a past one ended, so started,
 * by UTC's today.
 */
function timingStartRange(when: MeetingTiming, utcToday: string, ongoingFrom: string | undefined): SortRange {
  if (when === MeetingTiming.UPCOMING) return { min: utcToday };
  if (when === MeetingTiming.ONGOING) return { min: ongoingFrom, max: addDays(utcToday, 1) };
  return { max: utcToday };
}

function keysetOrder(
  order: MeetingOrder | null | undefined,
  filter: MeetingFilter | null | undefined,
  utcToday: string,
  ongoingFrom?: string,
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
    const timing = timingStartRange(filter.when, utcToday, ongoingFrom);
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

const code = SearchFieldCode;
/** Most title matches `titleContains` binds as a list of ids (see `whereTitleMatches`). */
const MAX_LISTED_TITLE_MATCHES = 50_000;
/** From how many title matches SQLite walks the sort order instead of fetching every match (see `whereTitleMatches`). */
const WALK_TITLE_MATCHES = 200;

/**
 * The condition "`term` occurs in" the meeting's title or summary, an agenda item's title or summary, a topic of an
 * agenda item, the name of a participant (speakers are participants), the host Member's name, short name or country
 * name, or the series' name or short name. One index read per kind of object (its own range of the index), each a
 * list built once per statement; OR'ed rather than one UNION of meeting ids, which sorted every id of a common word
 * to remove duplicates (30–40% slower at 100,000 meetings).
 */
function meetingsMatchingSql(engine: DatabaseEngine, term: string, name: string): SqlFragment {
  const parameters: Record<string, unknown> = {};
  const ids = (...codes: number[]) => {
    const hits = indexIdsSql(engine, [term], codes, name);
    Object.assign(parameters, hits.parameters);
    return hits.sql;
  };
  const conditions = [
    `meeting.id IN (${ids(code.MEETING_TITLE, code.MEETING_SUMMARY)})`,
    `meeting.hostMemberId IN (${ids(code.MEMBER_NAME, code.MEMBER_SHORT_NAME, code.MEMBER_COUNTRY_NAME)})`,
    `meeting.seriesId IN (${ids(code.SERIES_NAME, code.SERIES_SHORT_NAME)})`,
    `meeting.id IN (SELECT ai.meeting_id FROM agenda_item ai WHERE ai.id IN (${ids(code.AGENDA_ITEM_TITLE, code.AGENDA_ITEM_SUMMARY)}))`,
    `meeting.id IN (SELECT ai.meeting_id FROM agenda_item_topic ait JOIN agenda_item ai ON ai.id = ait.agenda_item_id
      WHERE ait.topic_id IN (${ids(code.TOPIC_NAME)}))`,
    `meeting.id IN (SELECT p.meeting_id FROM participation p WHERE p.person_id IN (${ids(code.PERSON_NAME)}))`,
  ];
  return { sql: `(${conditions.join(" OR ")})`, parameters };
}

/** Counts of the meetings of a filter by one property (null: meetings without it), largest first. */
export interface FacetCount<T> {
  value: T | null;
  count: number;
}

/** How the meetings of a filter divide by region, kind, year, pillar and series. */
export interface MeetingFacetCounts {
  regions: FacetCount<number>[];
  kinds: FacetCount<string>[];
  years: FacetCount<number>[];
  /** Meetings with at least one agenda item on the pillar; meetings on no pillar are not counted. */
  pillars: FacetCount<number>[];
  series: FacetCount<number>[];
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
    const { keyset, now } = await this.orderOf(order, filter);
    const titleMatches = filter ? await this.applyFilter(qb, filter, keyset, now) : null;
    const result = await paginate(qb, keyset, page, this.engine);
    // With titleContains as the only condition, its listed matches are the total: no second read of them.
    const alone = filter && Object.entries(filter).every(([name, value]) => name === "titleContains" || value == null);
    if (alone && titleMatches !== null) result.countTotal = () => Promise.resolve(titleMatches);
    return result;
  }

  /**
   * The keyset order of a meeting list, with the bounds its `when` filter puts on the start date, and the instant
   * "today" is judged at (one reading of the clock for the whole list).
   */
  private async orderOf(
    order: MeetingOrder | null | undefined,
    filter: MeetingFilter | null | undefined,
  ): Promise<{ keyset: KeysetOrder<Meeting>; now: Date }> {
    const now = this.clock.now();
    const today = utcDateOf(now);
    const ongoingFrom = filter?.when === MeetingTiming.ONGOING ? await this.ongoingFrom(today) : undefined;
    return { keyset: keysetOrder(order, filter, today, ongoingFrom), now };
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
    const { keyset, now } = await this.orderOf(order, filter);
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

  /**
   * The filter's meetings counted by region, kind, year, pillar and series: one statement, a GROUP BY per facet
   * over the filtered meetings (not a page of them).
   */
  async facetCounts(filter: MeetingFilter | null | undefined): Promise<MeetingFacetCounts> {
    const qb = this.meetings.createQueryBuilder("meeting");
    // An order with no range: the filter's date bounds become plain conditions.
    if (filter) {
      const now = this.clock.now();
      const byTitle = { field: MeetingOrderField.TITLE, direction: OrderDirection.ASC };
      await this.applyFilter(qb, filter, keysetOrder(byTitle, filter, utcDateOf(now)), now);
    }
    const [filtered, parameters] = qb.select("meeting.id").getQueryAndParameters();
    const year =
      this.engine === "postgres"
        ? `CAST(EXTRACT(YEAR FROM f.start_date) AS varchar(10))`
        : `CAST(CAST(substr(f.start_date, 1, 4) AS INTEGER) AS varchar(10))`;
    // MATERIALIZED: the filter (a text search, say) runs once, not once per facet.
    const by = (facet: string, value: string) =>
      `SELECT '${facet}' AS facet, ${value} AS value, COUNT(*) AS n FROM filtered f GROUP BY ${value}`;
    const rows: { facet: keyof MeetingFacetCounts; value: string | null; n: number | string }[] =
      await this.meetings.manager.query(
        `WITH filtered AS MATERIALIZED (SELECT id, region_id, kind, start_date, series_id FROM meeting WHERE id IN (${filtered}))
        ${by("regions", "CAST(f.region_id AS varchar(20))")}
        UNION ALL ${by("kinds", "f.kind")}
        UNION ALL ${by("years", year)}
        UNION ALL ${by("series", "CAST(f.series_id AS varchar(20))")}
        UNION ALL SELECT 'pillars' AS facet, CAST(ai.pillar_id AS varchar(20)) AS value, COUNT(DISTINCT ai.meeting_id) AS n
          FROM agenda_item ai WHERE ai.meeting_id IN (SELECT id FROM filtered) AND ai.pillar_id IS NOT NULL GROUP BY ai.pillar_id`,
        parameters,
      );
    const counts: MeetingFacetCounts = { regions: [], kinds: [], years: [], pillars: [], series: [] };
    for (const row of rows) {
      const value = row.value === null ? null : row.facet === "kinds" ? row.value : Number(row.value);
      (counts[row.facet] as FacetCount<string | number>[]).push({ value, count: Number(row.n) });
    }
    const order = (a: FacetCount<string | number>, b: FacetCount<string | number>) =>
      b.count - a.count || String(a.value ?? "").localeCompare(String(b.value ?? ""));
    for (const list of Object.values(counts)) (list as FacetCount<string | number>[]).sort(order);
    return counts;
  }

  findBySlug(slug: string): Promise<Meeting | null> {
    return this.reader.findOne("slug", slug);
  }

  /**
   * `titleContains` through the search index. The matching ids are read first, once, and bound as a list: the page
   * and its total (two statements) then share one index lookup instead of running it each. Past
   * MAX_LISTED_TITLE_MATCHES (a fragment of most titles) the lookup stays a subquery of each statement.
   */
  private async whereTitleMatches(qb: SelectQueryBuilder<Meeting>, term: string): Promise<number | null> {
    const titles = indexIdsSql(this.engine, [term], [SearchFieldCode.MEETING_TITLE], "title");
    const [sql, values] = this.meetings.manager.connection.driver.escapeQueryWithParameters(
      `${titles.sql} LIMIT ${MAX_LISTED_TITLE_MATCHES + 1}`,
      titles.parameters,
      {},
    );
    const rows: { id: number | string }[] = await this.meetings.manager.query(sql, values);
    if (rows.length > MAX_LISTED_TITLE_MATCHES) {
      qb.andWhere(`meeting.id IN (${titles.sql})`, titles.parameters);
      return null;
    }
    const ids = rows.map((row) => Number(row.id));
    if (this.engine === "postgres") {
      qb.andWhere("meeting.id = ANY(:titleIds)", { titleIds: ids });
    } else {
      // SQLite cannot tell how many ids the list holds, and fetches each by primary key, then sorts them all. Past a
      // few hundred, walking the sort column's index and testing each meeting against the list stops after a page:
      // `+` keeps the primary key out of the plan (2,359 of 100,000 meetings: 2.7 ms -> 0.3 ms).
      const column = ids.length >= WALK_TITLE_MATCHES ? "+meeting.id" : "meeting.id";
      qb.andWhere(`${column} IN (SELECT value FROM json_each(:titleIds))`, { titleIds: JSON.stringify(ids) });
    }
    return ids.length;
  }

  /**
   * The filter's conditions, except bounds on the sort column that `keyset.range` carries to the pagination.
   * Returns how many meetings `titleContains` listed (see `whereTitleMatches`); null when it listed none.
   */
  private async applyFilter(
    qb: SelectQueryBuilder<Meeting>,
    filter: MeetingFilter,
    keyset: KeysetOrder<Meeting>,
    now: Date,
  ): Promise<number | null> {
    let titleMatches: number | null = null;
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
      const term = containsTerm(filter.titleContains, "filter.titleContains");
      if (term === null) {
        // One or two characters: too short for the trigram index, so a scan of the titles.
        qb.andWhere(containsSql(this.engine, "meeting.title", "titlePattern"), {
          titlePattern: containsPattern(filter.titleContains, "filter.titleContains"),
        });
      } else {
        titleMatches = await this.whereTitleMatches(qb, term);
      }
    }
    if (filter.text != null) {
      searchTerms(filter.text, "filter.text").forEach((term, i) => {
        const matching = meetingsMatchingSql(this.engine, term, `text${i}`);
        qb.andWhere(matching.sql, matching.parameters);
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
    return titleMatches;
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
    const today = utcDateOf(now);
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

  /**
   * The earliest a meeting ongoing today can have started. An ongoing meeting ends on or after UTC's yesterday:
   * with no end date, it starts then at the earliest; with one, it is among the meetings ending from then on, which
   * the (end_date, start_date) index lists with their starts. So a page of ongoing meetings seeks between this
   * bound and UTC's tomorrow instead of walking every past meeting, which in a directory of mostly past meetings
   * is nearly all of them.
   */
  private async ongoingFrom(utcToday: string): Promise<string> {
    const yesterday = addDays(utcToday, -1);
    // SQLite would answer MIN(start_date) by walking the start date index from the oldest meeting until one ends
    // late enough (every past meeting); unary `+` (a no-op there) keeps it on the end date index.
    const start = this.engine === "sqlite" ? "+meeting.start_date" : "meeting.startDate";
    const row = await this.meetings
      .createQueryBuilder("meeting")
      // As text on both engines: PostgreSQL's driver would otherwise read a date into a local-time Date.
      .select(`CAST(MIN(${start}) AS VARCHAR(10))`, "earliest")
      .where(`meeting.endDate >= :yesterday AND ${start} <= :tomorrow`, {
        yesterday,
        tomorrow: addDays(utcToday, 1),
      })
      .getRawOne<{ earliest: string | null }>();
    const earliest = row?.earliest;
    return earliest && earliest < yesterday ? earliest : yesterday;
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
