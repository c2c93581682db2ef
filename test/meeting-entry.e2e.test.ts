import { setTimeout as pause } from "node:timers/promises";
import { dumpDatabase } from "./helpers/database-dump";
import type { GraphQLResponse, TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { DirectorySubscriber } from "./helpers/subscriber";
import { loadConfig } from "../src/config";

/*
 * One-step meeting entry over HTTP (issue 16, item 4): `createMeeting` with its participants, agenda and new
 * sources inline, and `replaceAgendaItems`. Every rule broken in an inline element answers what the single
 * mutation answers (code and message), at the element's path, and changes nothing (every table, the audit trail
 * included); a whole meeting leaves one audit entry per object it created; subscribers and the response cache see
 * it as they see the single mutations.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

const CREATE_MEETING = `mutation($input: CreateMeetingInput!) {
  createMeeting(input: $input) { meeting { id slug version } }
}`;
const REPLACE_AGENDA = `mutation($input: ReplaceAgendaItemsInput!) {
  replaceAgendaItems(input: $input) { meeting { id version agenda { id position title version } } }
}`;
const MEETING = `query($slug: String!) {
  meeting(slug: $slug) {
    id
    version
    theme { year }
    participants { role person { slug } }
    sources { title publisher language url }
    agenda { id position title kind summary version pillar { name } speakers { slug } topics { name } }
  }
}`;
const AUDIT = `query($filter: AuditEntryFilter, $first: Int) {
  auditEntries(filter: $filter, first: $first) { totalCount nodes { operation entityType entityId before after } }
}`;

interface MeetingData {
  id: string;
  version: number;
  theme: { year: number } | null;
  participants: { role: string; person: { slug: string } }[];
  sources: { title: string; publisher: string; language: string; url: string | null }[];
  agenda: {
    id: string;
    position: number;
    title: string;
    kind: string;
    summary: string | null;
    version: number;
    pillar: { name: string } | null;
    speakers: { slug: string }[];
    topics: { name: string }[];
  }[];
}
interface AuditEntries {
  auditEntries: {
    totalCount: number;
    nodes: {
      operation: string;
      entityType: string;
      entityId: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
  };
}
type Problem = { path: string; message: string };

/** The primary key in a global id: the audit trail's snapshots hold keys, the API global ids. */
const idOf = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString().split(":")[1]);

