import { loadConfig } from "../src/config";
import type { AppConfig } from "../src/config";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import type { GatewayProcess } from "./helpers/gateway-process";
import { startGatewayProcess } from "./helpers/gateway-process";
import { ThrowawayRedis } from "./helpers/redis-server";
import { DIRECTORY_CHANGED, RawSubscriber } from "./helpers/ws-client";

/*
 * Attacks on the subscription (WebSocket) side of the pipeline: floods of subscribe messages, too many
 * subscriptions, slow readers, idle and silent sockets, spent budgets, revoked tokens. Each is refused or cut
 * off with a clear close code or error, and other clients stay served.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const defaults = loadConfig({});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function gatewayWith(websocket: Partial<AppConfig["websocket"]>, more: Partial<AppConfig> = {}) {
  return startTestGateway({
    websocket: { ...defaults.websocket, ...websocket },
    http: { ...defaults.http, trustProxyHops: 1 },
    ...more,
  });
}

/** Errors' codes of one subscription id. */
const errorCodes = (client: RawSubscriber, id: string) =>
  client
    .of(id)
    .filter((m) => m.type === "error")
    .flatMap((m) => (m.payload as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code));

describe("a flood of subscribe messages (production build, in its own process)", () => {
  let gateway: GatewayProcess;
  beforeAll(async () => {
    gateway = await startGatewayProcess({ TRUST_PROXY_HOPS: "1" });
  }, 60_000);
  afterAll(() => gateway.stop());

  it("closes each flooding socket (4429) after a bounded number of messages, and keeps the process responsive", async () => {
    const rssBefore = gateway.rssBytes();
    const frame = (id: number) =>
      JSON.stringify({ id: String(id), type: "subscribe", payload: { query: DIRECTORY_CHANGED } });
    const clients = await Promise.all(
      Array.from({ length: 5 }, (_, i) => RawSubscriber.open(gateway.url, { forwardedFor: `10.9.${i}.1` })),
    );
    // 5 sockets × 50,000 subscribe messages, as fast as the client can write them.
    for (const client of clients) for (let n = 0; n < 50_000; n++) client.socket.send(frame(n));
    const health: number[] = [];
    const probing = (async () => {
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        expect((await fetch(new URL("/healthz", gateway.url))).status).toBe(200);
        health.push(performance.now() - started);
        await pause(25);
      }
    })();
    const closed = await Promise.all(clients.map((client) => client.closedWithin(20_000)));
    await probing;
    for (const { code, reason } of closed) {
      expect(code).toBe(4429);
      expect(reason).toMatch(/Too many messages/);
    }
    // At most the first hundred messages of each socket were handled: twenty subscriptions, the rest refused.
    for (const client of clients) {
      const answered = new Set(client.messages.filter((m) => m.id !== undefined).map((m) => m.id));
      expect(answered.size).toBeLessThanOrEqual(110);
    }
    expect(Math.max(...health)).toBeLessThan(500);
    expect(gateway.rssBytes() - rssBefore).toBeLessThan(100 * 1024 * 1024);
    const other = await RawSubscriber.open(gateway.url, { forwardedFor: "10.9.99.1" });
    other.subscribe("1", DIRECTORY_CHANGED);
    await pause(100);
    expect(other.closed).toBeNull();
    other.close();
  }, 60_000);
});

