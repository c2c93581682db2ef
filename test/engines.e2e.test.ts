import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { activityDirectory } from "./helpers/activity-directory";
import type { TestDatabase } from "./helpers/database";
import { createTestDatabase, onPostgres } from "./helpers/database";
import type { GraphQLResponse, TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { syntheticDirectory } from "./helpers/synthetic-directory";

/*
 * Moving a deployment from SQLite to PostgreSQL: `npm run export` from the SQLite file, `npm run import`
 * into an empty PostgreSQL database, and the directory arrives whole. Needs both engines, so it runs in
 * the PostgreSQL test run (TEST_ENGINE=postgres).
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");
const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

const cli = (script: string, args: string[], databaseUrl: string) =>
  run(process.execPath, [`dist/src/app/cli/${script}.js`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 64 * 1024 * 1024,
  });

/** Edits through the API that the seeds and generated files do not cover: awkward text, nulls, a reorder. */
async function curate(t: TestGateway): Promise<void> {
  const admin = { authorization: `Bearer ${await t.createToken("admin")}` };
  const ok = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await t.query<T>(query, variables, admin));
  const idOf = async (query: string) => {
    const data = await ok<Record<string, { id: string }>>(query);
    return Object.values(data)[0]!.id;
  };
  await ok(`mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`, {
    input: { directory: activityDirectory(120, "moved") },
  });
  await ok(`mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`, {
    input: { directory: syntheticDirectory({ meetings: 30, agendaItems: 3, slugPrefix: "moved-synthetic" }) },
  });
  const americas = await idOf(`{ region(code: "AMERICAS_CARIBBEAN") { id } }`);
  const peru = await idOf(`{ member(isoCode: "PE") { id } }`);
  const theme = await idOf(`{ theme(year: 2021) { id } }`);
  const mikuriya = await idOf(`{ person(slug: "kunio-mikuriya") { id } }`);
  const created = await ok<{ createMeeting: { meeting: { id: string } } }>(
    `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }`,
    {
      input: {
        slug: "2022-03-08-sesion-extraordinaria",
        title: "Sesión extraordinaria: «Aduanas 100%» — O'Brien's _draft_ \\ notes 🚢",
        kind: "WORKSHOP",
        startDate: "2022-03-08",
        endDate: "2022-03-09",
        timezone: "Pacific/Auckland",
        regionId: americas,
        hostId: peru,
        themeId: theme,
      },
    },
  );
  const meetingId = created.createMeeting.meeting.id;
  await ok(
    `mutation($input: CreateParticipationInput!) { createParticipation(input: $input) { participation { id } } }`,
    { input: { meetingId, personId: mikuriya, role: "SPEAKER" } },
  );
  const ADD_ITEM = `mutation($input: CreateAgendaItemInput!) { createAgendaItem(input: $input) { agendaItem { id } } }`;
  for (const [title, kind] of [
    ["Apertura", "OPENING"],
    ["Ñandú & co.: 50% of “quoted” text", "DISCUSSION"],
    ["Clausura", "CLOSING"],
  ] as const) {
    await ok(ADD_ITEM, {
      input: { meetingId, title, kind, speakerIds: kind === "OPENING" ? [mikuriya] : [], topics: ["Movilidad"] },
    });
  }
  const items = await ok<{ meeting: { agenda: { id: string }[] } }>(
    `{ meeting(slug: "2022-03-08-sesion-extraordinaria") { agenda { id } } }`,
  );
  await ok(`mutation($input: ReorderAgendaItemsInput!) { reorderAgendaItems(input: $input) { meeting { slug } } }`, {
    input: { meetingId, itemIds: [...items.meeting.agenda.map((i) => i.id)].reverse() },
  });
  const seeded = await ok<{ meeting: { id: string; version: number } }>(
    `{ meeting(slug: "${SEEDED}") { id version } }`,
  );
  await ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { format } } }`, {
    input: { id: seeded.meeting.id, expectedVersion: seeded.meeting.version, format: "VIRTUAL" },
  });
}

/**
 * Ties are ordered by id (meetings on the same date, hosts with as many meetings: "in creation order"), and
 * ids are not carried across: an import numbers rows in file order. Within each run of equal sort keys,
 * order by natural key before comparing.
 */
function ties(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(ties) as Record<string, unknown>[];
    const keyed = (
      sortKey: (item: Record<string, unknown>) => unknown,
      naturalKey: (item: Record<string, unknown>) => string,
    ) => {
      const sorted: Record<string, unknown>[] = [];
      for (let i = 0; i < items.length;) {
        let j = i;
        while (j < items.length && sortKey(items[j]!) === sortKey(items[i]!)) j++;
        sorted.push(...items.slice(i, j).sort((a, b) => naturalKey(a).localeCompare(naturalKey(b))));
        i = j;
      }
      return sorted;
    };
    const all = (property: string) =>
      items.every((item) => typeof item === "object" && item !== null && property in item);
    if (all("slug") && all("startDate"))
      return keyed(
        (item) => item.startDate,
        (item) => String(item.slug),
      );
    if (all("member") && all("meetingCount")) {
      return keyed(
        (item) => item.meetingCount,
        (item) => JSON.stringify(item.member),
      );
    }
    return items;
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ties(item)]));
  }
  return value;
}

/** Read queries whose answers must not depend on the engine (no ids, cursors or timestamps in them). */
const QUERIES: [string, string][] = [
  [
    "meetings, newest first, undated last",
    `{ meetings(first: 100) { totalCount nodes { slug title startDate endDate timezone format kind region { code } host { isoCode } theme { year } agenda { position title kind pillar { name } speakers { slug } topics { name } } participants { role person { slug } } } } }`,
  ],
  [
    "meetings by title, ascending, second page",
    `{ meetings(first: 40, orderBy: { field: TITLE, direction: ASC }) { pageInfo { hasNextPage } nodes { slug } } }`,
  ],
  [
    "meetings by start date, ascending",
    `{ meetings(first: 100, orderBy: { field: START_DATE, direction: ASC }) { nodes { slug startDate } } }`,
  ],
  [
    "title search with wildcards and case",
    `{ a: meetings(filter: { titleContains: "100%" }) { nodes { slug } } b: meetings(filter: { titleContains: "SESIÓN" }) { nodes { slug } } c: meetings(filter: { titleContains: "_draft_" }) { nodes { slug } } d: meetings(filter: { titleContains: "activity MEETING 1" }) { totalCount } }`,
  ],
  [
    "filters: region, kinds, dates, theme",
    `{ meetings(first: 100, filter: { regionCodes: ["EUROPE", "MENA"], kinds: [WORKSHOP, CONFERENCE], startDateFrom: "2020-01-01", startDateTo: "2022-12-31" }) { totalCount nodes { slug } } t: meetings(filter: { themeYear: 2021 }) { totalCount } }`,
  ],
  [
    "regional activity by quarter",
    `{ regionalActivity(granularity: QUARTER) { region { code } period { key firstDay lastDay } meetingCount agendaItemCount hostCount participantCount pillars { pillar { name } agendaItemCount } } }`,
  ],
  [
    "regional activity by month, filtered",
    `{ regionalActivity(granularity: MONTH, filter: { from: "2021-01-01", to: "2022-12-31", regionCodes: ["AMERICAS_CARIBBEAN", "ASIA_PACIFIC"] }) { region { code } period { key } meetingCount agendaItemCount } }`,
  ],
  [
    "activity summary",
    `{ activitySummary { totals { meetingCount agendaItemCount hostCount participantCount } busiestRegion { region { code } meetingCount } q: busiestPeriod(granularity: QUARTER) { period { key } meetingCount } y: busiestPeriod(granularity: YEAR) { period { key } meetingCount } topHosts(first: 20) { member { isoCode } meetingCount } recentMeetings(first: 5) { slug startDate } } }`,
  ],
  [
    "members and people searches",
    `{ members(first: 50, filter: { search: "CUSTOMS" }) { totalCount nodes { isoCode name } } people(first: 50, filter: { search: "person 1" }) { totalCount nodes { slug } } }`,
  ],
  ["themes", `{ themes { nodes { year title pillars { position name focusAreas } } } }`],
];

(onPostgres ? describe : describe.skip)("moving a directory from SQLite to PostgreSQL", () => {
  let sqlite: TestDatabase;
  let postgres: TestDatabase;
  beforeAll(async () => {
    sqlite = await createTestDatabase("sqlite");
    postgres = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await sqlite.drop();
    await postgres.drop();
  });

  it("export → import → export gives the same bytes, and both engines answer the same", async () => {
    const original = await startTestGateway({}, { database: sqlite });
    try {
      await curate(original);
    } finally {
      await original.stop();
    }

    const fromSqlite = path.join(sqlite.dir, "from-sqlite.json");
    await cli("export", [fromSqlite], sqlite.url);
    const imported = await cli("import", [fromSqlite], postgres.url);
    expect(imported.stdout).toMatch(/Meeting: \+156 ~0 -0/);
    const fromPostgres = path.join(sqlite.dir, "from-postgres.json");
    await cli("export", [fromPostgres], postgres.url);
    const exported = fs.readFileSync(fromSqlite);
    expect(exported.length).toBeGreaterThan(50_000);
    expect(fs.readFileSync(fromPostgres).equals(exported)).toBe(true);
    // Importing the same file again finds nothing to change.
    expect((await cli("import", [fromSqlite, "--dry-run"], postgres.url)).stdout).toMatch(/^0 change\(s\)/m);

    // The PostgreSQL database was never seeded: everything in it came from the file.
    const gateways = [
      await startTestGateway({ seedWhenEmpty: false }, { database: sqlite }),
      await startTestGateway({ seedWhenEmpty: false }, { database: postgres }),
    ];
    try {
      for (const [name, query] of QUERIES) {
        const [onSqlite, onPg] = (await Promise.all(gateways.map((t) => t.query(query)))) as [
          GraphQLResponse,
          GraphQLResponse,
        ];
        expect(onSqlite.errors).toBeUndefined();
        expect({ name, data: ties(onPg.data), errors: onPg.errors }).toEqual({
          name,
          data: ties(onSqlite.data),
          errors: undefined,
        });
      }
      const search = dataOf(await gateways[1]!.query<Record<string, { nodes: { slug: string }[] }>>(QUERIES[3]![1]));
      expect(search.a!.nodes.map((n) => n.slug)).toEqual(["2022-03-08-sesion-extraordinaria"]);
      expect(search.c!.nodes.map((n) => n.slug)).toEqual(["2022-03-08-sesion-extraordinaria"]);
      // Bad input is refused the same way on both engines.
      const refusals = await Promise.all(
        gateways.map((t) => t.query(`{ meetings(filter: { titleContains: "  " }) { totalCount } }`)),
      );
      for (const refusal of refusals) expect(refusal.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      await Promise.all(gateways.map((t) => t.stop()));
    }
  }, 120_000);
});
