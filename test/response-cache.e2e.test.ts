import { createHash } from "node:crypto";
import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

const QUERY = `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { summary } }`;

describe("the response cache", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor")}` };
  });
  afterAll(() => t.stop());

  const ask = async (headers: Record<string, string> = {}) => {
    const response = await fetch(t.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: QUERY }),
    });
    return {
      cache: response.headers.get("x-cache"),
      cacheControl: response.headers.get("cache-control"),
      body: (await response.json()) as { data: { meeting: { summary: string } } },
    };
  };

  it("serves a repeated anonymous query from the cache, without SQL, marked cacheable", async () => {
    const first = await ask();
    expect(first.cache).toBe("MISS");
    expect(first.cacheControl).toBe("public, max-age=5");
    const { result: second, statements } = await t.countSql(() => ask());
    expect(second.cache).toBe("HIT");
    expect(second.body).toEqual(first.body);
    expect(statements).toBe(0);
  });

  it("forgets everything as soon as a mutation succeeds", async () => {
    await ask();
    const id = Buffer.from("Meeting:1").toString("base64url");
    const mutation = await fetch(t.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({
        query: `mutation { updateMeeting(input: { id: "${id}", summary: "Changed" }) { meeting { summary } } }`,
      }),
    });
    expect(mutation.status).toBe(200);
    const after = await ask();
    expect(after.cache).toBe("MISS");
    expect(after.body.data.meeting.summary).toBe("Changed");
  });

  it("never caches authenticated requests", async () => {
    const first = await ask(editor);
    const second = await ask(editor);
    expect([first.cache, second.cache]).toEqual([null, null]);
    expect(second.cacheControl).toBe("private, no-store");
  });

  it("can be turned off", async () => {
    const off = await startTestGateway({ responseCacheTtlSeconds: 0 });
    try {
      const response = await fetch(off.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(response.headers.get("x-cache")).toBeNull();
    } finally {
      await off.stop();
    }
  });

  describe("answering before Apollo", () => {
    const raw = async (init: {
      method?: string;
      headers?: Record<string, string>;
      body?: unknown;
      search?: string;
    }) => {
      const url = new URL(t.gateway.url);
      if (init.search) url.search = init.search;
      const response = await fetch(url, {
        method: init.method ?? "POST",
        headers: { ...(init.method === "GET" ? {} : { "content-type": "application/json" }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return {
        status: response.status,
        cache: response.headers.get("x-cache"),
        contentType: response.headers.get("content-type"),
        cacheControl: response.headers.get("cache-control"),
        text: await response.text(),
      };
    };
    const hits = async () => {
      const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
      return Number(
        text
          .split("\n")
          .find((l) => l.startsWith("graphql_response_cache_hits_total "))
          ?.split(" ")[1],
      );
    };

    it("sends the bytes and headers first sent, without running the operation", async () => {
      const body = { query: `{ regions { code name } }`, variables: { unused: 1 } };
      const miss = await raw({ body });
      const before = await hits();
      const { result: hit, statements } = await t.countSql(() => raw({ body }));
      expect(miss.cache).toBe("MISS");
      expect(hit).toEqual({ ...miss, cache: "HIT" });
      expect(hit.text).toMatch(/"extensions":\{"cost":/);
      expect(statements).toBe(0);
      expect((await hits()) - before).toBe(1);
    });

    it("keeps one entry per accepted media type", async () => {
      const body = { query: `{ regions { code } }`, operationName: null };
      const json = await raw({ body, headers: { accept: "application/json" } });
      const graphqlJson = await raw({ body, headers: { accept: "application/graphql-response+json" } });
      const again = await raw({ body, headers: { accept: "application/graphql-response+json" } });
      expect([json.cache, graphqlJson.cache, again.cache]).toEqual(["MISS", "MISS", "HIT"]);
      expect(json.contentType).toBe("application/json; charset=utf-8");
      expect(again.contentType).toBe("application/graphql-response+json; charset=utf-8");
      expect(again.text).toBe(graphqlJson.text);
    });

    it("serves GETs that pass Apollo's CSRF check, and leaves the others to Apollo's refusal", async () => {
      const search = `?query=${encodeURIComponent("{ themes { nodes { year } } }")}`;
      const preflight = { "apollo-require-preflight": "true" };
      const first = await raw({ method: "GET", search, headers: preflight });
      const second = await raw({ method: "GET", search, headers: preflight });
      expect([first.status, first.cache, second.status, second.cache]).toEqual([200, "MISS", 200, "HIT"]);
      const unprotected = await raw({ method: "GET", search });
      expect(unprotected.status).toBe(400);
      expect(unprotected.cache).toBeNull();
    });

    it("caches requests with extensions like any other, and never caches a failed query", async () => {
      // The key is the request as sent, extensions included: a persisted query's hash alone is cacheable too.
      const body = { query: `{ regions { code } }`, extensions: { client: "x" } };
      expect([(await raw({ body })).cache, (await raw({ body })).cache]).toEqual(["MISS", "HIT"]);
      const sha256Hash = createHash("sha256").update(`{ regions { name } }`).digest("hex");
      const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash } } };
      expect(await raw({ body: { query: `{ regions { name } }`, ...persisted } })).toMatchObject({ cache: "MISS" });
      const byHash = [await raw({ body: persisted }), await raw({ body: persisted })];
      expect(byHash.map((r) => [r.status, r.cache])).toEqual([
        [200, "MISS"],
        [200, "HIT"],
      ]);
      const failing = { query: `{ meetings(after: "not-a-cursor") { totalCount } }` };
      const refused = [await raw({ body: failing }), await raw({ body: failing })];
      expect(refused.map((r) => [r.status, r.cache, r.cacheControl])).toEqual([
        [200, null, "private, no-store"],
        [200, null, "private, no-store"],
      ]);
    });
  });

  it("charges a cached answer one point of the client's budget, and refuses it once the budget is spent", async () => {
    // 4 points: the first request costs 2 (its document is new: parsing and validating it costs one more), each
    // cached answer 1.
    const limited = await startTestGateway({
      rateLimit: { enabled: true, points: 4, windowSeconds: 60, mutationWeight: 10, costPerPoint: 1000 },
    });
    try {
      const statuses: (string | number | null)[][] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(limited.gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: QUERY }),
        });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        statuses.push([response.status, response.headers.get("x-cache"), body.errors?.[0]?.extensions?.code ?? null]);
      }
      expect(statuses).toEqual([
        [200, "MISS", null],
        [200, "HIT", null],
        [200, "HIT", null],
        [429, null, "RATE_LIMITED"],
      ]);
    } finally {
      await limited.stop();
    }
  });
});
