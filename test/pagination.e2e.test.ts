import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { loadSynthetic } from "./helpers/synthetic-directory";

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { slug: string; startDate: string | null } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MEETINGS = /* GraphQL */ `
  query Meetings($first: Int, $after: String, $last: Int, $before: String, $orderBy: MeetingOrder) {
    meetings(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
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
});
