import { loadConfig } from "../src/config";
import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

/*
 * The seam of every public GET endpoint (src/platform/http/operation-routes.ts), through one of them,
 * /meetings.csv: a plain GET with no custom header runs its fixed query through /graphql's pipeline, and the
 * answer carries a strong ETag (304 on If-None-Match), `Cache-Control: public`, the response cache's HIT/MISS,
 * a fresh ETag after any mutation, 400 BAD_USER_INPUT for bad parameters, 429 once the budget is spent, and a
 * metrics label of its own.
 */

const defaults = loadConfig({});
const MEETING_ID = Buffer.from("Meeting:1").toString("base64url");

describe("public GET endpoints over fixed operations", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor")}` };
  });
  afterAll(() => t.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, t.gateway.url), { headers });

  it("answers a plain GET with the rendered body, a strong ETag and public caching headers", async () => {
    const first = await get("/meetings.csv");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(first.headers.get("cache-control")).toBe("public, max-age=5");
    expect(first.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get("x-request-id")).toBeTruthy();
    expect(await first.text()).toContain("Heads of Customs Meeting of the Americas/Caribbean Region");

    const { result: second, statements } = await t.countSql(() => get("/meetings.csv"));
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(statements).toBe(0);
  });

  it("answers 304 with no body when If-None-Match names the same bytes", async () => {
    const etag = (await get("/meetings.csv")).headers.get("etag")!;
    const again = await get("/meetings.csv", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await get("/meetings.csv", { "if-none-match": '"something-else"' })).status).toBe(200);
  });

  it("changes the ETag after a mutation changes what the endpoint shows", async () => {
    const before = (await get("/meetings.csv")).headers.get("etag");
    const mutation = await t.query(
      `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { title } } }`,
      { input: { id: MEETING_ID, title: "Heads of Customs Meeting — renamed" } },
      editor,
    );
    expect(mutation.errors).toBeUndefined();
    const after = await get("/meetings.csv");
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.headers.get("etag")).not.toBe(before);
    expect(await after.text()).toContain("Heads of Customs Meeting — renamed");
  });

  it("refuses bad parameters with 400 and a stable code, and unknown ones rather than ignoring them", async () => {
    const badKind = await get("/meetings.csv?kind=PARTY");
    expect(badKind.status).toBe(400);
    expect(badKind.headers.get("content-type")).toMatch(/^application\/json/);
    expect(badKind.headers.get("cache-control")).toBe("private, no-store");
    const body = (await badKind.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0]!.message).toMatch(/PARTY/);

    const typo = await get("/meetings.csv?regions=EUROPE");
    expect(typo.status).toBe(400);
    const typoBody = (await typo.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(typoBody.errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(typoBody.errors[0]!.message).toMatch(/Unknown parameter `regions`/);
  });

  it("ignores credentials, so that one URL has one public answer", async () => {
    const response = await get("/meetings.csv", { authorization: "Bearer not-a-token" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=5");
  });

  it("runs no mutation and serves no other method", async () => {
    const post = await fetch(new URL("/meetings.csv", t.gateway.url), { method: "POST", body: "mutation { x }" });
    expect(post.status).toBe(404);
  });

  it("labels the endpoint's requests in the metrics with its operation's name", async () => {
    await get("/meetings.csv");
    const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
    expect(text).toMatch(/graphql_requests_total\{operation="MeetingsCsv",type="query"\} \d+/);
    expect(text).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
  });
});

describe("the access log of public GET endpoints", () => {
  it("writes one line per request, with its id, status and address, as for /graphql", async () => {
    const logLines: Record<string, unknown>[] = [];
    const t = await startTestGateway({}, { logLines });
    try {
      const response = await fetch(new URL("/meetings.csv?kind=WEBINAR", t.gateway.url));
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const line = logLines.find(
        (entry) => (entry.req as { url?: string } | undefined)?.url === "/meetings.csv?kind=WEBINAR",
      );
      expect(line).toMatchObject({
        msg: "request completed",
        req: { id: response.headers.get("x-request-id"), method: "GET", remoteAddress: "127.0.0.1" },
        res: { statusCode: 200 },
      });
    } finally {
      await t.stop();
    }
  });
});

describe("public GET endpoints under a rate budget", () => {
  it("answers 429 with Retry-After once the caller's address has spent its budget", async () => {
    const t = await startTestGateway({
      rateLimit: { ...defaults.rateLimit, enabled: true, points: 6, windowSeconds: 60 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 20 && statuses.at(-1) !== 429; i++) {
        const response = await fetch(new URL("/meetings.csv", t.gateway.url));
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(429);
      const refused = await fetch(new URL("/meetings.csv", t.gateway.url));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const refusedBody = (await refused.json()) as { errors: { extensions: { code: string } }[] };
      expect(refusedBody.errors[0]!.extensions.code).toBe("RATE_LIMITED");
      // The budget is the address's, whatever it asks for: /graphql is refused too.
      expect((await t.query("{ __typename }")).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    } finally {
      await t.stop();
    }
  });
});
