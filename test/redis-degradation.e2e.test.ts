import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { loadConfig } from "../src/config";
import type { GraphQLResponse, TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { ThrowawayRedis, freePort, inspectorClient } from "./helpers/redis-server";
import { DirectorySubscriber } from "./helpers/subscriber";

const PREFIX = "ceg-degradation:";
const SUMMARY = `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { summary } }`;
const MEETING_ID = Buffer.from("Meeting:1").toString("base64url");
const RATE_POINTS = 5;
/** A request that takes longer than this counts as hung: Redis must never make a request wait. */
const MAX_REQUEST_MS = 2_000;

interface Answer {
  status: number;
  cache: string | null;
  ms: number;
  body: GraphQLResponse<{ meeting?: { summary: string } }>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Redis going away and coming back (gateway over SQLite, its own redis-server)", () => {
  let redis: ThrowawayRedis;
  let t: TestGateway;
  let editor: string;
  let subscriber: DirectorySubscriber;
  const logLines: Record<string, unknown>[] = [];
  const answers: Answer[] = [];
  let nextClient = 0;

  /**
   * POSTs a GraphQL body as one client. Each call is a new client (its own X-Forwarded-For address) unless
   * `client` names one, so the small rate budget only bites where a test spends it on purpose.
   */
  const post = async (
    body: Record<string, unknown>,
    options: { client?: string; token?: string } = {},
  ): Promise<Answer> => {
    const started = Date.now();
    const response = await fetch(t.gateway.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": options.client ?? `10.1.${Math.floor(nextClient / 250)}.${nextClient++ % 250}`,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = {
      status: response.status,
      cache: response.headers.get("x-cache"),
      ms: Date.now() - started,
      body: (await response.json()) as Answer["body"],
    };
    answers.push(answer);
    return answer;
  };
  const ask = () => post({ query: SUMMARY });
  const setSummaryTo = async (summary: string) => {
    const answer = await post(
      {
        query: `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { summary } } }`,
        variables: { input: { id: MEETING_ID, summary } },
      },
      { token: editor },
    );
    expect(dataOf(answer.body)).toEqual({ updateMeeting: { meeting: { summary } } });
  };
  /** Spends a fresh client's whole budget and returns the status codes of budget + 1 requests. */
  const spendBudget = async (client: string) => {
    // Once by another client first, so that the document's first parse is not charged to this one.
    await post({ query: "{ regions { code } }" }, { client: "10.200.255.255" });
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_POINTS; i++)
      statuses.push((await post({ query: "{ regions { code } }" }, { client })).status);
    return statuses;
  };
  const readiness = async () => (await fetch(new URL("/readyz", t.gateway.url))).json();
  const metric = async (line: RegExp) => {
    const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
    return text.split("\n").find((l) => line.test(l));
  };
  const logged = (msg: RegExp) => logLines.filter((line) => typeof line.msg === "string" && msg.test(line.msg));
  /** The keys under the gateway's prefix, by kind (`response`, `rate`, `apq`, …). */
  const keyKinds = async (inspector: Redis) =>
    new Set((await inspector.keys(`${PREFIX}*`)).map((key) => key.slice(PREFIX.length).split(":")[0]));
  /** Listens on the gateway's event channel, as another instance would. */
  const listenToEvents = async () => {
    const listener = inspectorClient(redis.url);
    const messages: string[] = [];
    listener.on("message", (_channel: string, message: string) => messages.push(message));
    await listener.connect();
    await listener.subscribe(`${PREFIX}events:DIRECTORY_CHANGED`);
    return { messages, close: () => listener.disconnect() };
  };
  const waitFor = async (condition: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await pause(50);
    }
  };

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    const defaults = loadConfig({});
    t = await startTestGateway(
      {
        redis: { url: redis.url, keyPrefix: PREFIX, persistedQueryTtlSeconds: 60 },
        rateLimit: { ...defaults.rateLimit, enabled: true, points: RATE_POINTS, mutationWeight: 1 },
        // The test's clients are told apart by X-Forwarded-For, as behind a load balancer.
        http: { ...defaults.http, trustProxyHops: 1 },
      },
      { logLines },
    );
    editor = await t.createToken("editor");
    subscriber = new DirectorySubscriber(t.gateway.url);
    await pause(300);
  });
  afterAll(async () => {
    await subscriber?.dispose();
    await t?.stop();
    await redis?.kill();
  });

  it("keeps the response cache, rate counters, persisted queries and events in Redis while it is up", async () => {
    const inspector = inspectorClient(redis.url);
    const events = await listenToEvents();
    try {
      await inspector.connect();
      expect(await readiness()).toEqual({ status: "ready", redis: "up" });

      expect((await ask()).cache).toBe("MISS");
      expect((await ask()).cache).toBe("HIT");
      expect(await spendBudget("10.200.0.1")).toEqual([200, 200, 200, 200, 200, 429]);
      const document = "{ themes { nodes { year } } }";
      const sha256Hash = createHash("sha256").update(document).digest("hex");
      const registered = await post({ query: document, extensions: { persistedQuery: { version: 1, sha256Hash } } });
      expect(registered.status).toBe(200);
      await pause(100); // A registration is stored without the response waiting for it.
      expect(await keyKinds(inspector)).toEqual(new Set(["response-generation", "response", "rate", "apq"]));
      expect(await inspector.get(`${PREFIX}rate:ip:10.200.0.1`)).toBe(String(RATE_POINTS + 1));

      const generation = Number(await inspector.get(`${PREFIX}response-generation`));
      await setSummaryTo("Through Redis");
      expect(Number(await inspector.get(`${PREFIX}response-generation`))).toBe(generation + 1);
      const after = await ask();
      expect([after.cache, after.body.data?.meeting?.summary]).toEqual(["MISS", "Through Redis"]);

      expect((await subscriber.atLeast(1)).map((c) => c.operation)).toEqual(["updateMeeting"]);
      await waitFor(() => events.messages.length === 1, "the event on the Redis channel");
      expect(JSON.parse(events.messages[0]!)).toMatchObject({
        operation: "updateMeeting",
        regionCodes: ["AMERICAS_CARIBBEAN"],
      });
    } finally {
      inspector.disconnect();
      events.close();
    }
  });

  it("serves every request from in-process fallbacks, without failing or hanging, once Redis is killed", async () => {
    const before = answers.length;
    await redis.kill();
    // Straight away, before the gateway has necessarily noticed: every request still gets its answer.
    const immediate = await Promise.all([ask(), ask(), post({ query: "{ regions { code } }" })]);
    expect(immediate.map((a) => [a.status, a.body.errors])).toEqual([
      [200, undefined],
      [200, undefined],
      [200, undefined],
    ]);
    await waitFor(() => logged(/^Redis unavailable/).length > 0, "the outage warning");

    // The response cache works in-process, and a mutation still empties it at once.
    await ask();
    expect((await ask()).cache).toBe("HIT");
    await setSummaryTo("During the outage");
    const after = await ask();
    expect([after.cache, after.body.data?.meeting?.summary]).toEqual(["MISS", "During the outage"]);
    // Rate limits fall back to the in-memory limiter.
    expect(await spendBudget("10.200.0.2")).toEqual([200, 200, 200, 200, 200, 429]);
    // Subscribers of this instance still hear of this instance's mutations.
    expect((await subscriber.atLeast(2)).map((c) => c.operation)).toEqual(["updateMeeting", "updateMeeting"]);

    expect(await readiness()).toEqual({ status: "ready", redis: "down" });
    expect(await metric(/^redis_up /)).toBe("redis_up 0");
    expect(await metric(/^redis_fallbacks_total\{use="response_cache"\}/)).toMatch(/ [1-9]\d*$/);
    const outage = answers.slice(before);
    expect(outage.filter((a) => a.status !== 200 && a.status !== 429)).toEqual([]);
    expect(Math.max(...outage.map((a) => a.ms))).toBeLessThan(MAX_REQUEST_MS);
    // One warning for the whole outage, however many requests fell back.
    expect(logged(/^Redis unavailable/)).toHaveLength(1);
    expect(logged(/^Redis unavailable/)[0]).toMatchObject({ level: 40 });
  });

  it("goes back to Redis when it is restarted on the same port, and says so", async () => {
    await redis.restart();
    await waitFor(() => logged(/^Redis available again/).length > 0, "the recovery message");
    expect(logged(/^Redis available again/)).toEqual([expect.objectContaining({ level: 30, restored: true })]);
    expect(await readiness()).toEqual({ status: "ready", redis: "up" });
    expect(await metric(/^redis_up /)).toBe("redis_up 1");

    const inspector = inspectorClient(redis.url);
    const events = await listenToEvents();
    try {
      await inspector.connect();
      // The restarted Redis is empty: the first answer is computed again, then shared through Redis.
      const first = await ask();
      expect([first.cache, first.body.data?.meeting?.summary]).toEqual(["MISS", "During the outage"]);
      expect((await ask()).cache).toBe("HIT");
      expect(await spendBudget("10.200.0.3")).toEqual([200, 200, 200, 200, 200, 429]);
      expect(await keyKinds(inspector)).toEqual(new Set(["response-generation", "response", "rate"]));

      await setSummaryTo("After the outage");
      expect((await subscriber.atLeast(3)).map((c) => c.operation)).toHaveLength(3);
      await waitFor(() => events.messages.length === 1, "the event on the Redis channel");
      const after = await ask();
      expect([after.cache, after.body.data?.meeting?.summary]).toEqual(["MISS", "After the outage"]);
      expect(logged(/^Redis unavailable/)).toHaveLength(1);
    } finally {
      inspector.disconnect();
      events.close();
    }
  });

  it("does not let a Redis that stops answering hold requests up for more than its command timeout", async () => {
    const before = answers.length;
    redis.freeze();
    try {
      // The first requests wait for one command timeout (1 s), then the gateway stops asking Redis.
      const during = await Promise.all([ask(), post({ query: "{ regions { code } }" })]);
      expect(during.map((a) => [a.status, a.body.errors])).toEqual([
        [200, undefined],
        [200, undefined],
      ]);
      await setSummaryTo("While Redis was frozen");
      const after = await ask();
      expect(after.body.data?.meeting?.summary).toBe("While Redis was frozen");
      expect(logged(/^Redis unavailable/)).toHaveLength(2);
      expect(await readiness()).toEqual({ status: "ready", redis: "down" });
      const frozen = answers.slice(before);
      expect(frozen.filter((a) => a.status !== 200)).toEqual([]);
      expect(Math.max(...frozen.map((a) => a.ms))).toBeLessThan(MAX_REQUEST_MS);
      // Once the gateway knows, requests no longer wait at all.
      expect(Math.max(...frozen.slice(2).map((a) => a.ms))).toBeLessThan(500);
    } finally {
      redis.thaw();
    }
    await waitFor(() => logged(/^Redis available again/).length === 2, "the second recovery message");
    expect(await readiness()).toEqual({ status: "ready", redis: "up" });
    const answer = await ask();
    expect(answer.body.data?.meeting?.summary).toBe("While Redis was frozen");
    expect((await ask()).cache).toBe("HIT");
  });
});

