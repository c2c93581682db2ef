import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { loadActivityDirectory } from "./helpers/activity-directory";

/**
 * The gateway executes operations with graphql-jit (src/execution/jit-gateway.ts). This test runs the same
 * operations — lists, nested connections, abstract types, fragments, directives, introspection, mutations
 * and every kind of error — against a gateway on graphql-jit and one on graphql-js over identical data,
 * and requires byte-identical responses and equal HTTP statuses. Stack traces (test mode only) differ by
 * construction and are left out.
 */

interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Send the editor token. */
  editor?: boolean;
}

const MEETING_FIELDS = `
  id slug title kind format startDate endDate timezone summary version
  host { id isoCode name shortName region { code } }
  region { id code name }
  theme { year title pillars { id position name focusAreas } }
  agenda {
    id position title kind summary
    pillar { name }
    topics { name }
    speakers { slug name honorific appointments { title institution { __typename ... on Member { isoCode } ... on Organisation { slug } } } }
  }
  participants { role person { slug name } }
  sources { title url publishedOn }`;

function operations(ids: { meeting: string; region: string; pillar: string; cursor: string }): Operation[] {
  return [
    {
      name: "a page with everything",
      query: `{ meetings(first: 25) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${MEETING_FIELDS} } } } }`,
    },
    {
      name: "the next page",
      query: `query($after: String) { meetings(first: 10, after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } } }`,
      variables: { after: ids.cursor },
    },
    {
      name: "a backward page",
      query: `{ meetings(last: 7, orderBy: { field: TITLE, direction: ASC }) { nodes { title } pageInfo { hasPreviousPage } } }`,
    },
    {
      name: "filters",
      query: `query($f: MeetingFilter) { meetings(first: 20, filter: $f) { totalCount nodes { slug startDate } } }`,
      variables: {
        f: {
          regionCodes: ["EUROPE", "MENA"],
          startDateFrom: "2020-01-01",
          startDateTo: "2022-12-31",
          pillarIds: [ids.pillar],
        },
      },
    },
    {
      name: "nested connections",
      query: `{ regions { code members(first: 2) { totalCount nodes { isoCode hostedMeetings(first: 3) { totalCount nodes { slug } } } } meetings(first: 2) { nodes { slug } } } }`,
    },
    {
      name: "node and nodes",
      query: `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Meeting { slug } ... on Region { code } } }`,
      variables: { ids: [ids.meeting, ids.region, "TWVldGluZzo5OTk5OTk", "%%%", ids.pillar] },
    },
    {
      name: "fragments, aliases and directives",
      query: `query($yes: Boolean!, $no: Boolean!) { a: meeting(slug: "americas-caribbean-heads-of-customs-2021") { ...M title @include(if: $yes) summary @skip(if: $yes) } b: member(isoCode: "PE") { name shortName @include(if: $no) } } fragment M on Meeting { slug host { ...H } } fragment H on Member { isoCode }`,
      variables: { yes: true, no: false },
    },
    {
      name: "themes",
      query: `{ themes(first: 10) { nodes { year title pillars { name } } } theme(year: 2021) { title } }`,
    },
    {
      name: "aggregates",
      query: `{ regionalActivity(granularity: YEAR, filter: { from: "2020-01-01", to: "2022-12-31" }) { region { code } period { key } meetings agendaItems hosts participants pillars { pillar { name } agendaItems } } activitySummary(filter: { regionCodes: ["EUROPE"] }) { totals { meetings agendaItems } busiestRegion { region { code } meetings } } }`,
    },
    {
      name: "introspection",
      query: `{ __schema { queryType { name } types { name kind } } __type(name: "Meeting") { fields { name } } }`,
    },
    { name: "unknown slug", query: `{ meeting(slug: "no-such-meeting") { slug } }` },
    { name: "a forged cursor", query: `{ meetings(after: "eyJ0Ijoie30iLCJ2IjoxfQ") { totalCount } }` },
    { name: "a page too large", query: `{ meetings(first: 101) { totalCount } }` },
    {
      name: "a variable of the wrong type",
      query: `query($n: Int!) { meetings(first: $n) { totalCount } }`,
      variables: { n: "ten" },
    },
    { name: "a missing variable", query: `query($n: Int!) { meetings(first: $n) { totalCount } }` },
    {
      name: "an invalid country code",
      query: `query($c: CountryCode!) { member(isoCode: $c) { name } }`,
      variables: { c: "XX" },
    },
    { name: "an impossible date", query: `{ meetings(filter: { startDateFrom: "2021-02-30" }) { totalCount } }` },
    {
      name: "a mutation without a token",
      query: `mutation { deleteRegion(input: { id: "UmVnaW9uOjE" }) { deletedId } }`,
    },
    {
      name: "a mutation refused by validation",
      query: `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { slug } } }`,
      variables: {
        i: { slug: "Not A Slug", title: "", kind: "WORKSHOP", startDate: "2022-05-02", endDate: "2022-05-01" },
      },
      editor: true,
    },
    {
      name: "a mutation with an input default",
      query: `mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { meeting { slug title format kind startDate region { code } sources { title } } } }`,
      variables: {
        i: {
          slug: "executor-check",
          title: "Executor check",
          kind: "WORKSHOP",
          startDate: "2022-05-02",
          regionId: ids.region,
        },
      },
      editor: true,
    },
    {
      name: "the mutation's result, read back",
      query: `{ meeting(slug: "executor-check") { slug format version agenda { title } } }`,
    },
  ];
}

