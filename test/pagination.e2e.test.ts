import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { loadSynthetic } from "./helpers/synthetic-directory";

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { slug: string; startDate: string | null } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MEETINGS = /* GraphQL */ `
  query Meetings(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $orderBy: MeetingOrder
    $filter: MeetingFilter
  ) {
    meetings(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          slug
          startDate
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

describe("Relay cursor pagination", () => {
  let t: TestGateway;
  /** Every meeting in the default order (newest first, undated last), read one full page at a time. */
  let all: string[];

  const page = async (variables: Record<string, unknown>) =>
    dataOf(await t.query<{ meetings: Page }>(MEETINGS, variables)).meetings;

  beforeAll(async () => {
    t = await startTestGateway();
    // 3 seeded meetings (one dated, two undated) + 45 synthetic ones, several sharing a start date.
    await loadSynthetic(t.gateway.dataSource, { meetings: 45, agendaItems: 1 });
    all = (await page({ first: 100 })).edges.map((e) => e.node.slug);
  });
  afterAll(() => t.stop());

  it("returns 20 items by default, with a total over all pages", async () => {
    const first = await page({});
    expect(first.edges).toHaveLength(20);
    expect(first.totalCount).toBe(48);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(all).toHaveLength(48);
  });

  it("orders newest first, ties by creation, meetings with no date last", async () => {
    const dates = (await page({ first: 100 })).edges.map((e) => e.node.startDate);
    const dated = dates.filter((d): d is string => d !== null);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(dates.slice(-2)).toEqual([null, null]);
  });

  it("walks forward through every page without gaps or repeats, ending on a last page", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const current: Page = await page({ first: 7, after });
      seen.push(...current.edges.map((e) => e.node.slug));
      pages += 1;
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(pages).toBe(7);
    expect(seen).toEqual(all);
  });

  it("walks backward with last/before and meets the same order", async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const current: Page = await page({ last: 10, before });
      seen.unshift(...current.edges.map((e) => e.node.slug));
      if (!current.pageInfo.hasPreviousPage) break;
      before = current.pageInfo.startCursor;
    }
    expect(seen).toEqual(all);
  });

  it("returns an empty page after the last cursor", async () => {
    const last = await page({ last: 1 });
    const after = await page({ first: 5, after: last.pageInfo.endCursor });
    expect(after.edges).toEqual([]);
    expect(after.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
    expect(after.totalCount).toBe(48);
  });

  it("accepts first: 0 and answers only totals and pageInfo", async () => {
    const zero = await page({ first: 0 });
    expect(zero.edges).toEqual([]);
    expect(zero.totalCount).toBe(48);
    expect(zero.pageInfo.hasNextPage).toBe(true);
  });

  it("keeps pages stable in ascending title order too", async () => {
    const byTitle = { field: "TITLE", direction: "ASC" };
    const one = await page({ first: 30, orderBy: byTitle });
    const two = await page({ first: 30, after: one.pageInfo.endCursor, orderBy: byTitle });
    const slugs = [...one.edges, ...two.edges].map((e) => e.node.slug);
    expect(new Set(slugs).size).toBe(48);
  });

  it.each([
    [{ first: 101 }, "first"],
    [{ first: -1 }, "first"],
    [{ last: 101 }, "last"],
    [{ first: 5, last: 5 }, "last"],
  ])("rejects out-of-range sizes %j with BAD_USER_INPUT", async (variables, field) => {
    const error = errorOf(await t.query(MEETINGS, variables));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.extensions?.problems).toEqual([expect.objectContaining({ path: field })]);
  });

  it.each([
    ["not base64 at all!", "garbage"],
    [
      Buffer.from('{"t":"meetings:START_DATE:DESC","v":"x","i":"1; DROP TABLE meeting"}').toString("base64url"),
      "a bad id",
    ],
    [Buffer.from("[1,2,3]").toString("base64url"), "the wrong shape"],
  ])("rejects a forged cursor (%s: %s) with BAD_USER_INPUT", async (after) => {
    const error = errorOf(await t.query(MEETINGS, { first: 5, after }));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.message).toContain("after");
  });

  it("rejects a cursor issued for another order", async () => {
    const byDate = await page({ first: 2 });
    const error = errorOf(
      await t.query(MEETINGS, {
        first: 2,
        after: byDate.pageInfo.endCursor,
        orderBy: { field: "TITLE", direction: "ASC" },
      }),
    );
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages a nested connection the same way as the root list", async () => {
    const nested = dataOf(
      await t.query<{ region: { meetings: Page } }>(
        `query($after: String) { region(code: "AMERICAS_CARIBBEAN") { meetings(first: 30, after: $after) { totalCount edges { cursor node { slug startDate } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
      ),
    ).region.meetings;
    expect(nested.totalCount).toBe(48);
    const rest = dataOf(
      await t.query<{ region: { meetings: Page } }>(
        `query($after: String) { region(code: "AMERICAS_CARIBBEAN") { meetings(first: 30, after: $after) { totalCount edges { cursor node { slug startDate } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
        { after: nested.pageInfo.endCursor },
      ),
    ).region.meetings;
    expect([...nested.edges, ...rest.edges].map((e) => e.node.slug)).toEqual(all);
    expect(nested.pageInfo.hasNextPage).toBe(true);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  describe("a list filtered by a date range (merged with the cursor into one bound per side)", () => {
    /** Dated meetings newest first, and a range whose ends are two of their dates. */
    let dated: { slug: string; startDate: string }[];
    let range: { startDateFrom: string; startDateTo: string };
    let expected: string[];

    beforeAll(async () => {
      dated = (await page({ first: 100 })).edges
        .map((e) => e.node)
        .filter((n): n is { slug: string; startDate: string } => n.startDate !== null);
      range = { startDateFrom: dated[35]!.startDate, startDateTo: dated[6]!.startDate };
      expected = dated
        .filter((n) => n.startDate >= range.startDateFrom && n.startDate <= range.startDateTo)
        .map((n) => n.slug);
    });

    const walk = async (variables: Record<string, unknown>, size: number, backward = false) => {
      const seen: string[] = [];
      const totals = new Set<number>();
      let cursor: string | null = null;
      for (let guard = 0; guard < 50; guard += 1) {
        const current: Page = await page(
          backward ? { ...variables, last: size, before: cursor } : { ...variables, first: size, after: cursor },
        );
        totals.add(current.totalCount);
        const slugs = current.edges.map((e) => e.node.slug);
        if (backward) seen.unshift(...slugs);
        else seen.push(...slugs);
        const more = backward ? current.pageInfo.hasPreviousPage : current.pageInfo.hasNextPage;
        if (!more) return { seen, totals: [...totals] };
        cursor = backward ? current.pageInfo.startCursor : current.pageInfo.endCursor;
      }
      throw new Error("the walk did not end");
    };

    it("includes the meetings on both end dates (the bounds are inclusive)", () => {
      expect(expected.length).toBe(30);
      expect(expected[0]).toBe(dated[6]!.slug);
      expect(expected[expected.length - 1]).toBe(dated[35]!.slug);
    });

    it("walks forward and backward, newest first, through exactly the meetings in range", async () => {
      const forward = await walk({ filter: range }, 4);
      expect(forward.seen).toEqual(expected);
      expect(forward.totals).toEqual([expected.length]);
      const backward = await walk({ filter: range }, 5, true);
      expect(backward.seen).toEqual(expected);
    });

    it("walks oldest first too (the range's lower bound is then the side the cursor seeks)", async () => {
      const oldestFirst = { field: "START_DATE", direction: "ASC" };
      const forward = await walk({ filter: range, orderBy: oldestFirst }, 6);
      expect(forward.seen).toEqual([...expected].reverse());
      const backward = await walk({ filter: range, orderBy: oldestFirst }, 3, true);
      expect(backward.seen).toEqual([...expected].reverse());
    });

    it("treats a cursor from outside the range like any other position in the order", async () => {
      const cursorOf = async (slug: string) => {
        const edges = (await page({ first: 100 })).edges;
        return edges.find((e) => e.node.slug === slug)!.cursor;
      };
      // Newer than the range: the filtered list after it starts at the range's newest meeting.
      const fromNewer = await page({ filter: range, first: 100, after: await cursorOf(dated[0]!.slug) });
      expect(fromNewer.edges.map((e) => e.node.slug)).toEqual(expected);
      expect(fromNewer.pageInfo.hasPreviousPage).toBe(true);
      // Older than the range: nothing in range follows it, and nothing in range precedes a newer one.
      const fromOlder = await page({ filter: range, first: 100, after: await cursorOf(dated[dated.length - 1]!.slug) });
      expect(fromOlder.edges).toEqual([]);
      const beforeNewer = await page({ filter: range, last: 100, before: await cursorOf(dated[0]!.slug) });
      expect(beforeNewer.edges).toEqual([]);
      expect(beforeNewer.totalCount).toBe(expected.length);
    });

    it("pages a region's nested meetings with the same range the same way", async () => {
      const nested = async (after: string | null) =>
        dataOf(
          await t.query<{ region: { meetings: Page } }>(
            `query($after: String, $filter: MeetingFilter) { region(code: "AMERICAS_CARIBBEAN") { meetings(first: 9, after: $after, filter: $filter) { totalCount edges { cursor node { slug startDate } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
            { after, filter: range },
          ),
        ).region.meetings;
      const seen: string[] = [];
      let current = await nested(null);
      seen.push(...current.edges.map((e) => e.node.slug));
      while (current.pageInfo.hasNextPage) {
        current = await nested(current.pageInfo.endCursor);
        seen.push(...current.edges.map((e) => e.node.slug));
      }
      expect(seen).toEqual(expected);
      expect(current.totalCount).toBe(expected.length);
    });
  });
});