describe("entering a whole meeting in one mutation", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  /** Seeded people's ids by slug. */
  const person: Record<string, string> = {};
  let themeId: string;
  /** The 2021 theme's pillars by name. */
  const pillar: Record<string, string> = {};
  /** A pillar of another theme (2022). */
  let foreignPillarId: string;
  let seededSource: { id: string; title: string; publishedOn: string };
  let regionId: string;

  const as = async <T>(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) =>
    t.query<T>(query, variables, headers);
  const ok = async <T>(query: string, variables?: Record<string, unknown>) =>
    dataOf(await as<T>(editor, query, variables));
  const meeting = async (slug: string) => (await ok<{ meeting: MeetingData | null }>(MEETING, { slug })).meeting;
  const auditCount = async () => dataOf(await as<AuditEntries>(admin, AUDIT, { first: 1 })).auditEntries.totalCount;

  /** Runs a mutation that must be refused, and proves it changed nothing: every table, and the audit trail's count. */
  const refused = async (query: string, variables: Record<string, unknown>) => {
    const tablesBefore = await dumpDatabase(t.gateway.dataSource);
    const auditBefore = await auditCount();
    const response = await as(editor, query, variables);
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(tablesBefore);
    expect(await auditCount()).toBe(auditBefore);
    return errorOf(response);
  };
  const problemsOf = (error: ReturnType<typeof errorOf>) => error.extensions?.problems as Problem[] | undefined;

  /** A new meeting's input, with the 2021 theme, in the seeded meeting's region. */
  const meetingInput = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    title: "Regional meeting on the WCO theme",
    kind: "REGIONAL_HEADS_OF_CUSTOMS_MEETING",
    startDate: "2021-09-14",
    timezone: "America/Lima",
    regionId,
    themeId,
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor", "Entry editor")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin", "Entry admin")}` };
    const seeded = dataOf(
      await t.query<{
        people: { nodes: { id: string; slug: string }[] };
        theme: { id: string; pillars: { id: string; name: string }[] };
        region: { id: string };
        meeting: { sources: { id: string; title: string; publishedOn: string }[] };
      }>(`{
        people(first: 20) { nodes { id slug } }
        theme(year: 2021) { id pillars { id name } }
        region(code: "AMERICAS_CARIBBEAN") { id }
        meeting(slug: "${SEEDED}") { sources { id title publishedOn } }
      }`),
    );
    for (const node of seeded.people.nodes) person[node.slug] = node.id;
    themeId = seeded.theme.id;
    for (const p of seeded.theme.pillars) pillar[p.name] = p.id;
    regionId = seeded.region.id;
    seededSource = seeded.meeting.sources[0]!;
    const created = await ok<{ createTheme: { theme: { pillars: { id: string }[] } } }>(
      `mutation { createTheme(input: { year: 2022, title: "Scaling up Customs Digital Transformation", pillars: [{ name: "Data culture", focusAreas: [] }] }) { theme { pillars { id } } } }`,
    );
    foreignPillarId = created.createTheme.theme.pillars[0]!.id;
  });
  afterAll(() => t.stop());

  it("creates a meeting with its participants, sources and agenda, one audit entry per object created", async () => {
    const subscriber = new DirectorySubscriber(t.gateway.url);
    // graphql-ws does not acknowledge subscriptions: give the server a moment to register it.
    await pause(300);
    // An anonymous read before the mutation fills the response cache; the mutation must empty it.
    expect(await t.query(`{ meeting(slug: "2021-09-14-whole-meeting") { id } }`)).toMatchObject({
      data: { meeting: null },
    });
    const auditBefore = await auditCount();
    const { createMeeting } = await ok<{ createMeeting: { meeting: { id: string; slug: string; version: number } } }>(
      CREATE_MEETING,
      {
        input: meetingInput("2021-09-14-whole-meeting", {
          sourceIds: [seededSource.id],
          sources: [
            {
              title: "Americas region meets on the WCO theme",
              publisher: "World Customs Organization",
              publishedOn: "2021-09-15",
              language: "en",
              url: "HTTPS://example.org/news",
            },
          ],
          participants: [
            { personId: person["kunio-mikuriya"], role: "SPEAKER" },
            { personId: person["werner-ovalle-ramirez"], role: "CONVENER" },
            { personId: person["werner-ovalle-ramirez"], role: "SPEAKER" },
          ],
          agenda: [
            { title: " Opening ", kind: "OPENING", speakerIds: [person["kunio-mikuriya"]] },
            {
              title: "Experience sharing: Recovery",
              kind: "EXPERIENCE_SHARING",
              summary: "E-Commerce",
              pillarId: pillar.Recovery,
              speakerIds: [person["werner-ovalle-ramirez"], person["kunio-mikuriya"]],
              topics: ["E-Commerce", "Entry topic"],
            },
            { title: "Closing", kind: "CLOSING" },
          ],
        }),
      },
    );
    expect(createMeeting.meeting).toMatchObject({ slug: "2021-09-14-whole-meeting", version: 1 });

    const stored = (await meeting("2021-09-14-whole-meeting"))!;
    expect(stored.participants).toEqual([
      { role: "SPEAKER", person: { slug: "kunio-mikuriya" } },
      { role: "CONVENER", person: { slug: "werner-ovalle-ramirez" } },
      { role: "SPEAKER", person: { slug: "werner-ovalle-ramirez" } },
    ]);
    expect(stored.sources).toEqual(
      expect.arrayContaining([
        // Stored as createSource stores it: the URL's scheme in lower case.
        {
          title: "Americas region meets on the WCO theme",
          publisher: "World Customs Organization",
          language: "en",
          url: "https://example.org/news",
        },
        expect.objectContaining({ title: seededSource.title }),
      ]),
    );
    expect(stored.sources).toHaveLength(2);
    expect(
      stored.agenda.map(({ position, title, kind, pillar, speakers, topics }) => ({
        position,
        title,
        kind,
        pillar,
        speakers: speakers.map((s) => s.slug),
        topics: topics.map((topic) => topic.name),
      })),
    ).toEqual([
      { position: 1, title: "Opening", kind: "OPENING", pillar: null, speakers: ["kunio-mikuriya"], topics: [] },
      {
        position: 2,
        title: "Experience sharing: Recovery",
        kind: "EXPERIENCE_SHARING",
        pillar: { name: "Recovery" },
        speakers: ["werner-ovalle-ramirez", "kunio-mikuriya"],
        topics: ["E-Commerce", "Entry topic"],
      },
      { position: 3, title: "Closing", kind: "CLOSING", pillar: null, speakers: [], topics: [] },
    ]);

    // The audit trail: every object created has its entry (before: null), as the single mutations leave them.
    const trail = dataOf(
      await as<AuditEntries>(admin, AUDIT, { filter: { operation: "createMeeting" }, first: 100 }),
    ).auditEntries;
    expect(trail.totalCount).toBe((await auditCount()) - auditBefore);
    const created = trail.nodes.filter((entry) => entry.before === null);
    const createdOf = (type: string) => new Set(created.filter((e) => e.entityType === type).map((e) => e.entityId));
    expect(createdOf("Meeting")).toEqual(new Set([stored.id]));
    expect(createdOf("AgendaItem")).toEqual(new Set(stored.agenda.map((item) => item.id)));
    expect(createdOf("Participation").size).toBe(3);
    expect(createdOf("Source").size).toBe(1);
    // "E-Commerce" is one of the seeded topics; "Entry topic" is new.
    expect(createdOf("Topic").size).toBe(1);
    // One entry per object: what each was created with (an item's speakers and topics, the meeting's sources)
    // is in its creation entry, not in entries of their own.
    expect(trail.nodes).toHaveLength(created.length);
    expect(created).toHaveLength(1 + 3 + 3 + 1 + 1);
    const itemEntry = created.find((e) => e.entityId === stored.agenda[1]!.id)!;
    expect(itemEntry.after).toMatchObject({
      position: 2,
      speakerIds: [person["werner-ovalle-ramirez"]!, person["kunio-mikuriya"]!].map(idOf),
      topicIds: expect.any(Array),
    });
    expect(itemEntry.after?.topicIds).toHaveLength(2);
    const meetingEntry = created.find((e) => e.entityType === "Meeting")!;
    expect(meetingEntry.after?.sourceIds).toHaveLength(2);
    expect(meetingEntry.after?.sourceIds).toContain(idOf(seededSource.id));

    // Subscribers hear of it once, as one committed mutation, in the meeting's region.
    const [event] = await subscriber.atLeast(1);
    await subscriber.dispose();
    expect(event).toMatchObject({ operation: "createMeeting", regionCodes: ["AMERICAS_CARIBBEAN"] });
    expect(event!.entities).toEqual(
      expect.arrayContaining([
        { typename: "Meeting", id: stored.id, change: "CREATED" },
        ...stored.agenda.map((item) => ({ typename: "AgendaItem", id: item.id, change: "CREATED" })),
      ]),
    );
    // And the response cache no longer answers with the meeting that was not there.
    expect(await t.query(`{ meeting(slug: "2021-09-14-whole-meeting") { id } }`)).toMatchObject({
      data: { meeting: { id: stored.id } },
    });
  });

  describe("a rule broken in an inline element", () => {
    /** A meeting the single mutations are tried on, with one participant. */
    let targetId: string;
    beforeAll(async () => {
      const { createMeeting } = await ok<{ createMeeting: { meeting: { id: string } } }>(CREATE_MEETING, {
        input: meetingInput("2021-10-01-single-mutations", {
          participants: [{ personId: person["kunio-mikuriya"], role: "SPEAKER" }],
        }),
      });
      targetId = createMeeting.meeting.id;
    });

    const single = {
      agendaItem: (input: Record<string, unknown>) => ({
        query: `mutation($input: CreateAgendaItemInput!) { createAgendaItem(input: $input) { agendaItem { id } } }`,
        variables: { input: { meetingId: targetId, title: "Item", kind: "OTHER", ...input } },
      }),
      participation: (input: Record<string, unknown>) => ({
        query: `mutation($input: CreateParticipationInput!) { createParticipation(input: $input) { participation { id } } }`,
        variables: { input: { meetingId: targetId, ...input } },
      }),
      source: (input: Record<string, unknown>) => ({
        query: `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
        variables: {
          input: { title: "A new source", publisher: "WCO", publishedOn: "2021-10-02", language: "en", ...input },
        },
      }),
    };
    const kunio = () => ({ personId: person["kunio-mikuriya"], role: "SPEAKER" });

    const cases: {
      rule: string;
      /** The single mutation that breaks the rule, and where it answers. */
      single: () => { query: string; variables: Record<string, unknown> };
      singlePath: string;
      /** createMeeting's inline lists that break it, and where it answers. */
      inline: () => Record<string, unknown>;
      inlinePath: string;
    }[] = [
      {
        rule: "a speaker must be a participant",
        single: () => single.agendaItem({ speakerIds: [person["waldo-mendoza"]] }),
        singlePath: "input.speakerIds[0]",
        inline: () => ({
          participants: [kunio()],
          agenda: [
            { title: "Opening", kind: "OPENING" },
            { title: "Address", kind: "ADDRESS", speakerIds: [person["waldo-mendoza"]] },
          ],
        }),
        inlinePath: "input.agenda[1].speakerIds[0]",
      },
      {
        rule: "a speaker is listed once",
        single: () => single.agendaItem({ speakerIds: [person["kunio-mikuriya"], person["kunio-mikuriya"]] }),
        singlePath: "input.speakerIds[1]",
        inline: () => ({
          participants: [kunio()],
          agenda: [
            { title: "Opening", kind: "OPENING", speakerIds: [person["kunio-mikuriya"], person["kunio-mikuriya"]] },
          ],
        }),
        inlinePath: "input.agenda[0].speakerIds[1]",
      },
      {
        rule: "a pillar must be of the meeting's theme",
        single: () => single.agendaItem({ pillarId: foreignPillarId }),
        singlePath: "input.pillarId",
        inline: () => ({
          agenda: [
            { title: "Opening", kind: "OPENING", pillarId: pillar.Recovery },
            { title: "Data", kind: "PRESENTATION", pillarId: foreignPillarId },
          ],
        }),
        inlinePath: "input.agenda[1].pillarId",
      },
      {
        rule: "a topic is not blank",
        single: () => single.agendaItem({ topics: ["   "] }),
        singlePath: "input.topics[0]",
        inline: () => ({ agenda: [{ title: "Opening", kind: "OPENING", topics: ["   "] }] }),
        inlinePath: "input.agenda[0].topics[0]",
      },
      {
        rule: "a title is at most 300 characters",
        single: () => single.agendaItem({ title: "x".repeat(301) }),
        singlePath: "input.title",
        inline: () => ({ agenda: [{ title: "x".repeat(301), kind: "OPENING" }] }),
        inlinePath: "input.agenda[0].title",
      },
      {
        rule: "a speaker must exist",
        single: () => single.agendaItem({ speakerIds: [targetId] }),
        singlePath: "input.speakerIds[0]",
        inline: () => ({ agenda: [{ title: "Opening", kind: "OPENING", speakerIds: [targetId] }] }),
        inlinePath: "input.agenda[0].speakerIds[0]",
      },
      {
        rule: "a person holds each role once",
        single: () => single.participation(kunio()),
        singlePath: "input.role",
        inline: () => ({ participants: [kunio(), { personId: person["waldo-mendoza"], role: "HOST" }, kunio()] }),
        inlinePath: "input.participants[2].role",
      },
      {
        rule: "a participant must be a person",
        single: () => single.participation({ personId: pillar.Recovery, role: "HOST" }),
        singlePath: "input.personId",
        inline: () => ({ participants: [kunio(), { personId: pillar.Recovery, role: "HOST" }] }),
        inlinePath: "input.participants[1].personId",
      },
      {
        rule: "a source's title and date are new",
        single: () => single.source({ title: seededSource.title, publishedOn: seededSource.publishedOn }),
        singlePath: "input.title",
        inline: () => ({
          sources: [
            {
              title: seededSource.title,
              publisher: "WCO",
              publishedOn: seededSource.publishedOn,
              language: "en",
            },
          ],
        }),
        inlinePath: "input.sources[0].title",
      },
      {
        rule: "a source's URL is http or https",
        single: () => single.source({ url: "ftp://example.org/x" }),
        singlePath: "input.url",
        inline: () => ({
          sources: [
            { title: "A new source", publisher: "WCO", publishedOn: "2021-10-02", language: "en", url: "ftp://x.org" },
          ],
        }),
        inlinePath: "input.sources[0].url",
      },
    ];

    it.each(cases.map((c) => [c.rule, c] as const))(
      "%s: the single mutation's code and message, at the element's path, and nothing created",
      async (_rule, c) => {
        const { query, variables } = c.single();
        const singleError = await refused(query, variables);
        const inlineError = await refused(CREATE_MEETING, {
          input: meetingInput("2021-10-05-refused", c.inline()),
        });
        expect(inlineError.extensions?.code).toBe("BAD_USER_INPUT");
        expect(singleError.extensions?.code).toBe("BAD_USER_INPUT");
        expect(problemsOf(singleError)).toEqual([{ path: c.singlePath, message: expect.any(String) }]);
        const [singleProblem] = problemsOf(singleError)!;
        expect(problemsOf(inlineError)).toEqual([{ path: c.inlinePath, message: singleProblem!.message }]);
        expect(inlineError.message).toBe(singleError.message.split(c.singlePath).join(c.inlinePath));
        expect(await meeting("2021-10-05-refused")).toBeNull();
      },
    );

    it("refuses an agenda draft that names an item to keep: a new meeting has none", async () => {
      const error = await refused(CREATE_MEETING, {
        input: meetingInput("2021-10-05-refused", { agenda: [{ id: targetId, title: "Opening", kind: "OPENING" }] }),
      });
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(problemsOf(error)).toEqual([
        { path: "input.agenda[0].id", message: "must be omitted: a new meeting has no agenda items to keep" },
      ]);
    });
  });

  describe("limits", () => {
    const item = (i: number) => ({ title: `Item ${i}`, kind: "OTHER" });

    it("refuses more agenda items than a meeting holds (200), changing nothing", async () => {
      const error = await refused(CREATE_MEETING, {
        input: meetingInput("2021-11-01-too-long", { agenda: Array.from({ length: 201 }, (_, i) => item(i)) }),
      });
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(problemsOf(error)).toEqual([
        { path: "input.agenda", message: "agenda must contain no more than 200 elements" },
      ]);
    });

    it("refuses more sources, with sourceIds, than a meeting lists (50)", async () => {
      const sources = Array.from({ length: 50 }, (_, i) => ({
        title: `Source ${i}`,
        publisher: "WCO",
        publishedOn: "2021-11-02",
        language: "en",
      }));
      const error = await refused(CREATE_MEETING, {
        input: meetingInput("2021-11-01-too-long", { sourceIds: [seededSource.id], sources }),
      });
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(problemsOf(error)).toEqual([
        { path: "input.sources", message: "a meeting lists at most 50 sources, with sourceIds" },
      ]);
    });

    it("refuses a list longer than any argument takes before it runs (400), and more participants than 500", async () => {
      const participants = Array.from({ length: 501 }, () => ({ personId: person["kunio-mikuriya"], role: "HOST" }));
      const tablesBefore = await dumpDatabase(t.gateway.dataSource);
      const response = await fetch(t.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...editor },
        body: JSON.stringify({
          query: CREATE_MEETING,
          variables: { input: meetingInput("2021-11-01-too-long", { participants }) },
        }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as GraphQLResponse;
      expect(errorOf(body).extensions?.code).toBe("BAD_USER_INPUT");
      const inline = `mutation { createMeeting(input: { slug: "2021-11-01-too-long", title: "T", kind: OTHER, participants: [${Array.from(
        { length: 501 },
        () => `{ personId: "${person["kunio-mikuriya"]}", role: HOST }`,
      ).join(", ")}] }) { meeting { id } } }`;
      const documentError = errorOf(await as(editor, inline));
      expect(["DOCUMENT_TOO_LARGE", "GRAPHQL_PARSE_FAILED"]).toContain(documentError.extensions?.code);
      expect(await dumpDatabase(t.gateway.dataSource)).toEqual(tablesBefore);
    });
  });

  describe("price", () => {
    const costOf = (response: GraphQLResponse<unknown>) =>
      (response as { extensions?: { cost?: { estimated: number } } }).extensions?.cost?.estimated;

    it("counts the objects a mutation's input carries, for each request of the same document", async () => {
      const bare = await as(editor, CREATE_MEETING, { input: meetingInput("2022-01-10-priced-bare") });
      const agenda = Array.from({ length: 10 }, (_, i) => ({ title: `Item ${i}`, kind: "OTHER", topics: ["Priced"] }));
      const whole = await as(editor, CREATE_MEETING, { input: meetingInput("2022-01-11-priced-whole", { agenda }) });
      dataOf(bare);
      dataOf(whole);
      // Ten items, each with one topic: twenty objects more, priced on this request, not the document's first.
      expect(costOf(whole)! - costOf(bare)!).toBe(20);
    });

    it("counts an input written in the document as one sent in variables", async () => {
      const literal = `mutation {
        createMeeting(input: {
          slug: "2022-01-13-priced-literal", title: "Priced", kind: OTHER,
          participants: [{ personId: "${person["kunio-mikuriya"]}", role: HOST }],
          agenda: [{ title: "One", kind: OTHER, topics: ["Priced", "Literal"] }, { title: "Two", kind: OTHER }]
        }) { meeting { id slug version } }
      }`;
      const variables = {
        input: {
          slug: "2022-01-14-priced-variables",
          title: "Priced",
          kind: "OTHER",
          participants: [{ personId: person["kunio-mikuriya"], role: "HOST" }],
          agenda: [
            { title: "One", kind: "OTHER", topics: ["Priced", "Literal"] },
            { title: "Two", kind: "OTHER" },
          ],
        },
      };
      const written = await as(editor, literal);
      const sent = await as(editor, CREATE_MEETING, variables);
      dataOf(written);
      dataOf(sent);
      // The input object, a participant, two items and two topics: 6 objects beside the selection's 2.
      expect(costOf(written)).toBe(8);
      expect(costOf(sent)).toBe(8);
    });

    it("charges a mutation its weight, or its price's points when its input makes them more", async () => {
      // 40 points a minute, a point per object of price: ten small mutations' worth, or one big one.
      const limited = await startTestGateway({
        rateLimit: { ...loadConfig({}).rateLimit, enabled: true, points: 40, costPerPoint: 1, mutationWeight: 10 },
      });
      try {
        const statusOf = async (headers: Record<string, string>, slug: string, items: number) => {
          const agenda = Array.from({ length: items }, (_, i) => ({ title: `Item ${i}`, kind: "OTHER" }));
          const response = await fetch(limited.gateway.url, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers },
            body: JSON.stringify({
              query: CREATE_MEETING,
              variables: { input: { slug, title: "T", kind: "OTHER", agenda } },
            }),
          });
          return response.status;
        };
        const small = { authorization: `Bearer ${await limited.createToken("editor", "small")}` };
        // Priced 3 (input object, selection 2): each weighs the mutation weight, 10; four fit in 40.
        const smallStatuses = [];
        for (let i = 0; i < 4; i++) smallStatuses.push(await statusOf(small, `2022-02-0${i + 1}-small`, 0));
        expect(smallStatuses).toEqual([200, 200, 200, 200]);
        const big = { authorization: `Bearer ${await limited.createToken("editor", "big")}` };
        // Priced 23 (20 items more): each weighs 24 points, so the second is refused.
        expect(await statusOf(big, "2022-02-10-big", 20)).toBe(200);
        expect(await statusOf(big, "2022-02-11-big", 20)).toBe(429);
      } finally {
        await limited.stop();
      }
    });

    it("refuses an input priced above MAX_COST before any SQL (QUERY_TOO_COMPLEX), changing nothing", async () => {
      const small = await startTestGateway({ limits: { ...loadConfig({}).limits, maxCost: 100 } });
      try {
        const token = { authorization: `Bearer ${await small.createToken("editor")}` };
        const before = await dumpDatabase(small.gateway.dataSource);
        const agenda = Array.from({ length: 120 }, (_, i) => ({ title: `Item ${i}`, kind: "OTHER" }));
        const { statements, result } = await small.countSql(() =>
          small.query(CREATE_MEETING, { input: meetingInput("2022-01-12-too-costly", { agenda }) }, token),
        );
        const error = errorOf(result);
        expect(error.extensions?.code).toBe("QUERY_TOO_COMPLEX");
        expect(error.message).toMatch(/^This mutation could write and resolve up to 12\d objects; the limit is 100\./);
        // Only the token's check may have reached the database.
        expect(statements).toBeLessThanOrEqual(1);
        expect(await dumpDatabase(small.gateway.dataSource)).toEqual(before);
      } finally {
        await small.stop();
      }
    });
  });

  describe("replaceAgendaItems", () => {
    let target: MeetingData;
    const slug = "2021-12-01-replaced-agenda";
    beforeAll(async () => {
      await ok(CREATE_MEETING, {
        input: meetingInput(slug, {
          participants: [
            { personId: person["kunio-mikuriya"], role: "SPEAKER" },
            { personId: person["marilu-llerena"], role: "SPEAKER" },
          ],
          agenda: [
            { title: "A", kind: "OPENING", speakerIds: [person["kunio-mikuriya"]], topics: ["Entry topic"] },
            { title: "B", kind: "REPORT", speakerIds: [person["marilu-llerena"]], topics: ["Entry topic"] },
            { title: "C", kind: "CLOSING", pillarId: pillar.Renewal },
          ],
        }),
      });
      target = (await meeting(slug))!;
    });

    it("keeps the items it names (updated and moved), creates the others and deletes those left out", async () => {
      const [a, b, c] = target.agenda;
      // An anonymous read fills the response cache, which the mutation must empty, as a single mutation does.
      const anonymous = `{ meeting(slug: "${slug}") { agenda { title } } }`;
      expect(dataOf(await t.query<{ meeting: { agenda: { title: string }[] } }>(anonymous)).meeting.agenda).toEqual([
        { title: "A" },
        { title: "B" },
        { title: "C" },
      ]);
      const subscriber = new DirectorySubscriber(t.gateway.url);
      await pause(300);
      const auditBefore = await auditCount();
      const { replaceAgendaItems } = await ok<{
        replaceAgendaItems: { meeting: { version: number; agenda: { id: string; position: number; title: string }[] } };
      }>(REPLACE_AGENDA, {
        input: {
          meetingId: target.id,
          expectedVersion: target.version,
          items: [
            {
              id: c!.id,
              expectedVersion: c!.version,
              title: "C, first now",
              kind: "CLOSING",
              pillarId: pillar.Renewal,
            },
            { title: "D", kind: "PRESENTATION", speakerIds: [person["marilu-llerena"]] },
            { id: a!.id, title: "A", kind: "OPENING" },
          ],
        },
      });
      expect(replaceAgendaItems.meeting.version).toBe(target.version + 1);
      const stored = (await meeting(slug))!;
      expect(
        stored.agenda.map(({ id, position, title, speakers, topics, pillar: p }) => ({
          id,
          position,
          title,
          speakers: speakers.map((s) => s.slug),
          topics: topics.map((topic) => topic.name),
          pillar: p?.name ?? null,
        })),
      ).toEqual([
        { id: c!.id, position: 1, title: "C, first now", speakers: [], topics: [], pillar: "Renewal" },
        { id: expect.any(String), position: 2, title: "D", speakers: ["marilu-llerena"], topics: [], pillar: null },
        // A draft is the whole item: A's speaker and topic, which it leaves out, are gone.
        { id: a!.id, position: 3, title: "A", speakers: [], topics: [], pillar: null },
      ]);
      expect(dataOf(await t.query<{ meeting: { agenda: { title: string }[] } }>(anonymous)).meeting.agenda).toEqual([
        { title: "C, first now" },
        { title: "D" },
        { title: "A" },
      ]);
      const d = stored.agenda[1]!;
      expect([a!.id, b!.id, c!.id]).not.toContain(d.id);
      const [event] = await subscriber.atLeast(1);
      await subscriber.dispose();
      expect(event).toMatchObject({ operation: "replaceAgendaItems", regionCodes: ["AMERICAS_CARIBBEAN"] });
      expect(event!.entities).toEqual(
        expect.arrayContaining([
          { typename: "AgendaItem", id: b!.id, change: "DELETED" },
          { typename: "AgendaItem", id: d.id, change: "CREATED" },
          { typename: "Meeting", id: target.id, change: "UPDATED" },
        ]),
      );
      // B went with its speaker and topic links.
      for (const table of ["agenda_item_speaker", "agenda_item_topic"]) {
        const rows = (await t.gateway.dataSource.query(
          `SELECT COUNT(*) AS n FROM ${table} WHERE agenda_item_id = ${idOf(b!.id)}`,
        )) as { n: number | string }[];
        expect(Number(rows[0]!.n)).toBe(0);
      }

      const trail = dataOf(
        await as<AuditEntries>(admin, AUDIT, { filter: { operation: "replaceAgendaItems" }, first: 50 }),
      ).auditEntries;
      expect(trail.totalCount).toBe((await auditCount()) - auditBefore);
      const entries = trail.nodes.map((e) => [e.entityType, e.entityId, e.before === null, e.after === null]);
      expect(entries).toEqual(
        expect.arrayContaining([
          ["AgendaItem", b!.id, false, true], // deleted
          ["AgendaItem", d.id, true, false], // created
          ["AgendaItem", c!.id, false, false], // updated and moved
          ["Meeting", target.id, false, false], // its list of items
        ]),
      );
      expect(trail.nodes.filter((e) => e.before === null)).toHaveLength(1);
      // One entry per object changed: A's speaker and topic, which the draft left out, are in A's update entry.
      expect(new Set(trail.nodes.map((e) => e.entityId)).size).toBe(trail.nodes.length);
      expect(trail.nodes.find((e) => e.entityId === a!.id)).toMatchObject({
        before: { position: 1, speakerIds: [idOf(person["kunio-mikuriya"]!)], topicIds: [expect.any(Number)] },
        after: { position: 3, speakerIds: [], topicIds: [] },
      });
      const meetingEntry = trail.nodes.find((e) => e.entityType === "Meeting")!;
      expect(meetingEntry.before?.agendaItemIds).toEqual([a, b, c].map((item) => idOf(item!.id)));
      expect(meetingEntry.after?.agendaItemIds).toEqual([c!.id, d.id, a!.id].map(idOf));
      target = stored;
    });

    it("changes nothing, and leaves the version, when the agenda sent is the one stored", async () => {
      const auditBefore = await auditCount();
      const { replaceAgendaItems } = await ok<{ replaceAgendaItems: { meeting: { version: number } } }>(
        REPLACE_AGENDA,
        {
          input: {
            meetingId: target.id,
            items: target.agenda.map((item) => ({
              id: item.id,
              title: item.title,
              kind: item.kind,
              summary: item.summary,
              pillarId: item.pillar ? pillar[item.pillar.name] : null,
              speakerIds: item.speakers.map((s) => person[s.slug]),
              topics: item.topics.map((topic) => topic.name),
            })),
          },
        },
      );
      expect(replaceAgendaItems.meeting.version).toBe(target.version);
      expect(await auditCount()).toBe(auditBefore);
    });

    it("refuses a stale meeting version (CONFLICT) and changes nothing", async () => {
      const error = await refused(REPLACE_AGENDA, {
        input: { meetingId: target.id, expectedVersion: target.version - 1, items: [] },
      });
      expect(error.extensions?.code).toBe("CONFLICT");
      expect(error.extensions?.currentVersion).toBe(target.version);
    });

    it("refuses a stale item version (CONFLICT) and changes nothing", async () => {
      const [first] = target.agenda;
      const error = await refused(REPLACE_AGENDA, {
        input: {
          meetingId: target.id,
          items: [{ id: first!.id, expectedVersion: first!.version - 1, title: "Stale", kind: "OTHER" }],
        },
      });
      expect(error.extensions?.code).toBe("CONFLICT");
    });

    it("refuses by the rules of createAgendaItem, at the item's path, and changes nothing", async () => {
      const pillarError = await refused(REPLACE_AGENDA, {
        input: {
          meetingId: target.id,
          items: [
            { title: "New", kind: "OTHER" },
            { id: target.agenda[0]!.id, title: "Kept", kind: "OTHER", pillarId: foreignPillarId },
          ],
        },
      });
      expect(pillarError.extensions?.code).toBe("BAD_USER_INPUT");
      expect(problemsOf(pillarError)).toEqual([
        { path: "input.items[1].pillarId", message: "is not a pillar of the theme the meeting follows" },
      ]);
      const speakerError = await refused(REPLACE_AGENDA, {
        input: {
          meetingId: target.id,
          items: [{ title: "New", kind: "OTHER", speakerIds: [person["waldo-mendoza"]] }],
        },
      });
      expect(problemsOf(speakerError)).toEqual([
        { path: "input.items[0].speakerIds[0]", message: "waldo-mendoza is not a participant of the meeting" },
      ]);
    });

    it("refuses ids that are no item of the meeting, or named twice", async () => {
      const seededItem = dataOf(
        await t.query<{ meeting: { agenda: { id: string }[] } }>(`{ meeting(slug: "${SEEDED}") { agenda { id } } }`),
      ).meeting.agenda[0]!.id;
      const kept = target.agenda[0]!.id;
      const error = await refused(REPLACE_AGENDA, {
        input: {
          meetingId: target.id,
          items: [
            { id: seededItem, title: "Other meeting's", kind: "OTHER" },
            { id: kept, title: "Kept", kind: "OTHER" },
            { id: kept, title: "Kept again", kind: "OTHER" },
          ],
        },
      });
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(problemsOf(error)).toEqual([
        { path: "input.items[0].id", message: "is not an agenda item of this meeting" },
        { path: "input.items[2].id", message: "is listed twice" },
      ]);
    });

    it("refuses more items than a meeting holds (200)", async () => {
      const error = await refused(REPLACE_AGENDA, {
        input: {
          meetingId: target.id,
          items: Array.from({ length: 201 }, (_, i) => ({ title: `Item ${i}`, kind: "OTHER" })),
        },
      });
      expect(problemsOf(error)).toEqual([
        { path: "input.items", message: "items must contain no more than 200 elements" },
      ]);
    });
  });
});