describe("subscription limits", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWith({ maxSubscriptionsPerSocket: 3, maxSubscriptionsPerIp: 5 });
  });
  afterAll(() => t.stop());

  it("refuses a subscription beyond the socket's cap with TOO_MANY_SUBSCRIPTIONS, and frees a place on complete", async () => {
    const client = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.10.0.1" });
    for (const id of ["a", "b", "c", "d"]) client.subscribe(id, DIRECTORY_CHANGED);
    await client.until(() => errorCodes(client, "d").length > 0, "the fourth subscription's error");
    expect(errorCodes(client, "d")).toEqual(["TOO_MANY_SUBSCRIPTIONS"]);
    expect(["a", "b", "c"].flatMap((id) => errorCodes(client, id))).toEqual([]);
    client.complete("a");
    await pause(50);
    client.subscribe("e", DIRECTORY_CHANGED);
    await pause(200);
    expect(errorCodes(client, "e")).toEqual([]);
    expect(client.closed).toBeNull();
    client.close();
  });

  it("counts the subscriptions of every socket from one address against the address's cap", async () => {
    const first = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.10.1.1" });
    const second = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.10.1.1" });
    for (const id of ["a", "b", "c"]) first.subscribe(id, DIRECTORY_CHANGED);
    await pause(200);
    for (const id of ["a", "b", "c"]) second.subscribe(id, DIRECTORY_CHANGED);
    await second.until(() => errorCodes(second, "c").length > 0, "the sixth subscription's error");
    expect(errorCodes(second, "c")).toEqual(["TOO_MANY_SUBSCRIPTIONS"]);
    // Another address is not affected.
    const elsewhere = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.10.2.1" });
    elsewhere.subscribe("a", DIRECTORY_CHANGED);
    await pause(200);
    expect(errorCodes(elsewhere, "a")).toEqual([]);
    for (const client of [first, second, elsewhere]) client.close();
  });

  it("refuses a subscription whose variables hold a list over the cap, and a message over the size limit", async () => {
    const client = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.10.3.1" });
    const regions = `subscription($r: [String!]) { directoryChanged(regionCodes: $r) { operation } }`;
    client.subscribe("long", regions, { r: Array.from({ length: 5_000 }, () => "EUROPE") });
    await client.until(() => errorCodes(client, "long").length > 0, "the refusal");
    expect(errorCodes(client, "long")).toEqual(["BAD_USER_INPUT"]);
    client.subscribe("huge", regions, { r: Array.from({ length: 20_000 }, () => "XXXXX") });
    expect(await client.closedWithin(5_000)).toMatchObject({ code: 1009 });
  });
});

