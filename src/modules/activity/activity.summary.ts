import type { EntityManager } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { ActivityGranularity } from "./activity.enums";
import { ordinalOfKey, periodOf, periodSql } from "./activity.periods";

/*
 * The maintained activity summary: tables `activity_period` (per granularity, region and period: meetings,
 * distinct hosts, agenda items, distinct participants) and `activity_period_pillar` (agenda items per pillar),
 * over every dated meeting that has a region, of every kind. Created and first filled by the migration
 * ActivitySummary1765008000000, whose triggers write the (region, start date) of every meeting whose counts a
 * statement changes into `activity_stale`. Here: bringing the marked buckets up to date before a unit of work
 * commits (`refreshStaleActivity`), recomputing everything (`rebuildActivitySummary`), and reading the tables.
 *
 * A bucket is always recomputed from the meetings, agenda items and participations, never incremented: distinct
 * counts cannot be, and a recomputation is exact whatever happened before it.
 */

export const SUMMARY_GRANULARITIES = [
  ActivityGranularity.YEAR,
  ActivityGranularity.QUARTER,
  ActivityGranularity.MONTH,
] as const;

/** One row of `activity_period`. */
export interface SummaryPeriodRow {
  granularity: string;
  regionId: number;
  period: string;
  meetingCount: number;
  hostCount: number;
  agendaItemCount: number;
  participantCount: number;
}

/** One row of `activity_period_pillar`. */
export interface SummaryPillarRow {
  granularity: string;
  regionId: number;
  period: string;
  pillarId: number;
  agendaItemCount: number;
}

export interface SummaryContents {
  periods: SummaryPeriodRow[];
  pillars: SummaryPillarRow[];
}

/**
 * Above this many stale months in one region, its stale years are recomputed whole (one range per granularity
 * and run of consecutive years) rather than bucket by bucket: an import marks hundreds of months, and a few
 * statements over whole years cost less than three per month. One mutation marks one or two months.
 */
const BUCKET_BY_BUCKET_MONTHS = 3;

/**
 * Above this many stale region-years, a refresh recomputes everything at once (`recomputeAll`), which reads each
 * base row once for all three granularities, instead of region by region. A chunk of an import marks nearly every
 * region-year (its meetings are spread over all of them); a mutation marks one or two.
 */
const RECOMPUTE_ALL_REGION_YEARS = 12;

/**
 * The class half of the PostgreSQL advisory locks (two-key form) that serialize recomputations of one region's
 * year: "ACTV" as an int4. The other half is region id × 10,000 + year. Fixed forever: instances of different
 * versions must agree on it.
 */
const ACTIVITY_LOCK_CLASS = 0x41435456;

const engineOf = (em: EntityManager): DatabaseEngine =>
  em.connection.options.type === "postgres" ? "postgres" : "sqlite";

/** Bound parameters in order: `?` on SQLite, `$n` on PostgreSQL. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly engine: DatabaseEngine) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.engine === "postgres" ? `$${this.values.length}` : "?";
  }
}

/** Which meetings a recomputation reads: every dated one with a region, or one region's within a date range. */
interface Scope {
  regionId: number;
  firstDay: string;
  lastDay: string;
}

function meetingsOf(scope: Scope | null, params: Params): string {
  const dated = "m.start_date IS NOT NULL AND m.region_id IS NOT NULL";
  if (!scope) return dated;
  return `${dated} AND m.region_id = ${params.add(scope.regionId)} AND m.start_date >= ${params.add(scope.firstDay)} AND m.start_date <= ${params.add(scope.lastDay)}`;
}

/**
 * The SELECT of a granularity's `activity_period` rows over the scope's meetings. The unary `+` on `m.id` makes
 * SQLite start from the meetings (by the region and date index) and find their rows by `meeting_id`, as the
 * base-table reports do (ActivityService.fromMeetingsOf).
 */
