import "reflect-metadata";
import { execFile, spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import readline from "node:readline";
import { promisify } from "node:util";
import { DataSource } from "typeorm";
import type { GraphQLResponse } from "./helpers/gateway";
import { dataOf } from "./helpers/gateway";
import { inspectorClient } from "./helpers/redis-server";
import { DirectorySubscriber } from "./helpers/subscriber";

/*
 * Two gateway processes, started as `npm start` runs them, over one PostgreSQL database and one Redis: what
 * the README's Deployment section promises of N instances behind a load balancer. PostgreSQL only
 * (`TEST_ENGINE=postgres`, as `npm run test:postgres` sets): SQLite is one process's file.
 */
const onPostgres = process.env.TEST_ENGINE === "postgres";
const POSTGRES_URL = process.env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

const ROOT = path.join(__dirname, "..");
const RUN = randomBytes(5).toString("hex");
const DATABASE = `ceg_multi_${RUN}`;
/** This run's keys and channels in the shared Redis, removed afterwards. */
const PREFIX = `ceg-multi-${RUN}:`;
const RATE_POINTS = 10;
const SUMMARY = `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { summary } }`;
const MEETING_ID = Buffer.from("Meeting:1").toString("base64url");

/** Runs `work` on the server's maintenance connection (TypeORM over the pg driver). */
async function asPostgresAdmin<T>(work: (admin: DataSource) => Promise<T>): Promise<T> {
  const admin = new DataSource({ type: "postgres", url: POSTGRES_URL, poolSize: 1 });
  await admin.initialize();
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

function databaseUrl(): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/** The environment both instances share: one database, one Redis, one small rate budget. */
function instanceEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl(),
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    RATE_LIMIT_ENABLED: "true",
    RATE_LIMIT_POINTS: String(RATE_POINTS),
    RATE_LIMIT_MUTATION_WEIGHT: "1",
    // Clients are told apart by X-Forwarded-For, as behind a load balancer.
    TRUST_PROXY_HOPS: "1",
  };
}

interface Instance {
  name: string;
  child: ChildProcessWithoutNullStreams;
  url: string;
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Starts `node dist/src/app/main.js` as `npm start` does and waits for "gateway ready". */
async function startInstance(name: string): Promise<Instance> {
  const child = spawn(process.execPath, ["dist/src/app/main.js"], { cwd: ROOT, env: instanceEnv() });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.msg === "gateway ready") resolve(String(entry.url));
    });
    void exited.then((code) =>
      reject(new Error(`instance ${name} exited with ${code} before it was ready: ${stderr.join("")}`)),
    );
  });
  return { name, child, url, lines, exited };
}

interface Answer {
  status: number;
  cache: string | null;
  retryAfter: string | null;
  body: GraphQLResponse<Record<string, unknown>>;
}

let nextClient = 0;

/** POSTs a GraphQL body to an instance, as a new client (X-Forwarded-For) unless `client` names one. */
async function post(
  instance: Instance,
  body: Record<string, unknown>,
  options: { client?: string; token?: string } = {},
): Promise<Answer> {
  const response = await fetch(instance.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": options.client ?? `10.2.${Math.floor(nextClient / 250)}.${nextClient++ % 250}`,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    cache: response.headers.get("x-cache"),
    retryAfter: response.headers.get("retry-after"),
    body: (await response.json()) as Answer["body"],
  };
}