describe("graphql-jit and graphql-js answer alike", () => {
  let jit: TestGateway;
  let reference: TestGateway;
  const tokens = new Map<TestGateway, string>();

  beforeAll(async () => {
    // No response cache: every response must be computed by the executor under test.
    [jit, reference] = await Promise.all([
      startTestGateway({ responseCacheTtlSeconds: 0, executor: "jit" }),
      startTestGateway({ responseCacheTtlSeconds: 0, executor: "graphql-js" }),
    ]);
    for (const t of [jit, reference]) {
      await loadActivityDirectory(t.gateway.dataSource, 300);
      tokens.set(t, await t.createToken("editor"));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all([jit?.stop(), reference?.stop()]);
  });

  async function send(t: TestGateway, operation: Operation) {
    const response = await fetch(t.gateway.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(operation.editor ? { authorization: `Bearer ${tokens.get(t)}` } : {}),
      },
      body: JSON.stringify({ query: operation.query, variables: operation.variables }),
    });
    const parsed = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    // Test mode includes stack traces (graphql-jit's run through generated code); requestIds are random.
    for (const error of parsed.errors ?? []) {
      delete error.extensions?.stacktrace;
      delete error.extensions?.requestId;
    }
    // Compared as text, so that key order counts too.
    const body = JSON.stringify(parsed);
    return { status: response.status, body };
  }

  it("returns identical responses to a corpus of operations, errors included", async () => {
    const page = dataOf(
      await reference.query<{
        meetings: { nodes: { id: string }[]; pageInfo: { endCursor: string } };
        regions: { id: string }[];
        theme: { pillars: { id: string }[] };
      }>(
        `{ meetings(first: 5) { nodes { id } pageInfo { endCursor } } regions { id } theme(year: 2021) { pillars { id } } }`,
      ),
    );
    const ids = {
      meeting: page.meetings.nodes[2]!.id,
      region: page.regions[0]!.id,
      pillar: page.theme.pillars[1]!.id,
      cursor: page.meetings.pageInfo.endCursor,
    };
    const corpus = operations(ids);
    let errors = 0;
    for (const operation of corpus) {
      const [fromJit, fromReference] = [await send(jit, operation), await send(reference, operation)];
      expect({ operation: operation.name, ...fromJit }).toEqual({ operation: operation.name, ...fromReference });
      if (fromReference.body.includes('"errors"')) errors += 1;
    }
    // The corpus exercises both paths: successes and each kind of refusal.
    expect(errors).toBeGreaterThanOrEqual(8);
    expect(corpus.length - errors).toBeGreaterThanOrEqual(12);
  });
});