function periodRowsSql(engine: DatabaseEngine, granularity: ActivityGranularity, scope: Scope | null) {
  const params = new Params(engine);
  const period = periodSql(granularity, "m.start_date", engine);
  // The granularity is one of the enum's names: written as a literal, which PostgreSQL types as text.
  const sql = `SELECT '${granularity}' AS granularity, mm.region_id AS region_id, mm.period AS period,
      mm.meetings AS meeting_count, mm.hosts AS host_count,
      COALESCE(ai.items, 0) AS agenda_item_count, COALESCE(pp.people, 0) AS participant_count
    FROM (SELECT m.region_id AS region_id, ${period} AS period, COUNT(*) AS meetings,
            COUNT(DISTINCT m.host_member_id) AS hosts
          FROM meeting m WHERE ${meetingsOf(scope, params)} GROUP BY m.region_id, ${period}) mm
    LEFT JOIN (SELECT m.region_id AS region_id, ${period} AS period, COUNT(*) AS items
          FROM agenda_item a JOIN meeting m ON +m.id = a.meeting_id WHERE ${meetingsOf(scope, params)}
          GROUP BY m.region_id, ${period}) ai ON ai.region_id = mm.region_id AND ai.period = mm.period
    LEFT JOIN (SELECT m.region_id AS region_id, ${period} AS period, COUNT(DISTINCT p.person_id) AS people
          FROM participation p JOIN meeting m ON +m.id = p.meeting_id WHERE ${meetingsOf(scope, params)}
          GROUP BY m.region_id, ${period}) pp ON pp.region_id = mm.region_id AND pp.period = mm.period`;
  return { sql, params: params.values };
}

/** The SELECT of a granularity's `activity_period_pillar` rows over the scope's meetings. */
function pillarRowsSql(engine: DatabaseEngine, granularity: ActivityGranularity, scope: Scope | null) {
  const params = new Params(engine);
  const period = periodSql(granularity, "m.start_date", engine);
  const sql = `SELECT '${granularity}' AS granularity, m.region_id AS region_id, ${period} AS period, a.pillar_id AS pillar_id,
      COUNT(*) AS agenda_item_count
    FROM agenda_item a JOIN meeting m ON +m.id = a.meeting_id
    WHERE ${meetingsOf(scope, params)} AND a.pillar_id IS NOT NULL
    GROUP BY m.region_id, ${period}, a.pillar_id`;
  return { sql, params: params.values };
}

const PERIOD_COLUMNS =
  "granularity, region_id, period, meeting_count, host_count, agenda_item_count, participant_count";
const PILLAR_COLUMNS = "granularity, region_id, period, pillar_id, agenda_item_count";

/** Recomputes one granularity's buckets of the scope: what the tables hold there is replaced. */
async function recompute(
  em: EntityManager,
  granularity: ActivityGranularity,
  scope: Scope | null,
  keys: { first: string; last: string } | null,
): Promise<void> {
  const engine = engineOf(em);
  for (const table of ["activity_period", "activity_period_pillar"]) {
    const params = new Params(engine);
    let where = `granularity = ${params.add(granularity)}`;
    if (scope) where += ` AND region_id = ${params.add(scope.regionId)}`;
    if (keys) where += ` AND period >= ${params.add(keys.first)} AND period <= ${params.add(keys.last)}`;
    await em.query(`DELETE FROM ${table} WHERE ${where}`, params.values);
  }
  const periods = periodRowsSql(engine, granularity, scope);
  await em.query(`INSERT INTO activity_period (${PERIOD_COLUMNS}) ${periods.sql}`, periods.params);
  const pillars = pillarRowsSql(engine, granularity, scope);
  await em.query(`INSERT INTO activity_period_pillar (${PILLAR_COLUMNS}) ${pillars.sql}`, pillars.params);
}

/** A period key (`2021`, `2021-Q2`, `2021-04`) from a month key (`2021-04`) held as text, on both engines. */
function periodOfMonthKey(granularity: ActivityGranularity, month: string): string {
  switch (granularity) {
    case ActivityGranularity.YEAR:
      return `substr(${month}, 1, 4)`;
    case ActivityGranularity.MONTH:
      return month;
    case ActivityGranularity.QUARTER:
      return `substr(${month}, 1, 4) || '-Q' || ((CAST(substr(${month}, 6, 2) AS INTEGER) + 2) / 3)`;
  }
}

