import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { TEST_ENGINE, onPostgres } from "./helpers/database";

/*
 * Full-text search over HTTP, on the engine under test (run it on both): accent- and case-blind matching of the
 * seeded names, prefixes and phrases, FTS syntax taken literally, refused texts, the index kept in sync by
 * mutations, cascades and a directory import, `meetings(filter: { text, titleContains })`, `meetingFacets` against
 * counts taken from the list itself, and stable pages.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

const SEARCH = `query($text: String!, $types: [SearchableType!], $first: Int, $after: String, $last: Int, $before: String) {
  search(text: $text, types: $types, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor type matchedField snippet
      node {
        __typename
        ... on Meeting { slug title }
        ... on AgendaItem { title }
        ... on Topic { name }
        ... on Person { slug name }
        ... on Member { isoCode name }
        ... on Organisation { slug name }
        ... on MeetingSeries { slug name }
      }
    }
  }
}`;

interface SearchEdge {
  cursor: string;
  type: string;
  matchedField: string;
  snippet: string;
  node: { __typename: string; slug?: string; title?: string; name?: string; isoCode?: string };
}
interface SearchData {
  search: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: SearchEdge[];
  };
}

const label = (edge: SearchEdge) =>
  `${edge.type}:${edge.node.slug ?? edge.node.isoCode ?? edge.node.name ?? edge.node.title}`;

describe(`search (${TEST_ENGINE})`, () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let regionId: string;
  let peruId: string;

  const search = async (text: string, extra: Record<string, unknown> = {}) =>
    dataOf(await t.query<SearchData>(SEARCH, { text, first: 100, ...extra })).search;
  const labels = async (text: string, extra: Record<string, unknown> = {}) =>
    (await search(text, extra)).edges.map(label).sort();
  const meetingSlugs = async (filter: Record<string, unknown>) =>
    dataOf(
      await t.query<{ meetings: { nodes: { slug: string }[] } }>(
        `query($filter: MeetingFilter) { meetings(first: 100, filter: $filter) { nodes { slug } } }`,
        { filter },
      ),
    )
      .meetings.nodes.map((n) => n.slug)
      .sort();
  const mutate = async <T>(query: string, input: Record<string, unknown>, headers = editor) =>
    dataOf(await t.query<T>(query, { input }, headers));
  const createMeeting = (input: Record<string, unknown>) =>
    mutate<{ createMeeting: { meeting: { id: string } } }>(
      `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }`,
      { kind: "OTHER", ...input },
    ).then((d) => d.createMeeting.meeting.id);

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor", "Search editor")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin", "Search admin")}` };
    const ids = dataOf(
      await t.query<{ region: { id: string }; member: { id: string } }>(
        `{ region(code: "AMERICAS_CARIBBEAN") { id } member(isoCode: "PE") { id } }`,
      ),
    );
    regionId = ids.region.id;
    peruId = ids.member.id;
    await createMeeting({
      slug: "reunion-aduanas-peru",
      title: "Reunión de Aduanas del Perú",
      summary: "Las ADUANAS de la región se reunieron en Lima.",
      kind: "CONFERENCE",
      startDate: "2024-05-02",
      regionId,
      hostId: peruId,
    });
    await createMeeting({
      slug: "aduanas-plain",
      title: "Aduanas sin acento",
      kind: "WORKSHOP",
      startDate: "2023-01-10",
    });
    await mutate(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, {
      slug: "literal-operators",
      name: `Zed *Star* (NEAR) -Dash: ^Caret AND "Quoted" OR NOT`,
    });
  });
  afterAll(() => t.stop());

  it("finds the seeded people whatever the case and accents: Ramirez, TREVIÑO, trevino, and Miku as a prefix", async () => {
    const ramirez = await search("Ramirez", { types: ["PERSON"] });
    expect(ramirez.edges.map((e) => [e.node.slug, e.matchedField, e.snippet])).toEqual([
      ["werner-ovalle-ramirez", "NAME", "Werner Ovalle <mark>Ramírez</mark>"],
    ]);
    for (const text of ["TREVIÑO", "trevino", "Trevino Chapa"]) {
      expect(await labels(text, { types: ["PERSON"] })).toEqual(["PERSON:ricardo-trevino-chapa"]);
    }
    const miku = await search("Miku");
    expect(miku.edges.map((e) => [label(e), e.snippet])).toEqual([
      ["PERSON:kunio-mikuriya", "Kunio <mark>Miku</mark>riya"],
    ]);
  });

  it("matches accents both ways: peru finds Perú, perú finds Peru, aduanas and ADÚANAS find the same", async () => {
    expect(await labels("peru", { types: ["MEETING"] })).toEqual(["MEETING:reunion-aduanas-peru"]);
    const peruUnaccented = await labels("perú", { types: ["MEMBER", "ORGANISATION"] });
    expect(peruUnaccented).toEqual(
      expect.arrayContaining(["MEMBER:PE", "ORGANISATION:peru-ministry-of-economy-and-finance"]),
    );
    const plain = await labels("aduanas");
    expect(plain).toEqual(["MEETING:aduanas-plain", "MEETING:reunion-aduanas-peru", "MEETING:reunion-aduanas-peru"]);
    expect(await labels("ADÚANAS")).toEqual(plain);
    const edges = (await search("aduanas", { types: ["MEETING"] })).edges;
    expect(edges.map((e) => [e.node.slug, e.matchedField, e.snippet]).sort()).toEqual([
      ["aduanas-plain", "TITLE", "<mark>Aduanas</mark> sin acento"],
      ["reunion-aduanas-peru", "SUMMARY", "Las <mark>ADUANAS</mark> de la región se reunieron en Lima."],
      ["reunion-aduanas-peru", "TITLE", "Reunión de <mark>Aduanas</mark> del Perú"],
    ]);
  });

  it("escapes HTML in snippets and cuts long fields around the first match", async () => {
    await createMeeting({ slug: "html-title", title: `<b>Tagged</b> & "Qvxz"`, kind: "OTHER" });
    const [tagged] = (await search("qvxz tagged", { types: ["MEETING"] })).edges;
    expect(tagged!.snippet).toBe("&lt;b&gt;<mark>Tagged</mark>&lt;/b&gt; &amp; &quot;<mark>Qvxz</mark>&quot;");
    const long = (await search(`"working methods"`, { types: ["AGENDA_ITEM"] })).edges;
    expect(long.map((e) => e.matchedField)).toEqual(["SUMMARY"]);
    const snippet = long[0]!.snippet;
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet).toContain("<mark>working methods</mark>");
    // About 160 characters of text (each HTML entity is one), and "…" at the cut.
    expect(snippet.replace(/<\/?mark>/g, "").replace(/&[#a-z0-9]+;/g, "x").length).toBeLessThanOrEqual(162);
  });

  it("searches phrases in quotes, and words (all of them, in one field) without", async () => {
    const phrase = await search(`"heads of customs"`, { types: ["MEETING", "MEETING_SERIES"] });
    expect(phrase.edges.map((e) => `${label(e)}:${e.matchedField}`).sort()).toEqual([
      `MEETING:${SEEDED}:SUMMARY`,
      `MEETING:${SEEDED}:TITLE`,
      "MEETING_SERIES:americas-caribbean-heads-of-customs:NAME",
    ]);
    expect(phrase.edges.find((e) => e.matchedField === "TITLE")!.snippet).toBe(
      "<mark>Heads of Customs</mark> Meeting of the Americas/Caribbean Region",
    );
    expect(await labels(`"customs of heads"`)).toEqual([]);
    // Title and summary each hold both words.
    expect(await labels("customs heads", { types: ["MEETING"] })).toEqual([`MEETING:${SEEDED}`, `MEETING:${SEEDED}`]);
    // Words shorter than three characters are ignored; inside a quoted phrase they count.
    expect(await labels("of caribbean customs heads", { types: ["MEETING"] })).toEqual([`MEETING:${SEEDED}`]);
  });

  it.each([
    ["*star*", true],
    ["(near)", true],
    ["-dash:", true],
    ["^caret", true],
    ['"quoted"', true],
    ["AND OR NOT", true],
    ["star*", true],
    ["heads*", false],
    ["-customs", false],
    ["title:heads", false],
    ["NEAR(heads customs)", false],
    ["customs NOT heads", false],
    ['"unbalanced quote', false],
    ["'); DROP TABLE meeting; --", false],
    ["{}[]\\%_", false],
  ])("takes %j as literal text, never as FTS syntax (finds the person named with it: %s)", async (text, found) => {
    const result = await t.query<SearchData & { meetings: { totalCount: number } }>(
      `query($text: String!) {
        search(text: $text, first: 5) { totalCount edges { node { ... on Person { slug } } } }
        meetings(filter: { text: $text, titleContains: $text }) { totalCount }
      }`,
      { text },
    );
    expect(result.errors).toBeUndefined();
    const slugs = result.data!.search.edges.map((e) => e.node.slug);
    if (found) expect(slugs).toEqual(["literal-operators"]);
    else expect(slugs).toEqual([]);
    expect(result.data!.meetings.totalCount).toBe(0);
    expect(Number((await t.gateway.dataSource.query(`SELECT COUNT(*) AS n FROM meeting`))[0].n)).toBeGreaterThan(0);
  });

  it.each([
    ["", "must not be empty"],
    ["   ", "must not be empty"],
    ["a b", "at least 3 characters"],
    ["x".repeat(201), "200 characters"],
    ["one two three four five six seven eight nine", "at most 8 words"],
  ])("refuses %j with BAD_USER_INPUT naming the argument", async (text, message) => {
    const refused = errorOf(await t.query(SEARCH, { text }));
    expect(refused.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(refused)).toContain(message);
    expect(refused.message).toMatch(/^text: |text/);
    const filtered = errorOf(
      await t.query(`query($text: String) { meetings(filter: { text: $text }) { totalCount } }`, { text }),
    );
    expect(filtered.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(filtered.extensions?.problems)).toContain("filter.text");
  });

  it("filters meetings by text in their own fields and in what they link to, with every other filter", async () => {
    // Title and summary; a speaker's name; the host Member; the series; an agenda topic; every word anywhere.
    expect(await meetingSlugs({ text: "aduanas" })).toEqual(["aduanas-plain", "reunion-aduanas-peru"]);
    expect(await meetingSlugs({ text: "adúanas", kinds: ["WORKSHOP"] })).toEqual(["aduanas-plain"]);
    expect(await meetingSlugs({ text: "LIMA", startDateFrom: "2024-01-01" })).toEqual(["reunion-aduanas-peru"]);
    expect(await meetingSlugs({ text: "mikuriya" })).toEqual([SEEDED]);
    // SUNAT is in the seeded meetings' titles, and the short name of the Member hosting the Lima meeting.
    expect(await meetingSlugs({ text: "sunat", regionCodes: ["AMERICAS_CARIBBEAN"] })).toEqual([
      SEEDED,
      "reunion-aduanas-peru",
      "sunat-chemical-analysis-webinar",
      "sunat-regional-customs-laboratory-inauguration",
    ]);
    expect(await meetingSlugs({ text: "Americas/Caribbean Region", themeYear: 2021 })).toEqual([SEEDED]);
    expect(await meetingSlugs({ text: "customs laboratories" })).toEqual([SEEDED]);
    expect(await meetingSlugs({ text: "ramirez lima" })).toEqual([]);
    expect(await meetingSlugs({ text: "ramirez heads" })).toEqual([SEEDED]);
    // titleContains: the whole text as one substring of the title, accent-blind now; two characters still scan.
    expect(await meetingSlugs({ titleContains: "REUNION DE ADUANAS DEL PERU" })).toEqual(["reunion-aduanas-peru"]);
    expect(await meetingSlugs({ titleContains: "aduanas del" })).toEqual(["reunion-aduanas-peru"]);
    expect(await meetingSlugs({ titleContains: "del aduanas" })).toEqual([]);
    expect(await meetingSlugs({ titleContains: "sin" })).toEqual(["aduanas-plain"]);
  });

  it("finds hundreds of titles through titleContains in date order, alone or with other filters", async () => {
    const meetings = Array.from({ length: 210 }, (_, i) => ({
      slug: `walkthrough-${i}`,
      title: `Walkthrough Zqv ${i}`,
      kind: i % 2 ? "WORKSHOP" : "OTHER",
      startDate: `2019-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
    }));
    await mutate(
      `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`,
      { directory: { meetings } },
      admin,
    );
    const PAGE = `query($filter: MeetingFilter, $after: String) {
      meetings(first: 30, after: $after, filter: $filter) { totalCount pageInfo { endCursor } nodes { slug } }
    }`;
    type Page = { meetings: { totalCount: number; pageInfo: { endCursor: string }; nodes: { slug: string }[] } };
    const page = async (filter: Record<string, unknown>, after: string | null = null) =>
      dataOf(await t.query<Page>(PAGE, { filter, after })).meetings;
    // The same meetings and order as through `text` (another plan), page after page.
    for (const after of [null, (await page({ text: "walkthrough zqv" })).pageInfo.endCursor]) {
      const titles = await page({ titleContains: "WALKTHROUGH zqv" }, after);
      const texts = await page({ text: "walkthrough zqv" }, after);
      expect(titles.totalCount).toBe(210);
      expect(titles.nodes.map((n) => n.slug)).toEqual(texts.nodes.map((n) => n.slug));
      expect(titles.nodes).toHaveLength(30);
    }
    expect((await page({ titleContains: "walkthrough zqv", kinds: ["WORKSHOP"] })).totalCount).toBe(105);
    expect((await page({ titleContains: "walkthrough zqv 1" })).totalCount).toBe(1 + 10 + 100);
  });

  it("pages through ranked results in a stable order, forwards and backwards", async () => {
    const all = await search("customs");
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThan(5);
    const keys = all.edges.map((e) => `${label(e)}:${e.matchedField}`);
    expect(new Set(keys).size).toBe(keys.length);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: SearchData["search"] = await search("customs", { first: 2, after });
      paged.push(...page.edges.map((e) => `${label(e)}:${e.matchedField}`));
      expect(page.totalCount).toBe(all.totalCount);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(keys);
    const last = await search("customs", { first: null, last: 3, before: all.edges[4]!.cursor });
    expect(last.edges.map((e) => `${label(e)}:${e.matchedField}`)).toEqual(keys.slice(1, 4));
    expect(last.pageInfo.hasPreviousPage).toBe(true);
    // A cursor of another search is refused.
    const other = errorOf(await t.query(SEARCH, { text: "heads", after: all.edges[0]!.cursor }));
    expect(other.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("resolves a page in one statement per kind of object on it (DataLoaders), whatever the page size", async () => {
    for (const first of [2, 30, 100]) {
      const { result, statements } = await t.countSql(() =>
        t.query<SearchData>(SEARCH, { text: "customs", first, nonce: Math.random() }),
      );
      const kinds = new Set(dataOf(result).search.edges.map((e) => e.type));
      // The ranked page, the total, then one batch per kind of object (`nonce`: past the response cache).
      expect(statements).toBe(2 + kinds.size);
    }
  });

  it("keeps the index in sync with creates, updates, deletes and their cascades", async () => {
    const meetingId = await createMeeting({ slug: "sync-check", title: "Zyxwv Quarterly", startDate: "2025-03-03" });
    expect(await labels("zyxwv")).toEqual(["MEETING:sync-check"]);
    const item = await mutate<{ createAgendaItem: { agendaItem: { id: string } } }>(
      `mutation($input: CreateAgendaItemInput!) { createAgendaItem(input: $input) { agendaItem { id } } }`,
      { meetingId, title: "Opening by the Qjx Chair", kind: "OPENING", topics: ["Qwertopic Ñandú"] },
    );
    expect(await labels("qjx chair")).toEqual(["AGENDA_ITEM:Opening by the Qjx Chair"]);
    expect(await labels("qwertopic nandu")).toEqual(["TOPIC:Qwertopic Ñandú"]);
    expect(await meetingSlugs({ text: "ñandu" })).toEqual(["sync-check"]);

    await mutate(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { id } } }`, {
      id: meetingId,
      title: "Vutsr Quarterly",
      summary: "Zyxwv was its old name.",
    });
    expect((await search("zyxwv")).edges.map((e) => [label(e), e.matchedField])).toEqual([
      ["MEETING:sync-check", "SUMMARY"],
    ]);
    expect(await labels("vutsr")).toEqual(["MEETING:sync-check"]);
    await mutate(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { id } } }`, {
      id: meetingId,
      summary: null,
    });
    expect(await labels("zyxwv")).toEqual([]);
    await mutate(`mutation($input: UpdateAgendaItemInput!) { updateAgendaItem(input: $input) { agendaItem { id } } }`, {
      id: item.createAgendaItem.agendaItem.id,
      title: "Opening by the Kqz Chair",
    });
    expect(await labels("qjx")).toEqual([]);
    expect(await labels("kqz")).toEqual(["AGENDA_ITEM:Opening by the Kqz Chair"]);

    // Deleting the meeting cascades to its agenda: the items leave the index with it; the shared topic stays.
    await mutate(`mutation($input: DeleteInput!) { deleteMeeting(input: $input) { deletedId } }`, { id: meetingId });
    expect(await labels("vutsr")).toEqual([]);
    expect(await labels("kqz")).toEqual([]);
    expect(await labels("qwertopic")).toEqual(["TOPIC:Qwertopic Ñandú"]);
    expect(await meetingSlugs({ text: "qwertopic" })).toEqual([]);
  });

  it("keeps the index in sync with a directory import, and a refused import leaves it as it was", async () => {
    const IMPORT = `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`;
    const file = (title: string, person: string) => ({
      people: [{ slug: "imported-person", name: person }],
      meetings: [
        {
          slug: "imported-gathering",
          title,
          kind: "OTHER",
          participants: [{ person: "imported-person", role: "SPEAKER" }],
        },
      ],
    });
    await mutate(IMPORT, { directory: file("Imported Wqpx Gathering", "Jürgen Wqpxson") }, admin);
    expect(await labels("wqpx")).toEqual(["MEETING:imported-gathering", "PERSON:imported-person"]);
    expect(await labels("jurgen")).toEqual(["PERSON:imported-person"]);
    expect(await meetingSlugs({ text: "jurgen" })).toEqual(["imported-gathering"]);

    await mutate(IMPORT, { directory: file("Imported Gathering, renamed", "Jürgen Wqpxson") }, admin);
    expect(await labels("wqpx")).toEqual(["PERSON:imported-person"]);
    expect(await labels("renamed")).toEqual(["MEETING:imported-gathering"]);

    const refused = await t.query(
      IMPORT,
      {
        input: {
          directory: {
            meetings: [{ slug: "imported-gathering", title: "Never Stored Pzzq", kind: "OTHER", host: "ZZ" }],
          },
        },
      },
      admin,
    );
    expect(refused.errors?.length).toBeGreaterThan(0);
    expect(await labels("pzzq")).toEqual([]);
    expect(await labels("renamed")).toEqual(["MEETING:imported-gathering"]);
  });

  it("counts facets of the filtered meetings, equal to counts taken from the list itself", async () => {
    const FACETS = `query($filter: MeetingFilter) {
      meetings(first: 100, filter: $filter) {
        totalCount
        nodes { region { code } kind startDate series { slug } agenda { pillar { id } } }
      }
      meetingFacets(filter: $filter) {
        regions { region { code } count }
        kinds { kind count }
        years { year count }
        pillars { pillar { id } count }
        series { series { slug } count }
      }
    }`;
    interface FacetData {
      meetings: {
        totalCount: number;
        nodes: {
          region: { code: string } | null;
          kind: string;
          startDate: string | null;
          series: { slug: string } | null;
          agenda: { pillar: { id: string } | null }[];
        }[];
      };
      meetingFacets: {
        regions: { region: { code: string } | null; count: number }[];
        kinds: { kind: string; count: number }[];
        years: { year: number | null; count: number }[];
        pillars: { pillar: { id: string }; count: number }[];
        series: { series: { slug: string } | null; count: number }[];
      };
    }
    const tally = (values: (string | number | null)[]) => {
      const counts = new Map<string | number | null, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      return [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => String(a.value).localeCompare(String(b.value)));
    };
    const sorted = (list: { value: string | number | null; count: number }[]) =>
      [...list].sort((a, b) => String(a.value).localeCompare(String(b.value)));
    for (const filter of [
      { startDateFrom: "2020-01-01" },
      { text: "customs" },
      { text: "aduanas", regionCodes: ["AMERICAS_CARIBBEAN"] },
      { themeYear: 2021 },
    ]) {
      const data = dataOf(await t.query<FacetData>(FACETS, { filter }));
      const nodes = data.meetings.nodes;
      expect(data.meetings.totalCount).toBe(nodes.length);
      const facets = data.meetingFacets;
      expect(sorted(facets.regions.map((f) => ({ value: f.region?.code ?? null, count: f.count })))).toEqual(
        tally(nodes.map((n) => n.region?.code ?? null)),
      );
      expect(sorted(facets.kinds.map((f) => ({ value: f.kind, count: f.count })))).toEqual(
        tally(nodes.map((n) => n.kind)),
      );
      expect(sorted(facets.years.map((f) => ({ value: f.year, count: f.count })))).toEqual(
        tally(nodes.map((n) => (n.startDate ? Number(n.startDate.slice(0, 4)) : null))),
      );
      expect(sorted(facets.series.map((f) => ({ value: f.series?.slug ?? null, count: f.count })))).toEqual(
        tally(nodes.map((n) => n.series?.slug ?? null)),
      );
      expect(sorted(facets.pillars.map((f) => ({ value: f.pillar.id, count: f.count })))).toEqual(
        tally(nodes.flatMap((n) => [...new Set(n.agenda.flatMap((a) => (a.pillar ? [a.pillar.id] : [])))])),
      );
      // Largest first.
      const counts = facets.kinds.map((f) => f.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    const seeded = dataOf(await t.query<FacetData>(FACETS, { filter: { text: "mikuriya" } })).meetingFacets;
    expect(seeded.pillars.length).toBeGreaterThan(0);
    expect(seeded.years).toEqual([{ year: 2021, count: 1 }]);
  });

  it("keeps a trigger on every indexed table after all migrations (a table rebuild would drop them)", async () => {
    const tables = ["meeting", "agenda_item", "topic", "person", "member", "organisation", "meeting_series"];
    const rows: { name: string }[] = onPostgres
      ? await t.gateway.dataSource.query(
          `SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'search\\_%'`,
        )
      : await t.gateway.dataSource.query(
          `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'`,
        );
    const names = rows.map((row) => row.name).sort();
    const expected = tables.flatMap((table) =>
      onPostgres
        ? [`search_${table}_insert_delete`, `search_${table}_update`]
        : ["insert", "update", "delete"].map((op) => `search_${table}_${op}`),
    );
    expect(names).toEqual(expected.sort());
  });
});
