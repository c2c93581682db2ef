import { dumpDatabase } from "./helpers/database-dump";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";

/*
 * Meeting series over HTTP: the seeded meeting's series, editors' create / update / delete (with `cascade`),
 * session numbers (unique within a series, never without one), `MeetingSeries.meetings` in session order with
 * its pages, `previousSession`/`nextSession`, the `seriesId` filter of `meetings`, `node(id:)`, the audit trail,
 * and the directory file's `series` section through `importDirectory` and `exportDirectory`.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const SEEDED_SERIES = "americas-caribbean-heads-of-customs";

const CREATE_SERIES = `mutation($input: CreateMeetingSeriesInput!) {
  createMeetingSeries(input: $input) { series { id slug name shortName description version region { code } } }
}`;
const UPDATE_SERIES = `mutation($input: UpdateMeetingSeriesInput!) {
  updateMeetingSeries(input: $input) { series { id slug name shortName description version region { code } } }
}`;
const DELETE_SERIES = `mutation($input: DeleteMeetingSeriesInput!) {
  deleteMeetingSeries(input: $input) { deletedId cascaded }
}`;
const CREATE_MEETING = `mutation($input: CreateMeetingInput!) {
  createMeeting(input: $input) { meeting { id slug sessionNumber series { slug } } }
}`;
const UPDATE_MEETING = `mutation($input: UpdateMeetingInput!) {
  updateMeeting(input: $input) { meeting { id slug sessionNumber series { slug } } }
}`;
const SERIES_MEETINGS = `query($slug: String!, $first: Int, $after: String, $last: Int, $before: String) {
  series(slug: $slug) {
    meetings(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { slug sessionNumber } }
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    }
  }
}`;
const IMPORT = `mutation($input: ImportDirectoryInput!) {
  importDirectory(input: $input) { totalChanges changes { entity created updated deleted } }
}`;

interface SeriesData {
  id: string;
  slug: string;
  name: string;
  shortName: string | null;
  description: string | null;
  version: number;
  region: { code: string } | null;
}
interface MeetingData {
  id: string;
  slug: string;
  sessionNumber: number | null;
  series: { slug: string } | null;
}
interface SeriesMeetings {
  series: {
    meetings: {
      totalCount: number;
      edges: { cursor: string; node: { slug: string; sessionNumber: number | null } }[];
      pageInfo: {
        hasNextPage: boolean;
        hasPreviousPage: boolean;
        endCursor: string | null;
        startCursor: string | null;
      };
    };
  } | null;
}

describe("meeting series", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let regionId: string;
  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor", "Series editor")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin", "Series admin")}` };
    regionId = dataOf(await t.query<{ region: { id: string } }>(`{ region(code: "EUROPE") { id } }`)).region.id;
  });
  afterAll(() => t.stop());

  const createSeries = async (input: Record<string, unknown>) =>
    dataOf(await t.query<{ createMeetingSeries: { series: SeriesData } }>(CREATE_SERIES, { input }, editor))
      .createMeetingSeries.series;
  const createMeeting = async (input: Record<string, unknown>) =>
    dataOf(
      await t.query<{ createMeeting: { meeting: MeetingData } }>(
        CREATE_MEETING,
        { input: { kind: "OTHER", ...input } },
        editor,
      ),
    ).createMeeting.meeting;
  const sessionsOf = async (slug: string, page: Record<string, unknown> = {}) =>
    dataOf(await t.query<SeriesMeetings>(SERIES_MEETINGS, { slug, ...page })).series!.meetings;

  it("holds the seeded 2021 meeting in its regional series, with no session number (the article gives none)", async () => {
    const { meeting } = dataOf(
      await t.query<{
        meeting: {
          sessionNumber: number | null;
          series: { slug: string; name: string; shortName: string | null; region: { code: string } | null };
          previousSession: { slug: string } | null;
          nextSession: { slug: string } | null;
        };
      }>(
        `query($slug: String!) { meeting(slug: $slug) {
          sessionNumber series { slug name shortName region { code } } previousSession { slug } nextSession { slug }
        } }`,
        { slug: SEEDED },
      ),
    );
    expect(meeting).toEqual({
      sessionNumber: null,
      series: {
        slug: SEEDED_SERIES,
        name: "Heads of Customs Meeting of the Americas/Caribbean Region",
        shortName: null,
        region: { code: "AMERICAS_CARIBBEAN" },
      },
      previousSession: null,
      nextSession: null,
    });
    const seeded = await sessionsOf(SEEDED_SERIES);
    expect(seeded.edges.map((edge) => edge.node)).toEqual([{ slug: SEEDED, sessionNumber: null }]);
  });

  it("creates, finds, lists, updates with expectedVersion, and resolves a series through node(id:)", async () => {
    const series = await createSeries({
      slug: "crud-council",
      name: "  Crud Council ",
      shortName: "CC",
      description: "A body that meets.",
      regionId,
    });
    expect(series).toMatchObject({
      slug: "crud-council",
      name: "Crud Council",
      version: 1,
      region: { code: "EUROPE" },
    });

    const found = dataOf(await t.query<{ series: { id: string } | null }>(`{ series(slug: "crud-council") { id } }`));
    expect(found.series?.id).toBe(series.id);
    const listed = dataOf(
      await t.query<{ meetingSeries: { totalCount: number; nodes: { slug: string }[] } }>(
        `{ meetingSeries(first: 10, filter: { regionCodes: ["EUROPE"], nameContains: "crud" }) { totalCount nodes { slug } } }`,
      ),
    );
    expect(listed.meetingSeries).toEqual({ totalCount: 1, nodes: [{ slug: "crud-council" }] });
    const node = dataOf(
      await t.query<{ node: { __typename: string; slug?: string } | null }>(
        `query($id: ID!) { node(id: $id) { __typename ... on MeetingSeries { slug } } }`,
        { id: series.id },
      ),
    );
    expect(node.node).toEqual({ __typename: "MeetingSeries", slug: "crud-council" });

    const updated = dataOf(
      await t.query<{ updateMeetingSeries: { series: SeriesData } }>(
        UPDATE_SERIES,
        {
          input: { id: series.id, expectedVersion: 1, name: "Crud Council (renamed)", shortName: null, regionId: null },
        },
        editor,
      ),
    ).updateMeetingSeries.series;
    expect(updated).toMatchObject({ name: "Crud Council (renamed)", shortName: null, region: null, version: 2 });

    const stale = errorOf(
      await t.query(UPDATE_SERIES, { input: { id: series.id, expectedVersion: 1, name: "Lost" } }, editor),
    );
    expect(stale.extensions?.code).toBe("CONFLICT");

    const anonymous = errorOf(await t.query(CREATE_SERIES, { input: { slug: "anon", name: "Anonymous" } }));
    expect(anonymous.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses bad input with BAD_USER_INPUT and changes nothing", async () => {
    await createSeries({ slug: "taken-series", name: "Taken" });
    const before = await dumpDatabase(t.gateway.dataSource);
    const cases: [string, Record<string, unknown>, string][] = [
      [
        CREATE_SERIES,
        { slug: "taken-series", name: "Again" },
        "a meeting series with slug taken-series already exists",
      ],
      [CREATE_SERIES, { slug: "Not A Slug", name: "Bad" }, ""],
      [CREATE_SERIES, { slug: "blank-name", name: "   " }, "must not be blank"],
      [
        CREATE_MEETING,
        { slug: "no-series", title: "No series", kind: "OTHER", sessionNumber: 3 },
        "a session number needs a series",
      ],
      [
        CREATE_MEETING,
        { slug: "zero-session", title: "Zero", kind: "OTHER", seriesId: "bm90LWFuLWlk", sessionNumber: 0 },
        "",
      ],
      [
        CREATE_MEETING,
        { slug: "bad-series", title: "Bad series", kind: "OTHER", seriesId: regionId },
        "is not a MeetingSeries id",
      ],
    ];
    for (const [document, input, message] of cases) {
      const error = errorOf(await t.query(document, { input }, editor));
      expect({ input, code: error.extensions?.code }).toEqual({ input, code: "BAD_USER_INPUT" });
      expect(error.message).toContain(message);
    }
    const filter = errorOf(await t.query(`{ meetings(filter: { seriesId: "nonsense" }) { totalCount } }`));
    expect(filter.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  describe("sessions", () => {
    let series: SeriesData;
    const meetings: Record<string, MeetingData> = {};
    beforeAll(async () => {
      series = await createSeries({ slug: "session-council", name: "Session Council" });
      // Created out of order: the list orders them, not their ids.
      for (const [slug, fields] of [
        ["council-undated", {}],
        ["council-2", { sessionNumber: 2, startDate: "2020-06-01" }],
        ["council-unnumbered-2021", { startDate: "2021-06-01" }],
        ["council-1", { sessionNumber: 1, startDate: "2019-06-01" }],
        ["council-unnumbered-2019", { startDate: "2019-01-01" }],
      ] as const) {
        meetings[slug] = await createMeeting({ slug, title: slug, seriesId: series.id, ...fields });
      }
      await createMeeting({ slug: "council-elsewhere", title: "Not in the series", sessionNumber: null });
    });

    const ORDER = ["council-1", "council-2", "council-unnumbered-2019", "council-unnumbered-2021", "council-undated"];

    it("lists the series' meetings in session order: numbered, then by date, undated last; page by page", async () => {
      const all = await sessionsOf("session-council");
      expect(all.totalCount).toBe(5);
      expect(all.edges.map((edge) => edge.node.slug)).toEqual(ORDER);

      const first = await sessionsOf("session-council", { first: 2 });
      expect(first.edges.map((edge) => edge.node.slug)).toEqual(ORDER.slice(0, 2));
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const second = await sessionsOf("session-council", { first: 2, after: first.pageInfo.endCursor });
      expect(second.edges.map((edge) => edge.node.slug)).toEqual(ORDER.slice(2, 4));
      const third = await sessionsOf("session-council", { first: 2, after: second.pageInfo.endCursor });
      expect(third.edges.map((edge) => edge.node.slug)).toEqual(ORDER.slice(4));
      expect(third.pageInfo.hasNextPage).toBe(false);
      const back = await sessionsOf("session-council", { last: 2, before: third.pageInfo.startCursor });
      expect(back.edges.map((edge) => edge.node.slug)).toEqual(ORDER.slice(2, 4));
      expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

      const foreign = errorOf(await t.query(SERIES_MEETINGS, { slug: "session-council", after: "bm90LWEtY3Vyc29y" }));
      expect(foreign.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("steps from each meeting to the previous and next session in the same order", async () => {
      const { meetings: page } = dataOf(
        await t.query<{
          meetings: {
            nodes: { slug: string; previousSession: { slug: string } | null; nextSession: { slug: string } | null }[];
          };
        }>(
          `query($id: ID!) { meetings(first: 20, filter: { seriesId: $id }) {
            nodes { slug previousSession { slug } nextSession { slug } }
          } }`,
          { id: series.id },
        ),
      );
      expect(page.nodes.map((node) => node.slug).sort()).toEqual([...ORDER].sort());
      for (const node of page.nodes) {
        const at = ORDER.indexOf(node.slug);
        expect([node.slug, node.previousSession?.slug ?? null, node.nextSession?.slug ?? null]).toEqual([
          node.slug,
          ORDER[at - 1] ?? null,
          ORDER[at + 1] ?? null,
        ]);
      }
    });

    it("refuses a session number already held in the series with CONFLICT, naming its holder, and changes nothing", async () => {
      const before = await dumpDatabase(t.gateway.dataSource);
      const created = errorOf(
        await t.query(
          CREATE_MEETING,
          { input: { slug: "council-2-again", title: "Again", kind: "OTHER", seriesId: series.id, sessionNumber: 2 } },
          editor,
        ),
      );
      expect(created.extensions?.code).toBe("CONFLICT");
      expect(created.message).toBe(
        "input.sessionNumber: session 2 of the series Session Council is already the meeting council-2",
      );
      const updated = errorOf(
        await t.query(UPDATE_MEETING, { input: { id: meetings["council-1"]!.id, sessionNumber: 2 } }, editor),
      );
      expect(updated.extensions?.code).toBe("CONFLICT");
      expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
    });

    it("keeps a meeting's number when it stays in its series, and drops it when the meeting leaves", async () => {
      const kept = dataOf(
        await t.query<{ updateMeeting: { meeting: MeetingData } }>(
          UPDATE_MEETING,
          { input: { id: meetings["council-2"]!.id, title: "Council 2 (retitled)" } },
          editor,
        ),
      ).updateMeeting.meeting;
      expect(kept).toMatchObject({ sessionNumber: 2, series: { slug: "session-council" } });
      const renumbered = dataOf(
        await t.query<{ updateMeeting: { meeting: MeetingData } }>(
          UPDATE_MEETING,
          { input: { id: meetings["council-unnumbered-2021"]!.id, sessionNumber: 3 } },
          editor,
        ),
      ).updateMeeting.meeting;
      expect(renumbered.sessionNumber).toBe(3);
      const left = dataOf(
        await t.query<{ updateMeeting: { meeting: MeetingData } }>(
          UPDATE_MEETING,
          { input: { id: meetings["council-unnumbered-2021"]!.id, seriesId: null } },
          editor,
        ),
      ).updateMeeting.meeting;
      expect(left).toMatchObject({ sessionNumber: null, series: null });
      const back = dataOf(
        await t.query<{ updateMeeting: { meeting: MeetingData } }>(
          UPDATE_MEETING,
          { input: { id: meetings["council-unnumbered-2021"]!.id, seriesId: series.id } },
          editor,
        ),
      ).updateMeeting.meeting;
      expect(back).toMatchObject({ sessionNumber: null, series: { slug: "session-council" } });
    });

    it("filters meetings by series", async () => {
      const { meetings: page } = dataOf(
        await t.query<{ meetings: { totalCount: number } }>(
          `query($id: ID!) { meetings(filter: { seriesId: $id }) { totalCount } }`,
          { id: series.id },
        ),
      );
      expect(page.totalCount).toBe(5);
    });

    it("refuses to delete a series with meetings without cascade; with cascade its meetings leave it, audited", async () => {
      const refused = errorOf(await t.query(DELETE_SERIES, { input: { id: series.id } }, editor));
      expect(refused.extensions?.code).toBe("CONFLICT");
      expect(refused.message).toContain("has 5 meeting(s)");
      expect((await sessionsOf("session-council")).totalCount).toBe(5);

      const deleted = dataOf(
        await t.query<{ deleteMeetingSeries: { deletedId: string; cascaded: number } }>(
          DELETE_SERIES,
          { input: { id: series.id, cascade: true } },
          editor,
        ),
      ).deleteMeetingSeries;
      expect(deleted).toEqual({ deletedId: series.id, cascaded: 5 });
      expect(dataOf(await t.query<{ series: null }>(`{ series(slug: "session-council") { id } }`)).series).toBeNull();
      const left = dataOf(
        await t.query<{ meeting: { sessionNumber: number | null; series: null; previousSession: null } }>(
          `{ meeting(slug: "council-1") { sessionNumber series { slug } previousSession { slug } } }`,
        ),
      ).meeting;
      expect(left).toEqual({ sessionNumber: null, series: null, previousSession: null });

      const trail = dataOf(
        await t.query<{
          auditEntries: {
            nodes: { operation: string; entityType: string; actor: string; after: { sessionNumber?: number } | null }[];
          };
        }>(
          `{ auditEntries(first: 50, filter: { operation: "deleteMeetingSeries" }) { nodes { operation entityType actor after } } }`,
          {},
          admin,
        ),
      ).auditEntries.nodes;
      expect(trail.filter((entry) => entry.entityType === "Meeting")).toHaveLength(5);
      expect(trail.filter((entry) => entry.entityType === "MeetingSeries")).toEqual([
        { operation: "deleteMeetingSeries", entityType: "MeetingSeries", actor: "Series editor", after: null },
      ]);
      const created = dataOf(
        await t.query<{ auditEntries: { totalCount: number } }>(
          `query($id: ID!) { auditEntries(filter: { entityId: $id }) { totalCount } }`,
          { id: series.id },
          admin,
        ),
      ).auditEntries.totalCount;
      expect(created).toBe(2); // created, then deleted
    });
  });

  describe("in the directory file", () => {
    const file = (meetings: Record<string, unknown>[], series: Record<string, unknown>[] = []) => ({
      series,
      meetings: meetings.map((meeting) => ({ title: String(meeting.slug), kind: "OTHER", ...meeting })),
    });
    const WCO = { slug: "file-council", name: "File Council", shortName: "FC", region: "EUROPE" };

    it("imports a series and its sessions, exports them, and importing the export again changes nothing", async () => {
      const imported = dataOf(
        await t.query<{ importDirectory: { totalChanges: number } }>(
          IMPORT,
          {
            input: {
              directory: file(
                [
                  { slug: "file-council-140", series: "file-council", sessionNumber: 140 },
                  { slug: "file-council-141", series: "file-council", sessionNumber: 141 },
                  { slug: "file-council-extra", series: "file-council" },
                ],
                [WCO],
              ),
            },
          },
          admin,
        ),
      ).importDirectory;
      expect(imported.totalChanges).toBe(4);
      const sessions = await sessionsOf("file-council");
      expect(sessions.edges.map((edge) => [edge.node.slug, edge.node.sessionNumber])).toEqual([
        ["file-council-140", 140],
        ["file-council-141", 141],
        ["file-council-extra", null],
      ]);

      const exported = dataOf(
        await t.query<{
          exportDirectory: {
            series: Record<string, unknown>[];
            meetings: { slug: string; series: string | null; sessionNumber: number | null }[];
          };
        }>(`{ exportDirectory }`, {}, admin),
      ).exportDirectory;
      expect(exported.series).toEqual(
        expect.arrayContaining([
          { ...WCO, description: null },
          {
            slug: SEEDED_SERIES,
            name: "Heads of Customs Meeting of the Americas/Caribbean Region",
            shortName: null,
            description: null,
            region: "AMERICAS_CARIBBEAN",
          },
        ]),
      );
      expect(exported.meetings.find((meeting) => meeting.slug === "file-council-141")).toMatchObject({
        series: "file-council",
        sessionNumber: 141,
      });
      expect(exported.meetings.find((meeting) => meeting.slug === SEEDED)).toMatchObject({
        series: SEEDED_SERIES,
        sessionNumber: null,
      });
      const again = dataOf(
        await t.query<{ importDirectory: { totalChanges: number } }>(IMPORT, { input: { directory: exported } }, admin),
      ).importDirectory;
      expect(again.totalChanges).toBe(0);
    });

    it("lets a file exchange two meetings' session numbers", async () => {
      const swapped = dataOf(
        await t.query<{ importDirectory: { changes: { entity: string; updated: number }[] } }>(
          IMPORT,
          {
            input: {
              directory: file([
                { slug: "file-council-140", series: "file-council", sessionNumber: 141 },
                { slug: "file-council-141", series: "file-council", sessionNumber: 140 },
                { slug: "file-council-extra", series: "file-council" },
              ]),
            },
          },
          admin,
        ),
      ).importDirectory;
      expect(swapped.changes).toEqual(
        expect.arrayContaining([expect.objectContaining({ entity: "Meeting", updated: 2 })]),
      );
      const sessions = await sessionsOf("file-council");
      expect(sessions.edges.map((edge) => edge.node.slug)).toEqual([
        "file-council-141",
        "file-council-140",
        "file-council-extra",
      ]);
    });

    it("refuses a number held by a stored meeting (CONFLICT), or given twice, or without a series, and imports nothing", async () => {
      const before = await dumpDatabase(t.gateway.dataSource);
      const held = errorOf(
        await t.query(
          IMPORT,
          { input: { directory: file([{ slug: "file-council-new", series: "file-council", sessionNumber: 140 }]) } },
          admin,
        ),
      );
      expect(held.extensions?.code).toBe("CONFLICT");
      expect(held.extensions?.problems).toEqual([
        {
          path: "input.directory.meetings[0].sessionNumber",
          message: "session 140 of the series File Council is already the meeting file-council-141",
          references: {},
        },
      ]);
      const twice = errorOf(
        await t.query(
          IMPORT,
          {
            input: {
              directory: file([
                { slug: "twice-a", series: "file-council", sessionNumber: 500 },
                { slug: "twice-b", series: "file-council", sessionNumber: 500 },
              ]),
            },
          },
          admin,
        ),
      );
      expect(twice.extensions?.code).toBe("CONFLICT");
      const alone = errorOf(
        await t.query(IMPORT, { input: { directory: file([{ slug: "alone", sessionNumber: 3 }]) } }, admin),
      );
      expect(alone.extensions?.code).toBe("BAD_USER_INPUT");
      expect(alone.extensions?.problems).toEqual([
        {
          path: "input.directory.meetings[0].sessionNumber",
          message: "a session number needs a series: give the series too",
        },
      ]);
      const unknown = errorOf(
        await t.query(IMPORT, { input: { directory: file([{ slug: "lost", series: "no-such-series" }]) } }, admin),
      );
      expect(unknown.extensions?.code).toBe("BAD_USER_INPUT");
      expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
    });
  });
});
