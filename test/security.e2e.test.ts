import { loadConfig } from "../src/config";
import { dashboardDocument } from "../src/platform/dashboard/dashboard.routes";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const NORMAL = `{ meeting(slug: "${SEEDED}") { host { shortName } } }`;

/** Sends a raw HTTP request to the gateway and returns status, headers and parsed (or raw) body. */
async function send(t: TestGateway, init: RequestInit & { path?: string } = {}) {
  const url = new URL(init.path ?? "/graphql", t.gateway.url);
  const response = await fetch(url, init);
  const text = await response.text();
  let body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

const post = (t: TestGateway, payload: unknown, headers: Record<string, string> = {}) =>
  send(t, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  });

/** After every attack, an honest client must still be served. */
async function stillServes(t: TestGateway): Promise<void> {
  expect(dataOf(await t.query<{ meeting: { host: { shortName: string } } }>(NORMAL)).meeting.host.shortName).toBe(
    "SUNAT",
  );
}

describe("attacks over HTTP", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: "production" });
  });
  afterAll(() => t.stop());
  afterEach(() => stillServes(t));

  it("refuses deep nesting beyond depth 12", async () => {
    // meetings > nodes > (host > hostedMeetings > nodes) × 3 > host > name: depth 13.
    let inner = "host { name }";
    for (let i = 0; i < 3; i++) inner = `host { hostedMeetings(first: 1) { nodes { ${inner} } } }`;
    const { status, body } = await post(t, { query: `{ meetings(first: 1) { nodes { ${inner} } } }` });
    expect(status).toBe(400);
    // Its own code and words, not a "Syntax Error": the document parsed, and is only too deep.
    expect(body?.errors).toEqual([
      {
        message: "Query depth 13 exceeds the limit of 12: select fewer levels of nested fields, or split the query.",
        extensions: { code: "QUERY_TOO_DEEP", depth: { found: 13, limit: 12 } },
      },
    ]);
    // Even with other mistakes in it, a document too deep is refused as too deep.
    const alsoWrong = await post(t, { query: `{ meetings(first: 1) { nodes { titel ${inner} } } }` });
    expect(alsoWrong.body?.errors?.map((error) => error.extensions?.code)).toEqual(["QUERY_TOO_DEEP"]);
    // One level less is fine.
    const allowed = await post(t, {
      query: `{ meetings(first: 1) { nodes { ${inner.replace("host { name }", "slug")} } } }`,
    });
    expect(allowed.body?.errors).toBeUndefined();
  });

  it("refuses alias flooding", async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: regions { code }`).join(" ");
    const { status, body } = await post(t, { query: `{ ${aliases} }` });
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.message).toMatch(/alias/i);
  });

  it("refuses directive flooding", async () => {
    const directives = Array.from({ length: 51 }, () => "@include(if: true)").join(" ");
    const { status, body } = await post(t, { query: `{ regions ${directives} { code } }` });
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.message).toMatch(/directive/i);
  });

  it("refuses a document over 20 kB before parsing it", async () => {
    const { status, body } = await post(t, { query: `{ regions { code } } # ${"x".repeat(21_000)}` });
    expect(status).toBe(413);
    expect(body?.errors?.[0]?.extensions?.code).toBe("DOCUMENT_TOO_LARGE");
  });

  it("refuses more than 2,000 tokens", async () => {
    const { status, body } = await post(t, { query: `{ regions { ${"code ".repeat(2100)} } }` });
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(body?.errors?.[0]?.message).toMatch(/token/i);
  });

  it("refuses circular fragments", async () => {
    const { status, body } = await post(t, {
      query: `query { regions { ...A } } fragment A on Region { code ...B } fragment B on Region { name ...A }`,
    });
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses a cost bomb of nested connections before any SQL runs", async () => {
    const bomb = `{ regions { meetings(first: 100) { nodes { host { hostedMeetings(first: 100) { nodes { agenda { title } } } } } } } }`;
    const { result, statements } = await t.countSql(() => post(t, { query: bomb }));
    expect(result.status).toBe(400);
    expect(result.body?.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: { limit: 50000 } });
    expect(statements).toBe(0);
  });

  it("reports each response's cost", async () => {
    const { body } = await post(t, { query: `{ meetings(first: 10) { nodes { slug host { name } } } }` });
    expect(body).toMatchObject({ extensions: { cost: { estimated: 1 + 10 * (1 + 1), limit: 50000 } } });
  });

  it("prices regionalActivity by its regions and periods: a century by month is refused before any SQL", async () => {
    // The dashboard's own document: per entry 1 + region 1 + period 1 + 5 pillars × (1 + pillar 1 + theme 1).
    const activity = dashboardDocument("query-activity");
    const perEntry = 18;
    const century = { filter: { from: "1925-01-01", to: "2025-12-31" }, granularity: "MONTH" };
    const { result, statements } = await t.countSql(() => post(t, { query: activity, variables: century }));
    expect(result.status).toBe(400);
    expect(result.body?.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      cost: { estimated: 6 * 1212 * perEntry, limit: 50000 },
    });
    expect(statements).toBe(0);

    const priced = async (variables: Record<string, unknown>) => {
      const { status, body } = await post(t, { query: activity, variables });
      expect({ status, errors: body?.errors }).toEqual({ status: 200, errors: undefined });
      return (body as { extensions?: { cost?: { estimated?: number } } }).extensions?.cost?.estimated;
    };
    // What a dashboard asks for: five years by month, all regions or one; a closed range is priced exactly.
    const fiveYears = { from: "2019-01-01", to: "2023-12-31" };
    expect(await priced({ filter: fiveYears, granularity: "MONTH" })).toBe(6 * 60 * perEntry);
    expect(await priced({ filter: { ...fiveYears, regionCodes: ["EUROPE"] }, granularity: "MONTH" })).toBe(
      60 * perEntry,
    );
    expect(await priced({ filter: fiveYears, granularity: "QUARTER" })).toBe(6 * 20 * perEntry);
    // An open range is assumed to span 25 years; a reversed one holds nothing.
    expect(await priced({ filter: null, granularity: "YEAR" })).toBe(6 * 25 * perEntry);
    expect(await priced({ filter: { from: "2021-01-01" }, granularity: "MONTH" })).toBe(6 * 300 * perEntry);
    expect(await priced({ filter: { from: "2022-01-01", to: "2021-01-01" }, granularity: "MONTH" })).toBe(0);
  });

  it("prices activitySummary's lists by their first argument", async () => {
    const summary = dashboardDocument("query-summary");
    const { body } = await post(t, { query: summary, variables: { filter: null, hosts: 5, recent: 10 } });
    expect(body?.errors).toBeUndefined();
    // summary 1 + totals 1 + 5 hosts × (1 + member 1) + 10 meetings × (1 + region 1 + host 1 + 3 sources).
    expect(body).toMatchObject({ extensions: { cost: { estimated: 1 + 1 + 5 * 2 + 10 * (1 + 1 + 1 + 3) } } });
  });

  it("refuses batched requests", async () => {
    const { status, body } = await post(t, [{ query: NORMAL }, { query: NORMAL }]);
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.extensions?.code).toBe("BATCHING_NOT_SUPPORTED");
  });

  it("refuses mutations over GET", async () => {
    const query = encodeURIComponent(
      `mutation { createRegion(input: { code: "GET_ATTACK", name: "x" }) { region { id } } }`,
    );
    const { status } = await send(t, {
      path: `/graphql?query=${query}`,
      headers: { "apollo-require-preflight": "true" },
    });
    expect(status).toBe(405);
  });

  it.each([
    ["application/x-www-form-urlencoded", `query=${encodeURIComponent(NORMAL)}`],
    ["text/plain", JSON.stringify({ query: NORMAL })],
    [
      "multipart/form-data; boundary=x",
      `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${NORMAL}\r\n--x--`,
    ],
  ])("refuses %s POSTs (CSRF)", async (contentType, body) => {
    const response = await send(t, { method: "POST", headers: { "content-type": contentType }, body });
    expect(response.status).toBe(415);
  });

  it("refuses GETs without a preflight header (CSRF)", async () => {
    const { status } = await send(t, {
      path: `/graphql?query=${encodeURIComponent(NORMAL)}`,
      headers: { accept: "application/json" },
    });
    expect(status).toBe(400);
  });

  it("refuses oversized bodies", async () => {
    const { status, body } = await post(t, { query: NORMAL, variables: { padding: "x".repeat(1_100_000) } });
    expect(status).toBe(413);
    expect(body?.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers malformed JSON with a GraphQL-shaped 400", async () => {
    const { status, body } = await send(t, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
  });

  it("refuses wrong variable types", async () => {
    const { body } = await post(t, {
      query: `query($n: Int) { meetings(first: $n) { totalCount } }`,
      variables: { n: "ten" },
    });
    expect(body?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it.each(["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE meeting; --", "<script>alert(1)</script>", "ｍｅｅｔｉｎｇ"])(
    "matches injection string %j literally in every text filter",
    async (text) => {
      const { body } = await post(t, {
        query: `query($text: String!) {
          meetings(filter: { titleContains: $text }) { totalCount }
          members(filter: { search: $text }) { totalCount }
          people(filter: { search: $text }) { totalCount }
          region(code: $text) { code }
          meeting(slug: $text) { slug }
          person(slug: $text) { slug }
          organisation(slug: $text) { slug }
        }`,
        variables: { text },
      });
      expect(body?.errors).toBeUndefined();
      expect(body?.data).toEqual({
        // titleContains goes through the search index, which folds compatibility forms (NFKC): fullwidth
        // "ｍｅｅｔｉｎｇ" is the word "meeting" there, in the seeded meeting's title. Matched as text all the same.
        meetings: { totalCount: text === "ｍｅｅｔｉｎｇ" ? 1 : 0 },
        members: { totalCount: 0 },
        people: { totalCount: 0 },
        region: null,
        meeting: null,
        person: null,
        organisation: null,
      });
      expect(Number((await t.gateway.dataSource.query(`SELECT COUNT(*) AS n FROM meeting`))[0].n)).toBe(3);
    },
  );

  it("refuses NUL characters anywhere in a request: SQLite would cut strings short at them", async () => {
    const { status, body } = await post(t, {
      query: `query($text: String!) { meetings(filter: { titleContains: $text }) { totalCount } meeting(slug: $text) { slug } }`,
      variables: { text: "heads\u0000" },
    });
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("answers malformed ids with null and malformed cursors with BAD_USER_INPUT", async () => {
    const { body } = await post(t, {
      query: `{ a: node(id: "%%%") { id } b: node(id: "${"A".repeat(5000)}") { id } }`,
    });
    expect(body?.data).toEqual({ a: null, b: null });
    const cursor = await post(t, { query: `{ meetings(after: "eyJ0Ijoie30iLCJ2IjoxfQ") { totalCount } }` });
    expect(cursor.body?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses invalid dates and country codes", async () => {
    for (const [query, variables] of [
      [`query($d: Date) { meetings(filter: { startDateFrom: $d }) { totalCount } }`, { d: "2021-13-01" }],
      [`query($d: Date) { meetings(filter: { startDateFrom: $d }) { totalCount } }`, { d: "yesterday" }],
      [`query($c: CountryCode!) { member(isoCode: $c) { name } }`, { c: "ZZ" }],
      [`query($c: CountryCode!) { member(isoCode: $c) { name } }`, { c: "PER" }],
    ] as const) {
      const { body } = await post(t, { query, variables });
      expect(body?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("hides field suggestions in production", async () => {
    const { body } = await post(t, { query: `{ meetngs { totalCount } }` });
    expect(body?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    expect(JSON.stringify(body)).not.toContain('"meetings"');
  });

  it("leaves clean messages where suggestions were: no placeholder, no dangling words", async () => {
    const messages = async (query: string, variables?: Record<string, unknown>) => {
      const { body } = await post(t, { query, variables });
      return body?.errors?.map((error) => error.message);
    };
    expect(await messages(`{ meeting(slug: "x") { titel } }`)).toEqual([
      'Cannot query field "titel" on type "Meeting".',
    ]);
    expect(await messages(`{ meetings(frist: 1) { totalCount } }`)).toEqual([
      'Unknown argument "frist" on field "Query.meetings".',
    ]);
    expect(await messages(`{ meetings(filter: { kinds: [WEBINA] }) { totalCount } }`)).toEqual([
      'Value "WEBINA" does not exist in "MeetingKind" enum.',
    ]);
    // In variables too, and in the problems listed for them.
    const { body } = await post(t, {
      query: `query($filter: MeetingFilter) { meetings(filter: $filter) { totalCount } }`,
      variables: { filter: { titelContains: "x" } },
    });
    expect(body?.errors?.[0]?.extensions?.problems).toEqual([
      { path: "filter", message: 'Field "titelContains" is not defined by type "MeetingFilter".' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean|Suggestion/);
    expect(body?.errors?.[0]?.message).toMatch(/"MeetingFilter"\.$/);
  });

  it("sends security headers and no X-Powered-By", async () => {
    const { headers } = await post(t, { query: NORMAL });
    expect(headers.get("x-powered-by")).toBeNull();
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("counts refusals in /metrics", async () => {
    const { text } = await send(t, { path: "/metrics" });
    expect(text).toMatch(/graphql_rejected_total\{limit="cost"\} [1-9]/);
    expect(text).toMatch(/graphql_rejected_total\{limit="batch"\} [1-9]/);
    expect(text).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
    expect(text).toMatch(/graphql_request_duration_seconds_bucket/);
    expect(text).toMatch(/db_query_duration_seconds_count [1-9]/);
  });
});

describe("a forced database error", () => {
  it("reaches the client masked, with a request id that the log holds next to the real error", async () => {
    const logLines: Record<string, unknown>[] = [];
    const t = await startTestGateway({ env: "production" }, { logLines });
    try {
      await t.gateway.dataSource.query(`DROP TABLE agenda_item_topic`);
      const { status, text, body } = await post(t, {
        query: `{ meeting(slug: "${SEEDED}") { agenda { topics { name } } } }`,
      });
      expect(status).toBe(200);
      const error = body!.errors![0]!;
      expect(error.message).toBe("Internal server error");
      expect(error.extensions).toEqual({
        code: "INTERNAL_SERVER_ERROR",
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(text).not.toMatch(
        /SQLITE|sqlite|postgres|QueryFailed|relation|SELECT|agenda_item_topic|stack|\/work\/|node_modules|\.ts:/,
      );
      const logged = logLines.find(
        (line) => line.requestId === error.extensions!.requestId && line.msg === "unexpected error",
      );
      expect(JSON.stringify(logged?.err)).toMatch(
        /no such table: agenda_item_topic|relation \\"agenda_item_topic\\" does not exist/,
      );
      await stillServes(t);
    } finally {
      await t.stop();
    }
  });
});

describe("the access log", () => {
  it("records each request without its credentials", async () => {
    const logLines: Record<string, unknown>[] = [];
    const t = await startTestGateway({}, { logLines });
    try {
      const secret = await t.createToken("editor", "access log test");
      const { status, headers } = await post(
        t,
        { query: `{ meeting(slug: "${SEEDED}") { slug } }` },
        { authorization: `Bearer ${secret}`, cookie: "session=do-not-log-me" },
      );
      expect(status).toBe(200);
      const requestId = headers.get("x-request-id");
      const line = logLines.find((l) => (l.req as { id?: string } | undefined)?.id === requestId);
      expect(line).toMatchObject({
        level: 30,
        msg: "request completed",
        req: { method: "POST", url: "/graphql", remoteAddress: expect.stringMatching(/127\.0\.0\.1/) },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      });
      const everything = JSON.stringify(logLines);
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain("do-not-log-me");
      expect(everything).not.toMatch(/authorization|cookie/i);
    } finally {
      await t.stop();
    }
  });
});

describe("CORS", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({
      http: { ...loadConfig({}).http, corsOrigins: ["https://dashboard.example.org"] },
    });
  });
  afterAll(() => t.stop());

  it("allows listed origins without credentials, and gives unknown origins nothing", async () => {
    const allowed = await post(t, { query: NORMAL }, { origin: "https://dashboard.example.org" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://dashboard.example.org");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const unknown = await post(t, { query: NORMAL }, { origin: "https://evil.example" });
    expect(unknown.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await send(t, {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    await stillServes(t);
  });
});

describe("rate limits", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({
      rateLimit: { ...loadConfig({}).rateLimit, enabled: true, points: 20, windowSeconds: 60 },
    });
  });
  afterAll(() => t.stop());

  it("answers 429 with Retry-After when a client's budget is spent, and keeps serving other clients", async () => {
    // Another client sends the document first: its first parse is charged to that client, not to this one.
    expect((await post(t, { query: NORMAL })).status).toBe(200);
    const token = await t.createToken("editor", "bursty");
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => post(t, { query: NORMAL }, { authorization: `Bearer ${token}` })),
    );
    const limited = burst.filter((r) => r.status === 429);
    expect(burst.filter((r) => r.status === 200)).toHaveLength(20);
    expect(limited).toHaveLength(10);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited[0]!.body?.errors?.[0]?.extensions).toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: expect.any(Number),
    });
    // Another client (here: anonymous, by IP) has its own budget.
    await stillServes(t);
  });

  it("charges mutations and expensive queries more", async () => {
    const token = await t.createToken("editor", "writer");
    const headers = { authorization: `Bearer ${token}` };
    const mutation = (i: number) =>
      post(t, { query: `mutation { createRegion(input: { code: "RL_${i}", name: "x" }) { region { id } } }` }, headers);
    expect((await mutation(1)).status).toBe(200);
    expect((await mutation(2)).status).toBe(200);
    expect((await mutation(3)).status).toBe(429);
    const reader = { authorization: `Bearer ${await t.createToken("editor", "reader")}` };
    const expensive = `{ meetings(first: 50) { nodes { agenda { speakers { appointments { title } } } } } }`;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(t, { query: expensive }, reader)).status);
    expect(statuses).toContain(429);
  });
});
