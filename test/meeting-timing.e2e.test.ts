import { ConfigError, loadConfig } from "../src/config";
import { migrations } from "../migrations";
import { createDataSource, migrate } from "../src/platform/db/data-source";
import { TEST_ENGINE, createTestDatabase } from "./helpers/database";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";

/*
 * A meeting's status and local times, and `MeetingFilter.when`, over HTTP. Each gateway is started with
 * GATEWAY_CLOCK_FIXED, read by loadConfig as at `npm start`, at an instant where Pacific/Auckland, America/Lima and
 * UTC disagree about the date:
 * - 2021-04-22T12:30Z: Auckland is already on the 23rd (00:30), Lima and UTC on the 22nd;
 * - 2021-04-22T03:00Z: Lima is still on the 21st (22:00), Auckland (15:00) and UTC on the 22nd.
 * The same meetings are judged differently at each instant; meetings with no date are never UPCOMING, ONGOING
 * or PAST; pages of a `when` list follow each other through cursors, at the root and under a region.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const NZ_EVENING = "2021-04-22T12:30:00Z";
const LIMA_NIGHT = "2021-04-22T03:00:00Z";

const IMPORT = `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`;
const CREATE = `mutation($input: CreateMeetingInput!) {
  createMeeting(input: $input) { meeting { id slug status startDate startTime endDate endTime timezone } }
}`;
const UPDATE = `mutation($input: UpdateMeetingInput!) {
  updateMeeting(input: $input) { meeting { id slug status startTime endTime timezone version } }
}`;
const TIMING = `query($when: MeetingTiming!, $first: Int, $after: String, $direction: OrderDirection!) {
  meetings(filter: { when: $when, regionCodes: ["ASIA_PACIFIC", "AMERICAS_CARIBBEAN"] }, orderBy: { field: START_DATE, direction: $direction }, first: $first, after: $after) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const meeting = (
  slug: string,
  region: string,
  startDate: string | null,
  endDate: string | null,
  timezone: string | null,
) => ({
  slug,
  title: slug,
  kind: "OTHER",
  startDate,
  endDate,
  timezone,
  region,
});

/** Around the seeded meeting (Lima, 22 April 2021): one-day meetings a day apart in Auckland, Lima and UTC. */
const DIRECTORY = {
  meetings: [
    meeting("akl-22", "ASIA_PACIFIC", "2021-04-22", "2021-04-22", "Pacific/Auckland"),
    meeting("akl-23", "ASIA_PACIFIC", "2021-04-23", "2021-04-23", "Pacific/Auckland"),
    meeting("akl-24", "ASIA_PACIFIC", "2021-04-24", null, "Pacific/Auckland"),
    meeting("lim-21", "AMERICAS_CARIBBEAN", "2021-04-21", "2021-04-21", "America/Lima"),
    meeting("lim-23", "AMERICAS_CARIBBEAN", "2021-04-23", "2021-04-23", "America/Lima"),
    meeting("lim-20-to-21", "AMERICAS_CARIBBEAN", "2021-04-20", "2021-04-21", "America/Lima"),
    meeting("lim-2020", "AMERICAS_CARIBBEAN", "2020-01-10", "2020-01-11", "America/Lima"),
    meeting("utc-21", "ASIA_PACIFIC", "2021-04-21", null, null),
    meeting("utc-22", "ASIA_PACIFIC", "2021-04-22", "2021-04-22", null),
    meeting("undated", "ASIA_PACIFIC", null, null, "Pacific/Auckland"),
  ],
};

async function startAt(instant: string): Promise<{ t: TestGateway; admin: Record<string, string> }> {
  const t = await startTestGateway({}, { env: { GATEWAY_CLOCK_FIXED: instant } });
  const admin = { authorization: `Bearer ${await t.createToken("admin", "Timing admin")}` };
  dataOf(await t.query(IMPORT, { input: { directory: DIRECTORY } }, admin));
  return { t, admin };
}