describe("a gateway whose Redis is not there at start-up", () => {
  it("starts on in-process fallbacks, then switches to Redis when it appears", async () => {
    const port = await freePort();
    const logLines: Record<string, unknown>[] = [];
    const t = await startTestGateway(
      { redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: PREFIX, persistedQueryTtlSeconds: 60 } },
      { logLines },
    );
    let redis: ThrowawayRedis | undefined;
    try {
      const readiness = async () => (await fetch(new URL("/readyz", t.gateway.url))).json();
      expect(await readiness()).toEqual({ status: "ready", redis: "down" });
      expect(dataOf(await t.query<{ theme: { year: number } }>("{ theme(year: 2021) { year } }"))).toEqual({
        theme: { year: 2021 },
      });
      expect(logLines.filter((l) => l.level === 40).map((l) => l.reason)).toEqual(["connection closed"]);

      redis = await ThrowawayRedis.start(port);
      const deadline = Date.now() + 15_000;
      while (!logLines.some((l) => l.msg === "Redis available again: shared state back in Redis")) {
        if (Date.now() > deadline) throw new Error("the gateway did not switch to Redis");
        await pause(50);
      }
      expect(await readiness()).toEqual({ status: "ready", redis: "up" });
      await t.query("{ theme(year: 2021) { year } }");
      const inspector = inspectorClient(redis.url);
      try {
        await inspector.connect();
        expect(await inspector.keys(`${PREFIX}response:*`)).toHaveLength(1);
      } finally {
        inspector.disconnect();
      }
    } finally {
      await t.stop();
      await redis?.kill();
    }
  });
});