const summaryOf = (answer: Answer) => (answer.body.data as { meeting: { summary: string } } | undefined)?.meeting;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(onPostgres ? describe : describe.skip)("two gateway instances over one PostgreSQL database and one Redis", () => {
  let a: Instance;
  let b: Instance;
  let editor: string;

  const setSummaryOnA = async (summary: string) => {
    const answer = await post(
      a,
      {
        query: `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { summary } } }`,
        variables: { input: { id: MEETING_ID, summary } },
      },
      { token: editor },
    );
    expect(dataOf(answer.body)).toEqual({ updateMeeting: { meeting: { summary } } });
  };

  beforeAll(async () => {
    await asPostgresAdmin((admin) => admin.query(`CREATE DATABASE "${DATABASE}"`));
    // One after the other: the first migrates and seeds the empty database, the second finds it ready.
    a = await startInstance("A");
    b = await startInstance("B");
    const issued = await promisify(execFile)(
      process.execPath,
      ["dist/src/app/cli/token.js", "--role", "editor", "--name", "Multi-instance test"],
      { cwd: ROOT, env: instanceEnv() },
    );
    editor = issued.stdout.trim();
  }, 60_000);

  afterAll(async () => {
    for (const instance of [a, b]) instance?.child.kill("SIGKILL");
    await asPostgresAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`));
    const redis = inspectorClient(REDIS_URL);
    try {
      await redis.connect();
      const keys = await redis.keys(`${PREFIX}*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }, 30_000);

  it("both serve the directory, and both are ready with Redis up", async () => {
    expect(a.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["empty directory seeded", "Redis connected"]));
    expect(b.lines.map((l) => l.msg)).not.toContain("empty directory seeded");
    for (const instance of [a, b]) {
      const ready = await fetch(new URL("/readyz", instance.url));
      expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", redis: "up" }]);
    }
  });

  it("answers through B what a mutation through A changed, although B had cached the old answer", async () => {
    const first = await post(b, { query: SUMMARY });
    const cached = await post(b, { query: SUMMARY });
    expect([first.cache, cached.cache]).toEqual(["MISS", "HIT"]);
    expect(summaryOf(cached)).toEqual(summaryOf(first));

    await setSummaryOnA("Changed through instance A");
    // Right after A acknowledged the mutation: no waiting, no stale answer.
    const after = await post(b, { query: SUMMARY });
    expect([after.cache, summaryOf(after)]).toEqual(["MISS", { summary: "Changed through instance A" }]);
    expect(summaryOf(await post(a, { query: SUMMARY }))).toEqual({ summary: "Changed through instance A" });
  });

  it("delivers to a subscriber on B the event of a mutation made on A", async () => {
    const subscriber = new DirectorySubscriber(b.url);
    try {
      await pause(300); // graphql-ws does not acknowledge subscriptions: let B register it.
      await setSummaryOnA("Announced to instance B");
      const [change] = await subscriber.atLeast(1);
      expect(change).toEqual({
        operation: "updateMeeting",
        regionCodes: ["AMERICAS_CARIBBEAN"],
        allRegions: false,
        entities: [{ typename: "Meeting", id: MEETING_ID, change: "UPDATED" }],
      });
    } finally {
      await subscriber.dispose();
    }
  });

  it("shares one rate budget: spent on A, B refuses the same client", async () => {
    const client = "10.99.0.1";
    // Another client sends the document first, so that its first parse is not charged to this one.
    await post(a, { query: "{ regions { code } }" }, { client: "10.99.0.2" });
    const onA: number[] = [];
    for (let i = 0; i < RATE_POINTS; i++)
      onA.push((await post(a, { query: "{ regions { code } }" }, { client })).status);
    expect(onA).toEqual(Array(RATE_POINTS).fill(200));

    const refused = await post(b, { query: "{ regions { code } }" }, { client });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Another client still has its budget on B.
    expect((await post(b, { query: "{ regions { code } }" }, { client: "10.99.0.2" })).status).toBe(200);
  });

  it("knows on B an automatic persisted query registered on A", async () => {
    const document = `{ themes { nodes { year title } } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(document).digest("hex") };
    const unknown = await post(b, { extensions: { persistedQuery } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");

    const registered = await post(a, { query: document, extensions: { persistedQuery } });
    expect(registered.status).toBe(200);
    // Apollo stores a registration without awaiting it: give it a moment to reach Redis.
    let byHash = await post(b, { extensions: { persistedQuery } });
    for (let i = 0; i < 20 && byHash.body.errors; i++) {
      await pause(50);
      byHash = await post(b, { extensions: { persistedQuery } });
    }
    expect(byHash.body).toEqual({
      data: registered.body.data,
      extensions: expect.objectContaining({ cost: expect.any(Object) }),
    });
  });

  it("both stop cleanly on SIGTERM, closing their Redis connections", async () => {
    for (const instance of [a, b]) instance.child.kill("SIGTERM");
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    for (const instance of [a, b]) {
      expect(instance.lines.filter((l) => l.level === 40 || l.level === 50 || l.level === 60)).toEqual([]);
    }
  });
});