interface TimingPage {
  meetings: {
    totalCount: number;
    edges: { cursor: string; node: { slug: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Every slug of a `when` list, read a page of `first` at a time, checking each page's cursors and counts. */
async function allSlugs(t: TestGateway, when: string, direction = "ASC", first = 2): Promise<string[]> {
  const slugs: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: TimingPage["meetings"] = dataOf(
      await t.query<TimingPage>(TIMING, { when, first, after, direction }),
    ).meetings;
    slugs.push(...page.edges.map((edge) => edge.node.slug));
    if (!page.pageInfo.hasNextPage) {
      expect(page.totalCount).toBe(slugs.length);
      return slugs;
    }
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  throw new Error("more pages than meetings");
}

describe("GATEWAY_CLOCK_FIXED", () => {
  it("is read as an instant with an offset, and refused in production or without an offset", () => {
    expect(loadConfig({ NODE_ENV: "test", GATEWAY_CLOCK_FIXED: NZ_EVENING }).clockFixedAt?.toISOString()).toBe(
      "2021-04-22T12:30:00.000Z",
    );
    expect(loadConfig({ NODE_ENV: "test" }).clockFixedAt).toBeNull();
    expect(() => loadConfig({ NODE_ENV: "production", GATEWAY_CLOCK_FIXED: NZ_EVENING })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "development", GATEWAY_CLOCK_FIXED: "2021-04-22T12:30" })).toThrow(
      /GATEWAY_CLOCK_FIXED must be an ISO 8601 instant/,
    );
    expect(() => loadConfig({ NODE_ENV: "test", GATEWAY_CLOCK_FIXED: "2021-02-30T00:00:00Z" })).toThrow(ConfigError);
  });
});

describe("when the clock reads 2021-04-22T12:30Z (Auckland on the 23rd, Lima on the 22nd)", () => {
  let t: TestGateway;
  beforeAll(async () => ({ t } = await startAt(NZ_EVENING)));
  afterAll(() => t.stop());

  it("judges each meeting on its own zone's calendar, UTC for none, and leaves undated meetings out", async () => {
    expect(await allSlugs(t, "UPCOMING")).toEqual(["lim-23", "akl-24"]);
    // The seeded meeting and utc-22 both start on the 22nd: ties go by creation order, the seed's first.
    expect(await allSlugs(t, "ONGOING")).toEqual([SEEDED, "utc-22", "akl-23"]);
    expect(await allSlugs(t, "PAST")).toEqual(["lim-2020", "lim-20-to-21", "lim-21", "utc-21", "akl-22"]);
    expect(await allSlugs(t, "PAST", "DESC", 3)).toEqual(["akl-22", "utc-21", "lim-21", "lim-20-to-21", "lim-2020"]);
  });

  it("applies `when` to a region's meetings too, with the other filters", async () => {
    const { region } = dataOf(
      await t.query<{ region: { upcoming: { nodes: { slug: string }[] }; ongoing: { totalCount: number } } }>(
        `{ region(code: "ASIA_PACIFIC") {
          upcoming: meetings(filter: { when: UPCOMING }) { nodes { slug } }
          ongoing: meetings(filter: { when: ONGOING, startDateFrom: "2021-04-23" }) { totalCount }
        } }`,
      ),
    );
    expect(region.upcoming.nodes.map((m) => m.slug)).toEqual(["akl-24"]);
    expect(region.ongoing.totalCount).toBe(1);
  });
});

describe("when the clock reads 2021-04-22T03:00Z (Lima still on the 21st, Auckland on the 22nd)", () => {
  let t: TestGateway;
  let admin: Record<string, string>;
  beforeAll(async () => ({ t, admin } = await startAt(LIMA_NIGHT)));
  afterAll(() => t.stop());

  it("judges the same meetings otherwise", async () => {
    expect(await allSlugs(t, "UPCOMING")).toEqual([SEEDED, "akl-23", "lim-23", "akl-24"]);
    expect(await allSlugs(t, "ONGOING")).toEqual(["lim-20-to-21", "lim-21", "akl-22", "utc-22"]);
    expect(await allSlugs(t, "PAST")).toEqual(["lim-2020", "utc-21"]);
  });

  it("says the seeded meetings were HELD, new ones SCHEDULED, and filters by status", async () => {
    const statuses = dataOf(
      await t.query<{ meetings: { nodes: { slug: string; status: string }[] } }>(
        `{ meetings(filter: { hostIsoCodes: ["PE"] }, orderBy: { field: TITLE, direction: ASC }) { nodes { slug status } } }`,
      ),
    ).meetings.nodes;
    expect(statuses).toEqual([
      { slug: SEEDED, status: "HELD" },
      { slug: "sunat-regional-customs-laboratory-inauguration", status: "HELD" },
      { slug: "sunat-chemical-analysis-webinar", status: "HELD" },
    ]);
    const created = dataOf(
      await t.query<{ createMeeting: { meeting: { id: string; status: string } } }>(
        CREATE,
        { input: { slug: "status-new", title: "New", kind: "OTHER", startDate: "2021-05-01", timezone: "Asia/Tokyo" } },
        admin,
      ),
    ).createMeeting.meeting;
    expect(created.status).toBe("SCHEDULED");
    const updated = dataOf(
      await t.query<{ updateMeeting: { meeting: { status: string } } }>(
        UPDATE,
        { input: { id: created.id, status: "POSTPONED" } },
        admin,
      ),
    ).updateMeeting.meeting;
    expect(updated.status).toBe("POSTPONED");
    const upcomingPostponed = dataOf(
      await t.query<{ meetings: { nodes: { slug: string }[] } }>(
        `{ meetings(filter: { when: UPCOMING, statuses: [POSTPONED, CANCELLED] }) { nodes { slug } } }`,
      ),
    ).meetings.nodes;
    expect(upcomingPostponed).toEqual([{ slug: "status-new" }]);
  });

  it("stores local times with a date and a zone, and refuses them without, changing nothing", async () => {
    const created = dataOf(
      await t.query<{ createMeeting: { meeting: Record<string, unknown> & { id: string } } }>(
        CREATE,
        {
          input: {
            slug: "timed",
            title: "Timed",
            kind: "WEBINAR",
            startDate: "2021-06-01",
            startTime: "09:30",
            endDate: "2021-06-01",
            endTime: "11:00",
            timezone: "America/Lima",
          },
        },
        admin,
      ),
    ).createMeeting.meeting;
    expect(created).toMatchObject({ status: "SCHEDULED", startTime: "09:30", endTime: "11:00" });

    const refusals: [Record<string, unknown>, string][] = [
      [{ startDate: "2021-06-01", startTime: "09:30" }, "input.startTime"],
      [{ timezone: "America/Lima", startTime: "09:30" }, "input.startTime"],
      [{ startDate: "2021-06-01", timezone: "America/Lima", endTime: "09:30" }, "input.endTime"],
      [
        { startDate: "2021-06-01", endDate: "2021-06-01", timezone: "UTC", startTime: "10:00", endTime: "10:00" },
        "input.endTime",
      ],
    ];
    for (const [fields, path] of refusals) {
      const error = errorOf(
        await t.query(CREATE, { input: { slug: "untimed", title: "X", kind: "OTHER", ...fields } }, admin),
      );
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(JSON.stringify(error.extensions?.problems)).toContain(path);
    }
    for (const time of ["24:00", "9:30", "09:30:00", "noon"]) {
      const error = errorOf(
        await t.query(CREATE, { input: { slug: "untimed", title: "X", kind: "OTHER", startTime: time } }, admin),
      );
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    }
    // Clearing the zone or the date under a stored time is refused too; the meeting stays as it was.
    for (const change of [{ timezone: null }, { startDate: null, endDate: null }, { endTime: "08:00" }]) {
      const error = errorOf(await t.query(UPDATE, { input: { id: created.id, ...change } }, admin));
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    }
    const stored = dataOf(
      await t.query<{ meeting: Record<string, unknown> | null; untimed: unknown }>(
        `{ meeting(slug: "timed") { startDate startTime endDate endTime timezone version } untimed: meeting(slug: "untimed") { slug } }`,
      ),
    );
    expect(stored).toEqual({
      meeting: {
        startDate: "2021-06-01",
        startTime: "09:30",
        endDate: "2021-06-01",
        endTime: "11:00",
        timezone: "America/Lima",
        version: 1,
      },
      untimed: null,
    });
    const cleared = dataOf(
      await t.query<{ updateMeeting: { meeting: Record<string, unknown> } }>(
        UPDATE,
        { input: { id: created.id, startTime: null, endTime: null, timezone: null } },
        admin,
      ),
    ).updateMeeting.meeting;
    expect(cleared).toMatchObject({ startTime: null, endTime: null, timezone: null });
  });

  it("carries status and times through the directory file, and refuses a time without its date", async () => {
    const timed = {
      ...meeting("file-timed", "EUROPE", "2021-09-01", "2021-09-02", "Europe/Paris"),
      startTime: "14:00",
      endTime: "12:30",
      status: "CANCELLED",
    };
    dataOf(await t.query(IMPORT, { input: { directory: { meetings: [timed] } } }, admin));
    const exported = dataOf(
      await t.query<{ exportDirectory: { meetings: Record<string, unknown>[] } }>(`{ exportDirectory }`, {}, admin),
    ).exportDirectory.meetings.find((m) => m.slug === "file-timed");
    expect(exported).toMatchObject({ startTime: "14:00", endTime: "12:30", status: "CANCELLED" });
    expect(Object.keys(exported!).slice(0, 10)).toEqual([
      "slug",
      "title",
      "kind",
      "summary",
      "startDate",
      "endDate",
      "startTime",
      "endTime",
      "timezone",
      "format",
    ]);

    const bad = { ...meeting("file-bad", "EUROPE", null, null, "Europe/Paris"), startTime: "14:00", status: "HELD" };
    const error = errorOf(await t.query(IMPORT, { input: { directory: { meetings: [bad] } } }, admin));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(JSON.stringify(error.extensions?.problems)).toContain("meetings[0].startTime");
    const badTime = { ...meeting("file-bad", "EUROPE", "2021-09-01", null, "Europe/Paris"), startTime: "25:00" };
    const shape = errorOf(await t.query(IMPORT, { input: { directory: { meetings: [badTime] } } }, admin));
    expect(shape.extensions?.problems).toEqual([
      { path: "input.directory.meetings[0].startTime", message: "must be a local time written HH:MM, 00:00 to 23:59" },
    ]);
    expect(dataOf(await t.query<{ meeting: unknown }>(`{ meeting(slug: "file-bad") { slug } }`)).meeting).toBeNull();
  });
});

describe(`the status migration (${TEST_ENGINE})`, () => {
  it("marks HELD only the meetings a stored source reports as past, and the first seed's three", async () => {
    const database = await createTestDatabase();
    const before = createDataSource(
      { engine: database.engine, url: database.url },
      { migrations: migrations.slice(0, -1) },
    );
    await before.initialize();
    try {
      await migrate(before);
      const meetings: [string, string | null, string | null][] = [
        ["reported-after", "2021-04-22", "2021-04-22"],
        ["reported-after-no-end", "2021-03-01", null],
        ["reported-same-day", "2021-05-01", "2021-05-01"],
        ["reported-before", "2021-06-10", "2021-06-12"],
        ["no-source", "2020-01-01", "2020-01-01"],
        ["undated-reported", null, null],
        ["sunat-chemical-analysis-webinar", null, null],
        ["sunat-regional-customs-laboratory-inauguration", null, null],
      ];
      const date = (value: string | null) => (value === null ? "NULL" : `'${value}'`);
      for (const [slug, start, end] of meetings)
        await before.query(
          `INSERT INTO meeting (slug, title, kind, start_date, end_date, format, version) VALUES ('${slug}', '${slug}', 'OTHER', ${date(start)}, ${date(end)}, 'UNKNOWN', 1)`,
        );
      const sources: [string, string][] = [
        ["Americas and Caribbean Regional Meeting discusses priorities and shares best practices", "2021-04-29"],
        ["Early report", "2021-03-02"],
        ["Same day", "2021-05-01"],
        ["Preview", "2021-06-11"],
        ["Another item", "2021-04-29"],
      ];
      for (const [title, publishedOn] of sources)
        await before.query(
          `INSERT INTO source (title, publisher, published_on, language, version) VALUES ('${title}', 'WCO', '${publishedOn}', 'en', 1)`,
        );
      const links: [string, string][] = [
        ["reported-after", "Another item"],
        ["reported-after-no-end", "Early report"],
        ["reported-same-day", "Same day"],
        ["reported-before", "Preview"],
        ["undated-reported", "Another item"],
        [
          "sunat-chemical-analysis-webinar",
          "Americas and Caribbean Regional Meeting discusses priorities and shares best practices",
        ],
        // Not the article: a meeting of that slug documented by another item is not the one the article reports.
        ["sunat-regional-customs-laboratory-inauguration", "Another item"],
      ];
      for (const [slug, title] of links)
        await before.query(
          `INSERT INTO meeting_source (meeting_id, source_id) SELECT m.id, s.id FROM meeting m, source s WHERE m.slug = '${slug}' AND s.title = '${title}'`,
        );
    } finally {
      await before.destroy();
    }
    const after = createDataSource({ engine: database.engine, url: database.url });
    await after.initialize();
    try {
      expect(await migrate(after)).toEqual(["MeetingStatusAndTimes1765180800000"]);
      const rows: { slug: string; status: string; start_time: string | null }[] = await after.query(
        `SELECT slug, status, start_time FROM meeting ORDER BY slug`,
      );
      expect(rows).toEqual([
        { slug: "no-source", status: "SCHEDULED", start_time: null },
        { slug: "reported-after", status: "HELD", start_time: null },
        { slug: "reported-after-no-end", status: "HELD", start_time: null },
        { slug: "reported-before", status: "SCHEDULED", start_time: null },
        { slug: "reported-same-day", status: "SCHEDULED", start_time: null },
        { slug: "sunat-chemical-analysis-webinar", status: "HELD", start_time: null },
        { slug: "sunat-regional-customs-laboratory-inauguration", status: "SCHEDULED", start_time: null },
        { slug: "undated-reported", status: "SCHEDULED", start_time: null },
      ]);
    } finally {
      await after.destroy();
      await database.drop();
    }
  });
});