describe("slow readers", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  beforeAll(async () => {
    // Pings far apart: a reader that stops reading also stops answering pings, which would drop it first.
    t = await gatewayWith({ maxBufferedBytes: 16 * 1024, sendTimeoutMs: 500, pingIntervalMs: 60_000 });
    editor = { authorization: `Bearer ${await t.createToken("editor")}` };
  });
  afterAll(() => t.stop());

  it("closes a client that reads too slowly (1008) instead of queueing its events without bound", async () => {
    const slow = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.11.0.1" });
    for (let i = 0; i < 20; i++) slow.subscribe(String(i), DIRECTORY_CHANGED);
    await pause(200);
    // The client stops reading: the events queue up on the gateway's side once the kernel's buffers are full.
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const { meeting } = dataOf(
      await t.query<{ meeting: { id: string; version: number } }>(`{ meeting(slug: "${SEEDED}") { id version } }`),
    );
    let version = meeting.version;
    const update = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { version } } }`;
    const formats = ["HYBRID", "VIRTUAL"];
    let closedAfter = -1;
    const disconnected = async () =>
      /graphql_rejected_total\{limit="websocket_send_buffer"\} [1-9]/.test(
        await (await fetch(new URL("/metrics", t.gateway.url))).text(),
      );
    for (let n = 0; n < 3_000 && closedAfter < 0; n++) {
      const answer = await t.query<{ updateMeeting: { meeting: { version: number } } }>(
        update,
        { input: { id: meeting.id, expectedVersion: version, format: formats[n % 2] } },
        editor,
      );
      version = dataOf(answer).updateMeeting.meeting.version;
      if (n % 10 === 9 && (await disconnected())) closedAfter = n;
    }
    raw.resume();
    expect(closedAfter).toBeGreaterThanOrEqual(0);
    expect(await slow.closedWithin(5_000)).toEqual({
      code: 1008,
      reason: "The client reads too slowly: its send buffer is full",
    });
  }, 60_000);
});

describe("idle and silent sockets", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await gatewayWith({ idleTimeoutMs: 400, pingIntervalMs: 300 });
  });
  afterAll(() => t.stop());

  it("closes a socket that holds no subscription for the idle timeout (1000), and keeps one that does", async () => {
    const idle = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.11.1.1" });
    const busy = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.11.1.2" });
    busy.subscribe("1", DIRECTORY_CHANGED);
    expect(await idle.closedWithin(2_000)).toMatchObject({ code: 1000, reason: expect.stringMatching(/^Idle/) });
    await pause(600);
    expect(busy.closed).toBeNull();
    busy.complete("1");
    expect(await busy.closedWithin(2_000)).toMatchObject({ code: 1000 });
  });

  it("drops a socket that does not answer pings", async () => {
    const silent = await RawSubscriber.open(t.gateway.url, {
      forwardedFor: "10.11.2.1",
      socketOptions: { autoPong: false },
    });
    silent.subscribe("1", DIRECTORY_CHANGED);
    // No close frame comes from a dropped socket: the connection is cut (1006 on the client's side).
    expect(await silent.closedWithin(3_000)).toMatchObject({ code: 1006 });
  });
});

describe("budgets and tokens", () => {
  it("charges subscribes to the client's budget, shared with its HTTP requests, and closes the socket when it is spent", async () => {
    const t = await gatewayWith({}, { rateLimit: { ...defaults.rateLimit, enabled: true, points: 10 } });
    try {
      const client = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.12.0.1" });
      // Eight points spent over HTTP from the same address (connection_init took one).
      for (let i = 0; i < 8; i++) {
        const response = await fetch(t.gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "10.12.0.1" },
          body: JSON.stringify({ query: `{ __typename }` }),
        });
        expect(response.status).toBe(200);
      }
      client.subscribe("1", DIRECTORY_CHANGED);
      client.subscribe("2", DIRECTORY_CHANGED);
      expect(await client.closedWithin(2_000)).toMatchObject({
        code: 4429,
        reason: expect.stringMatching(/Rate limited/),
      });
      expect(errorCodes(client, "1")).toEqual([]);
      // Another address is served.
      const other = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.12.0.2" });
      other.subscribe("1", DIRECTORY_CHANGED);
      await pause(100);
      expect(other.closed).toBeNull();
      other.close();
    } finally {
      await t.stop();
    }
  });

  it("closes every socket opened with a token when it is revoked, and refuses its further subscribes", async () => {
    const t = await gatewayWith({});
    try {
      const secret = await t.createToken("editor", "to be revoked");
      const admin = { authorization: `Bearer ${await t.createToken("admin")}` };
      const sockets = await Promise.all(
        [1, 2].map(() =>
          RawSubscriber.open(t.gateway.url, {
            forwardedFor: "10.13.0.1",
            payload: { Authorization: `Bearer ${secret}` },
          }),
        ),
      );
      const anonymous = await RawSubscriber.open(t.gateway.url, { forwardedFor: "10.13.0.1" });
      for (const socket of [...sockets, anonymous]) socket.subscribe("1", DIRECTORY_CHANGED);
      await pause(100);
      await revoke(t, admin, "to be revoked");
      for (const socket of sockets) {
        expect(await socket.closedWithin(2_000)).toEqual({
          code: 4401,
          reason: "Unauthorized: the API token was revoked",
        });
      }
      await pause(100);
      expect(anonymous.closed).toBeNull();
      anonymous.close();
    } finally {
      await t.stop();
    }
  });

  it("closes the sockets of a revoked token on every instance when Redis is shared", async () => {
    const redis = await ThrowawayRedis.start();
    const shared = { redis: { url: redis.url, keyPrefix: `ws-revoke-${Date.now()}:`, persistedQueryTtlSeconds: 60 } };
    const first = await gatewayWith({}, shared);
    const second = await startTestGateway(
      { ...shared, http: { ...defaults.http, trustProxyHops: 1 } },
      { database: first.database },
    );
    try {
      const secret = await first.createToken("editor", "revoked elsewhere");
      const admin = { authorization: `Bearer ${await first.createToken("admin")}` };
      const onSecond = await RawSubscriber.open(second.gateway.url, { payload: { Authorization: `Bearer ${secret}` } });
      onSecond.subscribe("1", DIRECTORY_CHANGED);
      await pause(200);
      await revoke(first, admin, "revoked elsewhere");
      expect(await onSecond.closedWithin(3_000)).toMatchObject({ code: 4401 });
    } finally {
      await second.stop();
      await first.stop();
      await redis.kill();
    }
  });
});

async function revoke(t: TestGateway, admin: Record<string, string>, name: string): Promise<void> {
  const { apiTokens } = dataOf(
    await t.query<{ apiTokens: { id: string; name: string }[] }>(`{ apiTokens { id name } }`, {}, admin),
  );
  dataOf(
    await t.query(
      `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { id } } }`,
      { input: { id: apiTokens.find((token) => token.name === name)!.id } },
      admin,
    ),
  );
}