/**
 * Recomputes the whole summary, reading each base row once: per region and month, the meetings of each host
 * (NULL included), the items of each pillar (NULL included) and the distinct participants go into three temporary
 * tables, a fraction of the base rows; each granularity's rows are then sums of those (meetings, items) and
 * distinct counts over them (hosts, participants), which stay exact because every set is kept per month, the
 * smallest period: much less than recomputing each granularity from the base tables (bench/design-measurements.md).
 * The caller serializes it against other recomputations (the table lock on PostgreSQL, `lockSummaryTables`;
 * SQLite has one writer).
 */
async function recomputeAll(em: EntityManager): Promise<void> {
  const engine = engineOf(em);
  const month = periodSql(ActivityGranularity.MONTH, "m.start_date", engine);
  const dated = "m.start_date IS NOT NULL AND m.region_id IS NOT NULL";
  // PostgreSQL drops them at the commit (or rollback) at the latest; SQLite's go with a rollback, else below.
  const temp = (name: string, select: string) =>
    em.query(`CREATE TEMPORARY TABLE ${name}${engine === "postgres" ? " ON COMMIT DROP" : ""} AS ${select}`);
  await em.query("DELETE FROM activity_period");
  await em.query("DELETE FROM activity_period_pillar");
  await temp(
    "activity_month_hosts",
    `SELECT m.region_id AS region_id, ${month} AS month, m.host_member_id AS host_id, COUNT(*) AS meetings
     FROM meeting m WHERE ${dated} GROUP BY m.region_id, ${month}, m.host_member_id`,
  );
  // Items are counted per meeting and pillar first, in the order of their (meeting, pillar) index, so the
  // grouping by region and month sorts a third as many rows (bench/design-measurements.md).
  await temp(
    "activity_month_items",
    `SELECT m.region_id AS region_id, ${month} AS month, x.pillar_id AS pillar_id, SUM(x.items) AS items
     FROM (SELECT a.meeting_id AS meeting_id, a.pillar_id AS pillar_id, COUNT(*) AS items
           FROM agenda_item a GROUP BY a.meeting_id, a.pillar_id) x
     JOIN meeting m ON m.id = x.meeting_id WHERE ${dated}
     GROUP BY m.region_id, ${month}, x.pillar_id`,
  );
  await temp(
    "activity_month_people",
    `SELECT m.region_id AS region_id, ${month} AS month, p.person_id AS person_id
     FROM participation p JOIN meeting m ON +m.id = p.meeting_id WHERE ${dated}
     GROUP BY m.region_id, ${month}, p.person_id`,
  );
  try {
    for (const granularity of SUMMARY_GRANULARITIES) {
      const period = (table: string) => periodOfMonthKey(granularity, `${table}.month`);
      await em.query(
        `INSERT INTO activity_period (${PERIOD_COLUMNS})
         SELECT '${granularity}', hh.region_id, hh.period, hh.meetings, hh.hosts,
                COALESCE(ii.items, 0), COALESCE(pp.people, 0)
         FROM (SELECT h.region_id AS region_id, ${period("h")} AS period, SUM(h.meetings) AS meetings,
                 COUNT(DISTINCT h.host_id) AS hosts
               FROM activity_month_hosts h GROUP BY h.region_id, ${period("h")}) hh
         LEFT JOIN (SELECT i.region_id AS region_id, ${period("i")} AS period, SUM(i.items) AS items
               FROM activity_month_items i GROUP BY i.region_id, ${period("i")}) ii
           ON ii.region_id = hh.region_id AND ii.period = hh.period
         LEFT JOIN (SELECT p.region_id AS region_id, ${period("p")} AS period, COUNT(DISTINCT p.person_id) AS people
               FROM activity_month_people p GROUP BY p.region_id, ${period("p")}) pp
           ON pp.region_id = hh.region_id AND pp.period = hh.period`,
      );
      await em.query(
        `INSERT INTO activity_period_pillar (${PILLAR_COLUMNS})
         SELECT '${granularity}', i.region_id, ${period("i")}, i.pillar_id, SUM(i.items)
         FROM activity_month_items i WHERE i.pillar_id IS NOT NULL
         GROUP BY i.region_id, ${period("i")}, i.pillar_id`,
      );
    }
  } finally {
    for (const name of ["activity_month_hosts", "activity_month_items", "activity_month_people"])
      await em.query(`DROP TABLE IF EXISTS ${name}`);
  }
}

