import { encodeGlobalId } from "../src/common/global-id";
import { AUCKLAND_NEW_YEARS_DAY, LIMA_NEW_YEARS_EVE, loadActivityDirectory } from "./helpers/activity-directory";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";

type Granularity = "YEAR" | "QUARTER" | "MONTH";

interface Filter {
  regionCodes?: string[];
  from?: string;
  to?: string;
  kinds?: string[];
  pillarIds?: string[];
}

interface Bucket {
  region: { code: string };
  period: { key: string; firstDay: string; lastDay: string };
  meetingCount: number;
  agendaItemCount: number;
  hostCount: number;
  participantCount: number;
  pillars: { pillar: { id: string }; agendaItemCount: number }[];
}

/** The stored rows, read with plain `SELECT *`: the independent side of every comparison. */
interface Rows {
  meetings: {
    id: number;
    slug: string;
    start_date: string | null;
    region_id: number | null;
    host_member_id: number | null;
    kind: string;
  }[];
  items: { meeting_id: number; pillar_id: number | null }[];
  participations: { meeting_id: number; person_id: number }[];
  regions: { id: number; code: string }[];
  members: { id: number; iso_code: string }[];
}

async function readRows(t: TestGateway): Promise<Rows> {
  const q = (sql: string) => t.gateway.dataSource.query(sql);
  return {
    meetings: await q("SELECT * FROM meeting"),
    items: await q("SELECT * FROM agenda_item"),
    participations: await q("SELECT * FROM participation"),
    regions: await q("SELECT * FROM region"),
    members: await q("SELECT * FROM member"),
  };
}

const REGIONAL = `query($filter: ActivityFilter, $granularity: ActivityGranularity!) {
  regionalActivity(filter: $filter, granularity: $granularity) {
    region { code }
    period { key firstDay lastDay }
    meetingCount agendaItemCount hostCount participantCount
    pillars { pillar { id } agendaItemCount }
  }
}`;

const SUMMARY = `query($filter: ActivityFilter, $granularity: ActivityGranularity!, $hosts: Int!, $recent: Int!) {
  activitySummary(filter: $filter) {
    totals { meetingCount agendaItemCount hostCount participantCount undatedMeetingCount }
    busiestRegion { region { code } meetingCount }
    busiestPeriod(granularity: $granularity) { period { key firstDay lastDay } meetingCount }
    topHosts(first: $hosts) { member { isoCode } meetingCount }
    recentMeetings(first: $recent) { slug startDate }
  }
}`;

// ---- The independent computation: plain JS over the stored rows. ----

function keyOf(granularity: Granularity, date: string): string {
  const month = Number(date.slice(5, 7));
  if (granularity === "YEAR") return date.slice(0, 4);
  if (granularity === "QUARTER") return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
  return date.slice(0, 7);
}

