import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { loadSynthetic } from "./helpers/synthetic-directory";

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

describe("root queries and filters", () => {
  let t: TestGateway;
  let recoveryPillarId: string;

  const slugs = async (filter: Record<string, unknown>) =>
    dataOf(
      await t.query<{ meetings: { totalCount: number; nodes: { slug: string }[] } }>(
        `query($filter: MeetingFilter) { meetings(first: 100, filter: $filter) { totalCount nodes { slug } } }`,
        { filter },
      ),
    ).meetings.nodes.map((m) => m.slug);

  beforeAll(async () => {
    t = await startTestGateway();
    await loadSynthetic(t.gateway.dataSource, { meetings: 12, agendaItems: 1 });
    const theme = dataOf(
      await t.query<{ theme: { pillars: { id: string; name: string }[] } }>(
        `{ theme(year: 2021) { pillars { id name } } }`,
      ),
    );
    recoveryPillarId = theme.theme.pillars.find((p) => p.name === "Recovery")!.id;
  });
  afterAll(() => t.stop());

  describe("regions", () => {
    it("lists the six WCO regions with their fixed codes", async () => {
      const { regions } = dataOf(await t.query<{ regions: { code: string }[] }>(`{ regions { code name } }`));
      expect(regions.map((r) => r.code).sort()).toEqual(
        ["AMERICAS_CARIBBEAN", "ASIA_PACIFIC", "EAST_SOUTHERN_AFRICA", "EUROPE", "MENA", "WEST_CENTRAL_AFRICA"].sort(),
      );
    });

    it("finds a region by code, and answers null for an unknown code", async () => {
      const data = dataOf(
        await t.query(`{ mena: region(code: "MENA") { name } nope: region(code: "ATLANTIS") { name } }`),
      );
      expect(data).toEqual({ mena: { name: "North of Africa, Near and Middle East" }, nope: null });
    });

    it("lists a region's members", async () => {
      const data = dataOf(
        await t.query<{ region: { members: { totalCount: number; nodes: { isoCode: string }[] } } }>(
          `{ region(code: "AMERICAS_CARIBBEAN") { members { totalCount nodes { isoCode } } } }`,
        ),
      );
      expect(data.region.members).toEqual({ totalCount: 2, nodes: [{ isoCode: "GT" }, { isoCode: "PE" }] });
    });
  });

  describe("members", () => {
    it("lists Members by name and filters by region and text", async () => {
      const q = `query($filter: MemberFilter) { members(filter: $filter) { totalCount nodes { isoCode } } }`;
      const all = dataOf(await t.query<{ members: { nodes: { isoCode: string }[] } }>(q)).members;
      expect(all.nodes.map((m) => m.isoCode)).toEqual(["GT", "PE"]);
      const sunat = dataOf(await t.query<{ members: unknown }>(q, { filter: { search: "sunat" } })).members;
      expect(sunat).toEqual({ totalCount: 1, nodes: [{ isoCode: "PE" }] });
      const europe = dataOf(await t.query<{ members: unknown }>(q, { filter: { regionCodes: ["EUROPE"] } })).members;
      expect(europe).toEqual({ totalCount: 0, nodes: [] });
    });

    it("finds a Member by ISO code, with its region and hosted meetings", async () => {
      const data = dataOf(
        await t.query<{ member: { name: string; region: { code: string }; hostedMeetings: { totalCount: number } } }>(
          `{ member(isoCode: "PE") { name region { code } hostedMeetings(first: 1) { totalCount nodes { slug } } } }`,
        ),
      );
      expect(data.member.name).toBe("Peru Customs");
      expect(data.member.region.code).toBe("AMERICAS_CARIBBEAN");
      expect(data.member.hostedMeetings.totalCount).toBe(15);
    });

    it("answers null for a valid code no Member has, and BAD_USER_INPUT for an invalid code", async () => {
      expect(dataOf(await t.query(`{ member(isoCode: "FR") { name } }`))).toEqual({ member: null });
      const error = errorOf(await t.query(`query($c: CountryCode!) { member(isoCode: $c) { name } }`, { c: "XX" }));
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("finds organisations by slug", async () => {
      const data = dataOf(await t.query(`{ organisation(slug: "wco-secretariat") { name kind } }`));
      expect(data).toEqual({
        organisation: { name: "World Customs Organization Secretariat", kind: "WCO_SECRETARIAT" },
      });
    });
  });

  describe("people", () => {
    it("lists and searches people, and finds one by slug", async () => {
      const found = dataOf(
        await t.query<{ people: { nodes: { slug: string }[] } }>(
          `{ people(filter: { search: "mikuriya" }) { nodes { slug } } }`,
        ),
      );
      expect(found.people.nodes).toEqual([{ slug: "kunio-mikuriya" }]);
      expect(dataOf(await t.query(`{ person(slug: "nobody") { name } }`))).toEqual({ person: null });
    });
  });

  describe("themes", () => {
    it("lists themes newest first and finds the 2021 theme by year", async () => {
      const data = dataOf(
        await t.query<{
          themes: { totalCount: number; nodes: { year: number }[] };
          theme: { title: string };
          none: null;
        }>(`{ themes { totalCount nodes { year } } theme(year: 2021) { title } none: theme(year: 1999) { title } }`),
      );
      expect(data.themes).toEqual({ totalCount: 1, nodes: [{ year: 2021 }] });
      expect(data.theme.title).toBe("Recovery, Renewal and Resilience for a Sustainable Supply Chain");
      expect(data.none).toBeNull();
    });
  });

  describe("meetings", () => {
    it("finds a meeting by slug and answers null for an unknown slug", async () => {
      const data = dataOf(
        await t.query(
          `{ a: meeting(slug: "${SEEDED}") { startDate } b: meeting(slug: "no-such-meeting") { startDate } }`,
        ),
      );
      expect(data).toEqual({ a: { startDate: "2021-04-22" }, b: null });
    });

    it("filters by region code; an unknown region matches nothing", async () => {
      expect(await slugs({ regionCodes: ["AMERICAS_CARIBBEAN"] })).toHaveLength(15);
      expect(await slugs({ regionCodes: ["EUROPE"] })).toEqual([]);
      expect(await slugs({ regionCodes: ["ATLANTIS"] })).toEqual([]);
    });

    it("filters by host", async () => {
      expect(await slugs({ hostIsoCodes: ["PE"] })).toHaveLength(15);
      expect(await slugs({ hostIsoCodes: ["GT"] })).toEqual([]);
    });

    it("filters by date range, inclusive, leaving undated meetings out", async () => {
      expect(await slugs({ startDateFrom: "2021-04-22", startDateTo: "2021-04-22" })).toEqual([SEEDED]);
      expect(await slugs({ startDateFrom: "2021-01-01", startDateTo: "2021-12-31" })).toEqual([SEEDED]);
      expect(await slugs({ startDateFrom: "2022-01-01" })).toHaveLength(12);
      expect(await slugs({ startDateTo: "2021-04-21" })).toEqual([]);
    });

    it("checks the filter's own rules on every list of meetings (their arguments are declared once)", async () => {
      // More region codes than a filter may list: a rule only class-validator checks (`@ArrayMaxSize`).
      const tooMany = Array.from({ length: 51 }, (_, i) => `REGION_${i}`);
      const lists = [
        `query($filter: MeetingFilter) { meetings(filter: $filter) { totalCount } }`,
        `query($filter: MeetingFilter) { region(code: "AMERICAS_CARIBBEAN") { meetings(filter: $filter) { totalCount } } }`,
        `query($filter: MeetingFilter) { member(isoCode: "PE") { hostedMeetings(filter: $filter) { totalCount } } }`,
      ];
      for (const q of lists) {
        expect(errorOf(await t.query(q, { filter: { regionCodes: tooMany } })).extensions).toMatchObject({
          code: "BAD_USER_INPUT",
          problems: [{ path: "filter.regionCodes" }],
        });
        const ok = await t.query(q, { filter: { regionCodes: tooMany.slice(0, 50) } });
        expect(ok.errors).toBeUndefined();
      }
    });

    it("rejects a range that ends before it starts, and impossible dates", async () => {
      const q = `query($filter: MeetingFilter) { meetings(filter: $filter) { totalCount } }`;
      const reversed = errorOf(
        await t.query(q, { filter: { startDateFrom: "2022-01-01", startDateTo: "2021-01-01" } }),
      );
      expect(reversed.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "filter.startDateTo" }] });
      const impossible = errorOf(await t.query(q, { filter: { startDateFrom: "2021-02-30" } }));
      expect(impossible.extensions).toEqual({
        code: "BAD_USER_INPUT",
        problems: [
          { path: "filter.startDateFrom", message: "must be a calendar date that exists, written YYYY-MM-DD" },
        ],
      });
      // Written in the document, the same value is the same bad input, not an invalid document.
      const literal = errorOf(
        await t.query(
          `{ meetings(filter: { startDateFrom: "2021-02-30", startDateTo: "2021-13-01" }) { totalCount } }`,
        ),
      );
      expect(literal.extensions).toEqual({
        code: "BAD_USER_INPUT",
        problems: [
          { path: "filter.startDateFrom", message: "must be a calendar date that exists, written YYYY-MM-DD" },
          { path: "filter.startDateTo", message: "must be a calendar date that exists, written YYYY-MM-DD" },
        ],
      });
      expect((literal as { locations?: unknown[] }).locations).toHaveLength(2);
      // Every problem of every variable, each in its error, at its path inside the variable.
      const several = await t.query(
        `query($filter: MeetingFilter, $iso: CountryCode!) { meetings(filter: $filter) { totalCount } member(isoCode: $iso) { name } }`,
        { filter: { kinds: ["WEBINAR", "PARTY"], startDateTo: "yesterday" }, iso: "ZZ" },
      );
      expect(several.errors).toHaveLength(3);
      expect(several.errors?.map((error) => error.extensions)).toEqual(
        expect.arrayContaining([
          {
            code: "BAD_USER_INPUT",
            problems: [{ path: "filter.kinds[1]", message: expect.stringContaining("PARTY") }],
          },
          {
            code: "BAD_USER_INPUT",
            problems: [
              { path: "filter.startDateTo", message: "must be a calendar date that exists, written YYYY-MM-DD" },
            ],
          },
          {
            code: "BAD_USER_INPUT",
            problems: [{ path: "iso", message: "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. PE" }],
          },
        ]),
      );
      // A date among other mistakes leaves the document invalid as a whole.
      const mixed = await t.query(`{ meetings(filter: { startDateFrom: "2021-02-30" }) { titel } }`);
      expect(mixed.errors?.map((error) => error.extensions?.code)).toEqual([
        "GRAPHQL_VALIDATION_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
      ]);
    });

    it("filters by kind", async () => {
      expect(await slugs({ kinds: ["WEBINAR", "INAUGURATION"] })).toEqual(
        expect.arrayContaining(["sunat-chemical-analysis-webinar", "sunat-regional-customs-laboratory-inauguration"]),
      );
      expect(await slugs({ kinds: ["REGIONAL_HEADS_OF_CUSTOMS_MEETING"] })).toEqual([SEEDED]);
      expect(await slugs({ kinds: ["WORKSHOP"] })).toHaveLength(4);
    });

    it("filters by pillar, through the agenda items linked to it", async () => {
      const recovery = await slugs({ pillarIds: [recoveryPillarId] });
      expect(recovery).toContain(SEEDED);
      // Synthetic meeting m's only agenda item is on pillar (m % 3): Recovery for m = 0, 3, 6, 9.
      expect(recovery).toHaveLength(5);
    });

    it("rejects a pillar id that is not a ThemePillar id", async () => {
      const q = `query($filter: MeetingFilter) { meetings(filter: $filter) { totalCount } }`;
      const error = errorOf(await t.query(q, { filter: { pillarIds: ["bm90LWFuLWlk"] } }));
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "filter.pillarIds.0" }] });
    });

    it("filters by title text, case-insensitively, treating LIKE wildcards literally", async () => {
      expect(await slugs({ titleContains: "heads of CUSTOMS" })).toEqual([SEEDED]);
      expect(await slugs({ titleContains: "synthetic meeting 1" })).toHaveLength(3);
      expect(await slugs({ titleContains: "%" })).toEqual([]);
      expect(await slugs({ titleContains: "_" })).toEqual([]);
    });

    it("combines filters with AND", async () => {
      expect(await slugs({ regionCodes: ["AMERICAS_CARIBBEAN"], kinds: ["WEBINAR"], hostIsoCodes: ["PE"] })).toEqual([
        "sunat-chemical-analysis-webinar",
      ]);
      expect(await slugs({ themeYear: 2021, startDateTo: "2021-12-31" })).toEqual([SEEDED]);
    });

    it("rejects over-long search text with the field at fault", async () => {
      const error = errorOf(
        await t.query(`query($filter: MeetingFilter) { meetings(filter: $filter) { totalCount } }`, {
          filter: { titleContains: "x".repeat(201) },
        }),
      );
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error.extensions?.problems).toEqual([expect.objectContaining({ path: "filter.titleContains" })]);
    });
  });
});