/** Consecutive ordinals as [first, last] runs, in order. */
function runsOf(ordinals: Iterable<number>): [number, number][] {
  const sorted = [...new Set(ordinals)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const ordinal of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === ordinal - 1) last[1] = ordinal;
    else runs.push([ordinal, ordinal]);
  }
  return runs;
}

const PER_YEAR: Record<ActivityGranularity, number> = {
  [ActivityGranularity.YEAR]: 1,
  [ActivityGranularity.QUARTER]: 4,
  [ActivityGranularity.MONTH]: 12,
};

/** The periods (ordinals) of one granularity to recompute for a region whose `months` (ordinals) are stale. */
function stalePeriods(granularity: ActivityGranularity, months: readonly number[]): number[] {
  const perYear = PER_YEAR[granularity];
  if (months.length <= BUCKET_BY_BUCKET_MONTHS) return months.map((month) => Math.floor((month * perYear) / 12));
  const years = new Set(months.map((month) => Math.floor(month / 12)));
  return [...years].flatMap((year) => Array.from({ length: perYear }, (_, i) => year * perYear + i));
}

/**
 * Brings the buckets that `activity_stale` marks up to date, and removes the markers: the activity feature's
 * before-commit hook, so it runs in the transaction of every write, with the changes it made visible.
 *
 * On PostgreSQL two instances may recompute the same bucket at once, each seeing only its own uncommitted rows.
 * So each takes a transaction-level advisory lock per region and year first (in one order, so they cannot
 * deadlock): the second waits for the first to commit, and its statements (READ COMMITTED: each sees what is
 * committed when it starts) then count the first one's rows too. SQLite has one writer at a time.
 */
export async function refreshStaleActivity(em: EntityManager): Promise<void> {
  const engine = engineOf(em);
  const monthOf = periodSql(ActivityGranularity.MONTH, "s.start_date", engine);
  const stale: { region_id: unknown; month: string }[] = await em.query(
    `SELECT s.region_id AS region_id, ${monthOf} AS month FROM activity_stale s GROUP BY s.region_id, ${monthOf}`,
  );
  if (!stale.length) return;
  const monthsOf = new Map<number, number[]>();
  for (const row of stale) {
    const regionId = Number(row.region_id);
    const months = monthsOf.get(regionId) ?? [];
    months.push(ordinalOfKey(ActivityGranularity.MONTH, row.month));
    monthsOf.set(regionId, months);
  }
  const regions = [...monthsOf.keys()].sort((a, b) => a - b);

  const regionYears = regions.reduce(
    (sum, regionId) => sum + new Set(monthsOf.get(regionId)!.map((month) => Math.floor(month / 12))).size,
    0,
  );
  if (regionYears > RECOMPUTE_ALL_REGION_YEARS) {
    await lockSummaryTables(em);
    await recomputeAll(em);
    await em.query("DELETE FROM activity_stale");
    return;
  }

  if (engine === "postgres") {
    const lockKeys = regions.flatMap((regionId) =>
      [...new Set(monthsOf.get(regionId)!.map((month) => Math.floor(month / 12)))].map(
        (year) => regionId * 10_000 + year,
      ),
    );
    lockKeys.sort((a, b) => a - b);
    for (const lockKey of lockKeys)
      await em.query("SELECT pg_advisory_xact_lock($1, $2)", [ACTIVITY_LOCK_CLASS, lockKey]);
  }

  for (const regionId of regions) {
    const months = monthsOf.get(regionId)!;
    for (const granularity of SUMMARY_GRANULARITIES) {
      for (const [first, last] of runsOf(stalePeriods(granularity, months))) {
        const firstPeriod = periodOf(granularity, first);
        const lastPeriod = periodOf(granularity, last);
        await recompute(
          em,
          granularity,
          { regionId, firstDay: firstPeriod.firstDay, lastDay: lastPeriod.lastDay },
          { first: firstPeriod.key, last: lastPeriod.key },
        );
      }
    }
    // The markers of the months just recomputed: each lies in a recomputed month.
    for (const [first, last] of runsOf(months)) {
      const params = new Params(engine);
      await em.query(
        `DELETE FROM activity_stale WHERE region_id = ${params.add(regionId)}
           AND start_date >= ${params.add(periodOf(ActivityGranularity.MONTH, first).firstDay)}
           AND start_date <= ${params.add(periodOf(ActivityGranularity.MONTH, last).lastDay)}`,
        params.values,
      );
    }
  }
}