/** Every period from the one holding `first` to the one holding `last`, walking month by month. */
function periodsBetween(granularity: Granularity, first: string, last: string) {
  const monthsPerPeriod = { YEAR: 12, QUARTER: 3, MONTH: 1 }[granularity];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  month -= (month - 1) % monthsPerPeriod;
  const lastKey = keyOf(granularity, last);
  const periods: { key: string; firstDay: string; lastDay: string }[] = [];
  for (;;) {
    const ym = `${year}-${String(month).padStart(2, "0")}`;
    const key = keyOf(granularity, `${ym}-01`);
    const daysInMonth = new Date(year, month, 0).getDate();
    const lastDay = `${ym}-${String(daysInMonth).padStart(2, "0")}`;
    const current = periods[periods.length - 1];
    if (current?.key === key) current.lastDay = lastDay;
    else {
      if (periods.length && periods[periods.length - 1]!.key === lastKey) break;
      periods.push({ key, firstDay: `${ym}-01`, lastDay });
    }
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
  return periods;
}

/** The meetings a filter selects (dated, in its range) or, `undated`, those of its regions, kinds and pillars without a date. */
function selectedMeetings(rows: Rows, filter: Filter, which: "dated" | "undated" = "dated") {
  const regionIds = filter.regionCodes
    ? new Set(rows.regions.filter((r) => filter.regionCodes!.includes(r.code)).map((r) => r.id))
    : null;
  const pillarIds = filter.pillarIds?.map((id) => Buffer.from(id, "base64url").toString("utf8").split(":")[1]);
  return rows.meetings.filter(
    (m) =>
      (which === "dated" ? m.start_date !== null : m.start_date === null) &&
      (!regionIds || (m.region_id !== null && regionIds.has(m.region_id))) &&
      (!filter.kinds || filter.kinds.includes(m.kind)) &&
      (which === "undated" || !filter.from || m.start_date! >= filter.from) &&
      (which === "undated" || !filter.to || m.start_date! <= filter.to) &&
      (!pillarIds ||
        rows.items.some(
          (i) => i.meeting_id === m.id && i.pillar_id !== null && pillarIds.includes(String(i.pillar_id)),
        )),
  );
}

function expectedRegional(rows: Rows, filter: Filter, granularity: Granularity): Bucket[] {
  const meetings = selectedMeetings(rows, filter).filter((m) => m.region_id !== null);
  const dates = meetings.map((m) => m.start_date!).sort();
  const first = filter.from ?? dates[0];
  const last = filter.to ?? dates[dates.length - 1];
  if (!first || !last || first > last) return [];
  const regions = rows.regions
    .filter((r) => !filter.regionCodes || filter.regionCodes.includes(r.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  return regions.flatMap((region) =>
    periodsBetween(granularity, first, last).map((period) => {
      const inBucket = meetings.filter(
        (m) => m.region_id === region.id && keyOf(granularity, m.start_date!) === period.key,
      );
      const ids = new Set(inBucket.map((m) => m.id));
      const items = rows.items.filter((i) => ids.has(i.meeting_id));
      const perPillar = new Map<number, number>();
      for (const item of items) {
        if (item.pillar_id !== null) perPillar.set(item.pillar_id, (perPillar.get(item.pillar_id) ?? 0) + 1);
      }
      return {
        region: { code: region.code },
        period,
        meetingCount: inBucket.length,
        agendaItemCount: items.length,
        hostCount: new Set(inBucket.filter((m) => m.host_member_id !== null).map((m) => m.host_member_id)).size,
        participantCount: new Set(rows.participations.filter((p) => ids.has(p.meeting_id)).map((p) => p.person_id))
          .size,
        pillars: [...perPillar]
          .sort(([a], [b]) => a - b)
          .map(([id, count]) => ({ pillar: { id: encodeGlobalId("ThemePillar", id) }, agendaItemCount: count })),
      };
    }),
  );
}

/** Sorts `[key, count]` pairs by count, most first, ties by `tieBreak`. */
const byCountThen =
  <K>(tieBreak: (a: K, b: K) => number) =>
  ([ka, a]: [K, number], [kb, b]: [K, number]) =>
    b - a || tieBreak(ka, kb);

function countBy<K>(values: K[]): [K, number][] {
  const counts = new Map<K, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts];
}

function expectedSummary(rows: Rows, filter: Filter, granularity: Granularity, hosts: number, recent: number) {
  const meetings = selectedMeetings(rows, filter);
  const ids = new Set(meetings.map((m) => m.id));
  const codeOf = (id: number) => rows.regions.find((r) => r.id === id)!.code;
  const regionCounts = countBy(meetings.filter((m) => m.region_id !== null).map((m) => codeOf(m.region_id!))).sort(
    byCountThen<string>((a, b) => a.localeCompare(b)),
  );
  const periodCounts = countBy(meetings.map((m) => keyOf(granularity, m.start_date!))).sort(
    byCountThen<string>((a, b) => a.localeCompare(b)),
  );
  const hostCounts = countBy(meetings.filter((m) => m.host_member_id !== null).map((m) => m.host_member_id!)).sort(
    byCountThen<number>((a, b) => a - b),
  );
  const busiestPeriod = periodCounts[0];
  return {
    totals: {
      meetingCount: meetings.length,
      agendaItemCount: rows.items.filter((i) => ids.has(i.meeting_id)).length,
      hostCount: new Set(meetings.filter((m) => m.host_member_id !== null).map((m) => m.host_member_id)).size,
      participantCount: new Set(rows.participations.filter((p) => ids.has(p.meeting_id)).map((p) => p.person_id)).size,
      undatedMeetingCount: selectedMeetings(rows, filter, "undated").length,
    },
    busiestRegion: regionCounts[0] ? { region: { code: regionCounts[0][0] }, meetingCount: regionCounts[0][1] } : null,
    busiestPeriod: busiestPeriod
      ? {
          period: periodsBetween(
            granularity,
            `${busiestPeriod[0].slice(0, 4)}-01-01`,
            `${busiestPeriod[0].slice(0, 4)}-12-31`,
          ).find((p) => p.key === busiestPeriod[0])!,
          meetingCount: busiestPeriod[1],
        }
      : null,
    topHosts: hostCounts.slice(0, hosts).map(([id, count]) => ({
      member: { isoCode: rows.members.find((m) => m.id === id)!.iso_code },
      meetingCount: count,
    })),
    recentMeetings: [...meetings]
      .sort((a, b) => b.start_date!.localeCompare(a.start_date!) || b.id - a.id)
      .slice(0, recent)
      .map((m) => ({ slug: m.slug, startDate: m.start_date })),
  };
}

// ---- The tests ----

const LARGE = 3000;
const SMALL = 40;

describe("activity aggregates", () => {
  let t: TestGateway;
  let rows: Rows;
  let renewal2021: string;

  const regional = async (filter: Filter | null, granularity: Granularity) =>
    dataOf(await t.query<{ regionalActivity: Bucket[] }>(REGIONAL, { filter, granularity })).regionalActivity;
  const summary = async (filter: Filter | null, granularity: Granularity = "MONTH", hosts = 5, recent = 5) =>
    dataOf(await t.query<{ activitySummary: unknown }>(SUMMARY, { filter, granularity, hosts, recent }))
      .activitySummary;

  beforeAll(async () => {
    // The response cache would answer repeated queries without SQL; statement counts need the real work.
    t = await startTestGateway({ responseCacheTtlSeconds: 0 });
    await loadActivityDirectory(t.gateway.dataSource, LARGE);
    rows = await readRows(t);
    const theme = dataOf(
      await t.query<{ theme: { pillars: { id: string; name: string }[] } }>(
        `{ theme(year: 2021) { pillars { id name } } }`,
      ),
    );
    renewal2021 = theme.theme.pillars.find((p) => p.name === "Renewal")!.id;
  }, 120_000);
  afterAll(() => t.stop());

  it("generated a few thousand meetings across all six regions and five years", () => {
    expect(rows.meetings.length).toBeGreaterThan(LARGE);
    const dated = rows.meetings.filter((m) => m.start_date !== null && m.region_id !== null);
    expect(new Set(dated.map((m) => m.region_id)).size).toBe(6);
    expect(new Set(dated.map((m) => m.start_date!.slice(0, 4)))).toEqual(
      new Set(["2019", "2020", "2021", "2022", "2023"]),
    );
    expect(rows.meetings.some((m) => m.start_date === null)).toBe(true);
    expect(rows.meetings.some((m) => m.region_id === null && m.start_date !== null)).toBe(true);
  });

  it.each<Granularity>(["YEAR", "QUARTER", "MONTH"])(
    "regionalActivity by %s matches counts over the stored rows, zero buckets included",
    async (granularity) => {
      const actual = await regional(null, granularity);
      const expected = expectedRegional(rows, {}, granularity);
      const periods = { YEAR: 5, QUARTER: 20, MONTH: 60 }[granularity];
      expect(expected).toHaveLength(6 * periods);
      expect(actual).toEqual(expected);
      // Every meeting with a date and a region is in exactly one bucket.
      expect(actual.reduce((sum, b) => sum + b.meetingCount, 0)).toBe(
        rows.meetings.filter((m) => m.start_date !== null && m.region_id !== null).length,
      );
    },
  );

  it("reports periods without activity as zero buckets, so charts need no gap-filling", async () => {
    const quarters = await regional(null, "QUARTER");
    const q2020 = quarters.filter((b) => b.period.key === "2020-Q2");
    expect(q2020).toHaveLength(6);
    for (const bucket of q2020) {
      expect(bucket).toMatchObject({
        meetingCount: 0,
        agendaItemCount: 0,
        hostCount: 0,
        participantCount: 0,
        pillars: [],
      });
      expect(bucket.period).toEqual({ key: "2020-Q2", firstDay: "2020-04-01", lastDay: "2020-06-30" });
    }
    const mena2022 = (await regional({ regionCodes: ["MENA"], from: "2022-01-01", to: "2022-12-31" }, "MONTH")).map(
      (b) => [b.period.key, b.meetingCount],
    );
    expect(mena2022).toEqual(Array.from({ length: 12 }, (_, i) => [`2022-${String(i + 1).padStart(2, "0")}`, 0]));
    // A range beyond all data is all zeros, not empty.
    const future = await regional({ from: "2030-01-15", to: "2030-03-02" }, "MONTH");
    expect(future).toHaveLength(18);
    expect(future.every((b) => b.meetingCount === 0)).toBe(true);
    expect(future.slice(0, 3).map((b) => b.period)).toEqual([
      { key: "2030-01", firstDay: "2030-01-01", lastDay: "2030-01-31" },
      { key: "2030-02", firstDay: "2030-02-01", lastDay: "2030-02-28" },
      { key: "2030-03", firstDay: "2030-03-01", lastDay: "2030-03-31" },
    ]);
  });

  it.each<[string, Filter, Granularity]>([
    ["regions (unknown codes ignored)", { regionCodes: ["EUROPE", "MENA", "ATLANTIS"] }, "QUARTER"],
    ["a date range (inclusive)", { from: "2020-02-29", to: "2021-11-15" }, "MONTH"],
    ["only a start", { from: "2022-07-02" }, "QUARTER"],
    ["only an end", { to: "2019-06-30" }, "MONTH"],
    ["kinds", { kinds: ["WEBINAR", "WORKSHOP"] }, "YEAR"],
    ["everything at once", { regionCodes: ["ASIA_PACIFIC"], kinds: ["CONFERENCE"], from: "2021-01-01" }, "MONTH"],
  ])("filters by %s like the independent count", async (_name, filter, granularity) => {
    const expected = expectedRegional(rows, filter, granularity);
    expect(expected.some((b) => b.meetingCount > 0)).toBe(true);
    expect(await regional(filter, granularity)).toEqual(expected);
  });

  it("filters by pillar: the meetings with an item on it, all their items counted", async () => {
    const filter = { pillarIds: [renewal2021] };
    const expected = expectedRegional(rows, filter, "QUARTER");
    expect(expected.filter((b) => b.meetingCount > 0).length).toBeGreaterThan(3);
    expect(await regional(filter, "QUARTER")).toEqual(expected);
  });

  it("counts a 31 December meeting in Lima (behind UTC) in December, Q4 and 2021, not January", async () => {
    const meeting = dataOf(
      await t.query<{ meeting: { startDate: string; timezone: string } }>(
        `{ meeting(slug: "${LIMA_NEW_YEARS_EVE}") { startDate timezone } }`,
      ),
    ).meeting;
    expect(meeting).toEqual({ startDate: "2021-12-31", timezone: "America/Lima" });
    const only = { regionCodes: ["AMERICAS_CARIBBEAN"], from: "2021-12-31", to: "2021-12-31" };
    const month = await regional(only, "MONTH");
    expect(month.map((b) => [b.period.key, b.meetingCount, b.agendaItemCount])).toEqual([["2021-12", 1, 1]]);
    expect((await regional(only, "QUARTER")).map((b) => [b.period.key, b.meetingCount])).toEqual([["2021-Q4", 1]]);
    expect((await regional(only, "YEAR")).map((b) => [b.period.key, b.meetingCount])).toEqual([["2021", 1]]);
    const january = await regional(
      { regionCodes: ["AMERICAS_CARIBBEAN"], from: "2022-01-01", to: "2022-01-01" },
      "MONTH",
    );
    expect(january.map((b) => [b.period.key, b.meetingCount])).toEqual([["2022-01", 0]]);
    // And the other way round: New Year's Day in Auckland (ahead of UTC, still 31 December there) is January.
    const auckland = await regional({ regionCodes: ["ASIA_PACIFIC"], from: "2021-12-31", to: "2022-01-01" }, "MONTH");
    expect(auckland.map((b) => [b.period.key, b.meetingCount])).toEqual([
      ["2021-12", 0],
      ["2022-01", 1],
    ]);
    expect(AUCKLAND_NEW_YEARS_DAY).toMatch(/auckland/);
  });

  it("gives empty results for unknown regions and empty ranges, not errors", async () => {
    expect(await regional({ regionCodes: ["ATLANTIS"] }, "MONTH")).toEqual([]);
    expect(await regional({ regionCodes: [] }, "MONTH")).toEqual([]);
    expect(await regional({ from: "2022-01-01", to: "2021-12-31" }, "YEAR")).toEqual([]);
    expect(await regional({ kinds: ["INAUGURATION"] }, "MONTH")).toEqual([]);
    expect(await regional({ from: "2031-01-01" }, "MONTH")).toEqual([]);
    const none = {
      totals: { meetingCount: 0, agendaItemCount: 0, hostCount: 0, participantCount: 0, undatedMeetingCount: 0 },
    };
    expect(await summary({ regionCodes: ["ATLANTIS"] })).toEqual({
      ...none,
      busiestRegion: null,
      busiestPeriod: null,
      topHosts: [],
      recentMeetings: [],
    });
    // An empty range selects no dated meeting; the undated ones of the (unrestricted) regions are still reported.
    const undatedMeetingCount = selectedMeetings(rows, {}, "undated").length;
    expect(undatedMeetingCount).toBeGreaterThan(0);
    expect(await summary({ from: "2022-01-01", to: "2021-12-31" })).toMatchObject({
      totals: { ...none.totals, undatedMeetingCount },
    });
  });

  it("refuses ranges over 100 years or 1,200 periods with BAD_USER_INPUT", async () => {
    for (const [filter, granularity] of [
      [{ from: "1900-01-01", to: "2001-01-01" }, "YEAR"],
      // One region, so the cost limit (which prices 6 regions × 1,212 months far above it) lets it through to the range check.
      [{ regionCodes: ["EUROPE"], from: "1925-01-01", to: "2025-12-31" }, "MONTH"],
    ] as const) {
      const error = errorOf(await t.query(REGIONAL, { filter, granularity }));
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    }
    // Exactly 100 years is allowed.
    const century = await regional({ regionCodes: ["EUROPE"], from: "1924-01-01", to: "2023-12-31" }, "YEAR");
    expect(century).toHaveLength(100);
    const error = errorOf(await t.query(SUMMARY, { filter: null, granularity: "MONTH", hosts: 21, recent: 5 }));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    const badPillar = errorOf(await t.query(REGIONAL, { filter: { pillarIds: ["nope"] }, granularity: "YEAR" }));
    expect(badPillar.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it.each<[string, Filter, Granularity, number, number]>([
    ["everything", {}, "MONTH", 5, 5],
    ["one region by quarter", { regionCodes: ["WEST_CENTRAL_AFRICA"] }, "QUARTER", 20, 20],
    ["a year of webinars", { kinds: ["WEBINAR"], from: "2021-01-01", to: "2021-12-31" }, "YEAR", 3, 1],
  ])("activitySummary of %s matches the independent count", async (_name, filter, granularity, hosts, recent) => {
    const expected = expectedSummary(rows, filter, granularity, hosts, recent);
    expect(expected.totals.meetingCount).toBeGreaterThan(0);
    expect(await summary(filter, granularity, hosts, recent)).toEqual(expected);
  });

  describe("SQL statements per request", () => {
    let small: TestGateway;
    beforeAll(async () => {
      small = await startTestGateway({ responseCacheTtlSeconds: 0 });
      await loadActivityDirectory(small.gateway.dataSource, SMALL);
    }, 60_000);
    afterAll(() => small.stop());

    const measure = async (gateway: TestGateway, query: string, variables: Record<string, unknown>) => {
      const { result, statements } = await gateway.countSql(() => gateway.query(query, variables));
      dataOf(result);
      return statements;
    };

    it.each<[string, string, Record<string, unknown>, number]>([
      ["regionalActivity by month", REGIONAL, { filter: null, granularity: "MONTH" }, 5],
      [
        "regionalActivity, filtered, by year",
        REGIONAL,
        { filter: { regionCodes: ["EUROPE"], kinds: ["WEBINAR", "CONFERENCE"] }, granularity: "YEAR" },
        5,
      ],
      ["activitySummary", SUMMARY, { filter: null, granularity: "QUARTER", hosts: 20, recent: 20 }, 10],
    ])(
      "%s takes the same number of statements on a small and a large directory",
      async (_name, query, variables, expected) => {
        const large = await measure(t, query, variables);
        const few = await measure(small, query, variables);
        expect({ large, few }).toEqual({ large: expected, few: expected });
      },
    );
  });
});
