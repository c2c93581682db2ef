import type { Client, ExecutionResult } from "graphql-ws";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../src/config";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

const DIRECTORY_CHANGED = `subscription($regionCodes: [String!]) {
  directoryChanged(regionCodes: $regionCodes) { operation regionCodes allRegions entities { typename id change } }
}`;

interface Change {
  operation: string;
  regionCodes: string[];
  allRegions: boolean;
  entities: { typename: string; id: string; change: string }[];
}

/** A subscription's received results, with a way to wait for the next ones. */
class Received {
  readonly results: ExecutionResult<Record<string, unknown>>[] = [];
  error: unknown = null;
  private waiters: (() => void)[] = [];

  push(result: ExecutionResult<Record<string, unknown>>) {
    this.results.push(result);
    for (const wake of this.waiters.splice(0)) wake();
  }

  fail(error: unknown) {
    this.error = error;
    for (const wake of this.waiters.splice(0)) wake();
  }

  async atLeast(n: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length < n && this.error === null) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${n} results, got ${this.results.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  changes(): Change[] {
    return this.results.map((r) => (r.data as { directoryChanged: Change }).directoryChanged);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("directoryChanged subscription over WebSocket", () => {
  let t: TestGateway;
  let client: Client;
  let editor: string;
  let wsUrl: string;

  const subscribe = (query: string, variables: Record<string, unknown> = {}) => {
    const received = new Received();
    client.subscribe(
      { query, variables },
      {
        next: (result) => received.push(result as ExecutionResult<Record<string, unknown>>),
        error: (error) => received.fail(error),
        complete: () => undefined,
      },
    );
    return received;
  };

  beforeAll(async () => {
    t = await startTestGateway();
    editor = await t.createToken("editor");
    wsUrl = t.gateway.url.replace(/^http/, "ws");
    client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  });
  afterAll(async () => {
    await client.dispose();
    await t.stop();
  });

  it("announces a committed mutation to the subscribers of its region, after the commit", async () => {
    const americas = subscribe(DIRECTORY_CHANGED, { regionCodes: ["AMERICAS_CARIBBEAN"] });
    const europe = subscribe(DIRECTORY_CHANGED, { regionCodes: ["EUROPE"] });
    const everything = subscribe(DIRECTORY_CHANGED);
    // graphql-ws does not acknowledge subscriptions: give the server a moment to register them.
    await pause(300);

    const { meeting } = dataOf(
      await t.query<{ meeting: { id: string; version: number } }>(`{ meeting(slug: "${SEEDED}") { id version } }`),
    );
    const update = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { version } } }`;
    dataOf(
      await t.query(
        update,
        { input: { id: meeting.id, expectedVersion: meeting.version, format: "HYBRID" } },
        {
          authorization: `Bearer ${editor}`,
        },
      ),
    );
    // A refused mutation (stale version) changes nothing and announces nothing.
    const conflict = errorOf(
      await t.query(
        update,
        { input: { id: meeting.id, expectedVersion: meeting.version, format: "VIRTUAL" } },
        {
          authorization: `Bearer ${editor}`,
        },
      ),
    );
    expect(conflict.extensions?.code).toBe("CONFLICT");

    const { regions } = dataOf(await t.query<{ regions: { id: string; code: string }[] }>(`{ regions { id code } }`));
    const europeId = regions.find((r) => r.code === "EUROPE")!.id;
    dataOf(
      await t.query(
        `mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id } } }`,
        { input: { name: "French Customs", countryName: "France", isoCode: "FR", regionId: europeId } },
        { authorization: `Bearer ${editor}` },
      ),
    );

    await everything.atLeast(2);
    await americas.atLeast(1);
    await europe.atLeast(1);
    await pause(200);
    const updated = {
      operation: "updateMeeting",
      regionCodes: ["AMERICAS_CARIBBEAN"],
      allRegions: false,
      entities: [{ typename: "Meeting", id: meeting.id, change: "UPDATED" }],
    };
    expect(everything.changes()).toEqual([updated, expect.objectContaining({ operation: "createMember" })]);
    expect(americas.changes()).toEqual([updated]);
    expect(europe.changes()).toEqual([
      {
        operation: "createMember",
        regionCodes: ["EUROPE"],
        allRegions: false,
        entities: [{ typename: "Member", id: expect.any(String), change: "CREATED" }],
      },
    ]);
  });

  it("says when each change was announced, as a DateTimeISO like every other timestamp", async () => {
    const { __type } = dataOf(
      await t.query<{ __type: { fields: { name: string; type: { kind: string; ofType: { name: string } } }[] } }>(
        `{ __type(name: "DirectoryChange") { fields { name type { kind ofType { name } } } } }`,
      ),
    );
    expect(__type.fields.find((field) => field.name === "at")?.type).toEqual({
      kind: "NON_NULL",
      ofType: { name: "DateTimeISO" },
    });

    const timed = subscribe(`subscription { directoryChanged(regionCodes: ["EUROPE"]) { operation at } }`);
    await pause(300);
    const { regions } = dataOf(await t.query<{ regions: { id: string; code: string }[] }>(`{ regions { id code } }`));
    const before = Date.now();
    dataOf(
      await t.query(
        `mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id } } }`,
        {
          input: {
            name: "German Customs",
            countryName: "Germany",
            isoCode: "DE",
            regionId: regions.find((r) => r.code === "EUROPE")!.id,
          },
        },
        { authorization: `Bearer ${editor}` },
      ),
    );
    await timed.atLeast(1);
    const { at } = (timed.results[0]!.data as { directoryChanged: { at: string } }).directoryChanged;
    // The same ISO 8601 string in UTC, to the millisecond, as before it was typed DateTimeISO.
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Date(at).toISOString()).toBe(at);
    expect(Date.parse(at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(at)).toBeLessThanOrEqual(Date.now());
  });

  it("announces an import to every subscriber; rolled-back dry runs and other mutations announce nothing", async () => {
    const everything = subscribe(DIRECTORY_CHANGED);
    const mena = subscribe(DIRECTORY_CHANGED, { regionCodes: ["MENA"] });
    await pause(300);
    const admin = await t.createToken("admin");
    const auth = { authorization: `Bearer ${admin}` };
    dataOf(
      await t.query(`mutation { createTheme(input: { year: 2030, title: "A theme" }) { theme { year } } }`, {}, auth),
    );
    const importDirectory = `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`;
    const directory = {
      meetings: [
        { slug: "imported-meeting", title: "Imported meeting", kind: "WORKSHOP", region: "AMERICAS_CARIBBEAN" },
      ],
    };
    dataOf(await t.query(importDirectory, { input: { directory, dryRun: true } }, auth));
    dataOf(await t.query(importDirectory, { input: { directory } }, auth));
    await everything.atLeast(1);
    await mena.atLeast(1);
    await pause(200);
    const imported = { operation: "importDirectory", regionCodes: [], allRegions: true, entities: [] };
    expect(everything.changes()).toEqual([imported]);
    expect(mena.changes()).toEqual([imported]);
  });

  it("runs the same validation rules and limits as HTTP before subscribing", async () => {
    const tooManyAliases = `subscription { directoryChanged { ${Array.from({ length: 20 }, (_, i) => `a${i}: operation`).join(" ")} } }`;
    const aliases = subscribe(tooManyAliases);
    const unknownField = subscribe(`subscription { directoryChanged { nope } }`);
    const query = subscribe(`{ regions { code } }`);
    const unparsable = subscribe(`subscription {`);
    for (const received of [aliases, unknownField, query, unparsable]) {
      await received.atLeast(1, 2000).catch(() => undefined);
      expect(received.error).not.toBeNull();
    }
    const codes = [aliases, unknownField, query, unparsable].map(
      (r) => (r.error as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? null,
    );
    expect(codes).toEqual([
      "GRAPHQL_VALIDATION_FAILED",
      "GRAPHQL_VALIDATION_FAILED",
      "BAD_REQUEST",
      "GRAPHQL_PARSE_FAILED",
    ]);
  });
});

/** The outcome of opening a raw graphql-transport-ws connection: acknowledged, or closed with a code. */
type Opened = { acked: true; socket: WebSocket } | { acked: false; code: number; reason: string };

/** Opens a socket (from `forwardedFor`, through one trusted proxy) and sends connection_init with `payload`. */
function open(url: string, forwardedFor: string, payload?: Record<string, unknown>): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "graphql-transport-ws", { headers: { "x-forwarded-for": forwardedFor } });
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload })));
    socket.on("message", (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === "connection_ack") resolve({ acked: true, socket });
    });
    socket.once("close", (code, reason) => resolve({ acked: false, code, reason: reason.toString() }));
  });
}

const closeAndWait = (socket: WebSocket) =>
  new Promise<void>((resolve) => {
    socket.once("close", () => resolve());
    socket.close(1000);
  });

describe("WebSocket connection limits and tokens", () => {
  let t: TestGateway;
  let url: string;
  const sockets: WebSocket[] = [];
  const acked = async (opening: Promise<Opened>) => {
    const opened = await opening;
    if (!opened.acked) throw new Error(`refused: ${opened.code} ${opened.reason}`);
    sockets.push(opened.socket);
    return opened.socket;
  };
  const refused = async (opening: Promise<Opened>) => {
    const opened = await opening;
    if (opened.acked) throw new Error("the connection was accepted");
    return { code: opened.code, reason: opened.reason };
  };

  beforeAll(async () => {
    t = await startTestGateway({
      websocket: { ...loadConfig({}).websocket, maxConnections: 3, maxConnectionsPerIp: 2 },
      http: { ...loadConfig({}).http, trustProxyHops: 1 },
    });
    url = t.gateway.url.replace(/^http/, "ws");
  });
  afterAll(async () => {
    await Promise.all(sockets.filter((s) => s.readyState === WebSocket.OPEN).map(closeAndWait));
    await t.stop();
  });

  it("caps connections per client address and in total, and frees a place when a connection closes", async () => {
    const first = await acked(open(url, "203.0.113.1"));
    await acked(open(url, "203.0.113.1"));
    expect(await refused(open(url, "203.0.113.1"))).toEqual({
      code: 1013,
      reason: "Too many subscription connections from this address; try again later",
    });
    // Another client still gets in, up to the total.
    await acked(open(url, "203.0.113.2"));
    expect(await refused(open(url, "203.0.113.3"))).toEqual({
      code: 1013,
      reason: "Too many subscription connections to the gateway; try again later",
    });

    await closeAndWait(first);
    await acked(open(url, "203.0.113.1"));
    const metrics = await (await fetch(new URL("/metrics", t.gateway.url))).text();
    expect(metrics).toContain('graphql_rejected_total{limit="websocket_connections_per_ip"} 1');
    expect(metrics).toContain('graphql_rejected_total{limit="websocket_connections"} 1');
    await Promise.all(
      sockets
        .splice(0)
        .filter((s) => s.readyState === WebSocket.OPEN)
        .map(closeAndWait),
    );
  });

  it("refuses a connection_init carrying an invalid token, instead of treating it as anonymous", async () => {
    const unauthorized = { code: 4401, reason: "Unauthorized: the API token is unknown, expired or revoked" };
    expect(await refused(open(url, "198.51.100.1", { Authorization: "Bearer ceg_not-a-real-token" }))).toEqual(
      unauthorized,
    );
    expect(await refused(open(url, "198.51.100.1", { token: "ceg_forged" }))).toEqual(unauthorized);
    // A value that is not `Bearer <token>` is refused as such: the token in it may well be good.
    const malformed = {
      code: 4401,
      reason: "Unauthorized: Authorization must be `Bearer <token>`: the word Bearer, a space, then the token",
    };
    expect(await refused(open(url, "198.51.100.1", { authorization: "Basic dXNlcjpwYXNz" }))).toEqual(malformed);
    expect(await refused(open(url, "198.51.100.1", { Authorization: 42 }))).toEqual(malformed);
    const bare = await t.createToken("editor", "bare");
    expect(await refused(open(url, "198.51.100.1", { Authorization: bare }))).toEqual(malformed);
    const revoked = await t.createToken("editor", "revoked");
    const admin = { authorization: `Bearer ${await t.createToken("admin")}` };
    const { apiTokens } = dataOf(
      await t.query<{ apiTokens: { id: string; name: string }[] }>(`{ apiTokens { id name } }`, {}, admin),
    );
    dataOf(
      await t.query(
        `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { id } } }`,
        { input: { id: apiTokens.find((token) => token.name === "revoked")!.id } },
        admin,
      ),
    );
    expect(await refused(open(url, "198.51.100.1", { Authorization: `Bearer ${revoked}` }))).toEqual(unauthorized);

    // A valid token, a bare token, and no token at all are accepted.
    const editor = await t.createToken("editor");
    await acked(open(url, "198.51.100.2", { Authorization: `Bearer ${editor}` }));
    await acked(open(url, "198.51.100.2", { token: editor }));
    await acked(open(url, "198.51.100.3"));
    await Promise.all(
      sockets
        .splice(0)
        .filter((s) => s.readyState === WebSocket.OPEN)
        .map(closeAndWait),
    );
  });

  it("serves subscriptions on a connection accepted with a token", async () => {
    const editor = await t.createToken("editor");
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { Authorization: `Bearer ${editor}` },
    });
    try {
      const received = new Received();
      client.subscribe(
        { query: DIRECTORY_CHANGED, variables: { regionCodes: ["AMERICAS_CARIBBEAN"] } },
        {
          next: (result) => received.push(result as ExecutionResult<Record<string, unknown>>),
          error: (error) => received.fail(error),
          complete: () => undefined,
        },
      );
      await pause(300);
      const { meeting } = dataOf(
        await t.query<{ meeting: { id: string; version: number } }>(`{ meeting(slug: "${SEEDED}") { id version } }`),
      );
      dataOf(
        await t.query(
          `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { version } } }`,
          { input: { id: meeting.id, expectedVersion: meeting.version, format: "VIRTUAL" } },
          { authorization: `Bearer ${editor}` },
        ),
      );
      await received.atLeast(1);
      expect(received.error).toBeNull();
      expect(received.changes()[0]).toMatchObject({ operation: "updateMeeting", regionCodes: ["AMERICAS_CARIBBEAN"] });
    } finally {
      await client.dispose();
    }
  });
});