/**
 * PostgreSQL: keeps other transactions from writing the summary until this one ends (readers go on). A
 * refresh elsewhere then waits at its first write to the summary, and its statements, which start after
 * the wait, count what this transaction committed.
 */
async function lockSummaryTables(em: EntityManager): Promise<void> {
  if (engineOf(em) !== "postgres") return;
  await em.query("LOCK TABLE activity_period, activity_period_pillar IN SHARE ROW EXCLUSIVE MODE");
}

/** What a rebuild did: the rows it wrote and the markers it cleared. */
export interface RebuildReport {
  periodRows: number;
  pillarRows: number;
  staleMarkers: number;
}

/**
 * Recomputes the whole summary from the meetings, in the caller's transaction, and clears every marker. Never
 * needed in normal operation (every write keeps the summary exact): for a database written behind the triggers'
 * back, or to check the maintained rows.
 */
export async function rebuildActivitySummary(em: EntityManager): Promise<RebuildReport> {
  await lockSummaryTables(em);
  const [markers] = (await em.query("SELECT COUNT(*) AS n FROM activity_stale")) as { n: unknown }[];
  await recomputeAll(em);
  await em.query("DELETE FROM activity_stale");
  const [periods] = (await em.query("SELECT COUNT(*) AS n FROM activity_period")) as { n: unknown }[];
  const [pillars] = (await em.query("SELECT COUNT(*) AS n FROM activity_period_pillar")) as { n: unknown }[];
  return { periodRows: Number(periods?.n), pillarRows: Number(pillars?.n), staleMarkers: Number(markers?.n) };
}

const byKey = <T extends { granularity: string; regionId: number; period: string; pillarId?: number }>(a: T, b: T) =>
  a.granularity.localeCompare(b.granularity) ||
  a.regionId - b.regionId ||
  a.period.localeCompare(b.period) ||
  (a.pillarId ?? 0) - (b.pillarId ?? 0);

type RawPeriodRow = Record<
  "granularity" | "region_id" | "period" | "meeting_count" | "host_count" | "agenda_item_count" | "participant_count",
  unknown
>;
type RawPillarRow = {
  granularity: unknown;
  region_id: unknown;
  period: unknown;
  pillar_id: unknown;
  agenda_item_count: unknown;
};

function contentsOf(periodRows: RawPeriodRow[], pillarRows: RawPillarRow[]): SummaryContents {
  return {
    periods: periodRows
      .map((row) => ({
        granularity: String(row.granularity),
        regionId: Number(row.region_id),
        period: String(row.period),
        meetingCount: Number(row.meeting_count),
        hostCount: Number(row.host_count),
        agendaItemCount: Number(row.agenda_item_count),
        participantCount: Number(row.participant_count),
      }))
      .sort(byKey),
    pillars: pillarRows
      .map((row) => ({
        granularity: String(row.granularity),
        regionId: Number(row.region_id),
        period: String(row.period),
        pillarId: Number(row.pillar_id),
        agendaItemCount: Number(row.agenda_item_count),
      }))
      .sort(byKey),
  };
}

/** What the summary tables hold, in key order. */
export async function readActivitySummary(em: EntityManager): Promise<SummaryContents> {
  return contentsOf(
    await em.query(`SELECT ${PERIOD_COLUMNS} FROM activity_period`),
    await em.query(`SELECT ${PILLAR_COLUMNS} FROM activity_period_pillar`),
  );
}

/** What a rebuild would write, computed from the meetings into memory (nothing is written), in key order. */
export async function computeActivitySummary(em: EntityManager): Promise<SummaryContents> {
  const engine = engineOf(em);
  const periods: RawPeriodRow[] = [];
  const pillars: RawPillarRow[] = [];
  for (const granularity of SUMMARY_GRANULARITIES) {
    const p = periodRowsSql(engine, granularity, null);
    periods.push(...((await em.query(p.sql, p.params)) as RawPeriodRow[]));
    const q = pillarRowsSql(engine, granularity, null);
    pillars.push(...((await em.query(q.sql, q.params)) as RawPillarRow[]));
  }
  return contentsOf(periods, pillars);
}
