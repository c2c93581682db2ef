import "reflect-metadata";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { GraphQLObjectType } from "graphql";
import { GraphQLError, buildSchema, execute, parse, validate, specifiedRules } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { Redis } from "ioredis";
import type sqlite3 from "sqlite3";
import type { DataSource } from "typeorm";
import type { SqliteDriver } from "typeorm/driver/sqlite/SqliteDriver";
import { Histogram, Registry } from "prom-client";
import { runCors } from "../src/platform/adapters/cors-node-http";
import { DepthLimitError, armorRules } from "../src/platform/adapters/graphql-armor";
import { asGraphQLJsError } from "../src/platform/adapters/graphql-jit-errors";
import { PUB_SUB_COMMANDS, withCaughtPubSub } from "../src/platform/adapters/ioredis-pub-sub";
import { FastHistogram } from "../src/platform/adapters/prom-client-histogram";
import { readRows, reusePreparedStatements } from "../src/platform/adapters/sqlite-statements";
import { callPlainFieldResolversDirectly } from "../src/platform/adapters/type-graphql-field-resolvers";
import { loadConfig } from "../src/config";
import { createDataSource, migrate } from "../src/platform/db/data-source";
import { corsPolicy } from "../src/platform/http/security";
import { Meeting } from "../src/modules/meeting/meeting.entity";
import { createSchema } from "../src/app/schema";

/*
 * Each adaptation of a third-party library (src/platform/adapters/) against the library as installed: these tests fail
 * when an upgrade changes what an adaptation relies on.
 */

describe("node-sqlite3 prepared statements (src/platform/adapters/sqlite-statements.ts)", () => {
  let dir: string;
  let dataSource: DataSource;
  let prepares: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceg-adapters-"));
    dataSource = createDataSource({ engine: "sqlite", url: path.join(dir, "db.sqlite") });
    await dataSource.initialize();
    await migrate(dataSource);
    await dataSource.query(
      `INSERT INTO region (code, name, version) VALUES ('EUROPE', 'Europe', 1), ('MENA', 'MENA', 1)`,
    );
    reusePreparedStatements(dataSource);
    const database = (dataSource.driver as SqliteDriver).databaseConnection as sqlite3.Database;
    const prepare = database.prepare.bind(database);
    prepares = 0;
    database.prepare = ((...args: Parameters<sqlite3.Database["prepare"]>) => {
      prepares += 1;
      return prepare(...args);
    }) as sqlite3.Database["prepare"];
  });
  afterAll(async () => {
    // Closing fails with SQLITE_BUSY unless every kept statement is finalized first.
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prepares a statement once, for direct reads and for TypeORM's query builders alike", async () => {
    const before = prepares;
    for (let i = 0; i < 3; i++) {
      expect(await readRows(dataSource, `SELECT code FROM region WHERE code = ?`, ["EUROPE"])).toEqual([
        { code: "EUROPE" },
      ]);
      const built = await dataSource
        .createQueryBuilder()
        .select("r.name", "name")
        .from("region", "r")
        .where("r.code = :code", { code: "MENA" })
        .getRawMany();
      expect(built).toEqual([{ name: "MENA" }]);
    }
    expect(prepares - before).toBe(2);
  });

  it("answers a statement that cannot be prepared with its error instead of never", async () => {
    await expect(readRows(dataSource, `SELECT * FROM no_such_table`, [])).rejects.toThrow(/no such table/);
    await expect(dataSource.query(`SELECT * FROM no_such_table`)).rejects.toThrow(/no such table/);
  });

  it("drops a kept statement whose table went away, and prepares it again when the table is back", async () => {
    await dataSource.query(`CREATE TABLE scratch (x INTEGER)`);
    await dataSource.query(`INSERT INTO scratch VALUES (1)`);
    expect(await readRows(dataSource, `SELECT x FROM scratch`, [])).toEqual([{ x: 1 }]);
    await dataSource.query(`DROP TABLE scratch`);
    await expect(readRows(dataSource, `SELECT x FROM scratch`, [])).rejects.toThrow(/no such table/);
    await dataSource.query(`CREATE TABLE scratch (x INTEGER)`);
    await dataSource.query(`INSERT INTO scratch VALUES (2)`);
    expect(await readRows(dataSource, `SELECT x FROM scratch`, [])).toEqual([{ x: 2 }]);
  });
});

describe("type-graphql field resolvers called directly (src/platform/adapters/type-graphql-field-resolvers.ts)", () => {
  it("takes over plain field resolvers, passing root and context to the method, and leaves the others", async () => {
    const schema = await createSchema();
    const calls: unknown[][] = [];
    const instance = new Proxy(
      {},
      {
        get:
          (_target, method) =>
          (...params: unknown[]) => {
            calls.push([method, ...params]);
            return `${String(method)} answered`;
          },
      },
    );
    const replaced = callPlainFieldResolversDirectly(schema, () => instance);
    // Relations read through loaders, and the connections' own methods.
    expect(replaced).toEqual(
      expect.arrayContaining(["Meeting.host", "Meeting.agenda", "AgendaItem.speakers", "MeetingConnection.nodes"]),
    );
    // Scalar arguments are passed through as type-graphql would pass them.
    expect(replaced).toContain("Query.meeting");
    // Resolvers with input objects or arguments classes keep type-graphql's wrapper: their arguments are converted
    // and validated; so do those with roles (every mutation).
    expect(replaced).not.toContain("Region.meetings");
    expect(replaced).not.toContain("Member.hostedMeetings");
    expect(replaced).not.toContain("Query.meetings");
    expect(replaced.filter((name) => name.startsWith("Mutation."))).toEqual([]);

    const meetingType = schema.getType("Meeting") as GraphQLObjectType;
    const root = new Meeting();
    const context = { requestId: "r" };
    const resolve = meetingType.getFields().host!.resolve!;
    expect(resolve(root, {}, context, undefined as never)).toBe("host answered");
    expect(calls).toEqual([["host", root, context]]);

    const meeting = schema.getQueryType()!.getFields().meeting!.resolve!;
    expect(meeting(undefined, { slug: "a-slug" }, context, undefined as never)).toBe("meeting answered");
    expect(calls[1]).toEqual(["meeting", "a-slug"]);

    const nodes = (schema.getType("MeetingConnection") as GraphQLObjectType).getFields().nodes!.resolve!;
    expect(nodes({ edges: [{ node: "a" }, { node: "b" }] }, {}, context, undefined as never)).toEqual(["a", "b"]);
  });
});

describe("GraphQL Armor's rules (src/platform/adapters/graphql-armor.ts)", () => {
  it("reports each refusal as a validation error without Armor's 'Syntax Error' wording, under its limit", async () => {
    const schema = await createSchema();
    const refused: string[] = [];
    const rules = [
      ...specifiedRules,
      ...armorRules({ maxDepth: 3, maxAliases: 1, maxDirectives: 1 }, (limit) => refused.push(limit)),
    ];
    const deep = validate(schema, parse(`{ meetings { nodes { host { name } } } }`), rules);
    // Armor's own words ("Query depth limit of 3 exceeded, found 4.") give the depth it found, which ours repeat.
    expect(deep.map((e) => e.message)).toEqual([
      "Query depth 4 exceeds the limit of 3: select fewer levels of nested fields, or split the query.",
    ]);
    expect(deep[0]).toBeInstanceOf(DepthLimitError);
    expect(deep[0]!.extensions).toEqual({ depth: { found: 4, limit: 3 } });
    const aliased = validate(schema, parse(`{ a: regions { code } b: regions { code } }`), rules);
    expect(aliased.map((e) => e.message)).toEqual(["Aliases limit of 1 exceeded, found 2."]);
    const directed = validate(schema, parse(`{ regions @include(if: true) @skip(if: false) { code } }`), rules);
    expect(directed.map((e) => e.message)).toEqual(["Directives limit of 1 exceeded, found 2."]);
    expect(refused).toEqual(["depth", "aliases", "directives"]);
    expect(validate(schema, parse(`{ regions { code } }`), rules)).toEqual([]);
  });
});

describe("FastHistogram in prom-client's registry (src/platform/adapters/prom-client-histogram.ts)", () => {
  it("exposes exactly what a prom-client Histogram with the same buckets and observations exposes", async () => {
    const buckets = [0.001, 0.01, 0.1, 1];
    const observations = [0.0005, 0.001, 0.004, 0.05, 0.2, 3, 0.01];
    const fastRegistry = new Registry();
    const fast = new FastHistogram("statement_seconds", "Duration of each statement.", buckets, fastRegistry);
    const referenceRegistry = new Registry();
    const reference = new Histogram({
      name: "statement_seconds",
      help: "Duration of each statement.",
      buckets,
      registers: [referenceRegistry],
    });
    // Before any observation both expose a zero series.
    expect(await fastRegistry.metrics()).toBe(await referenceRegistry.metrics());
    for (const value of observations) {
      fast.observe(value);
      reference.observe(value);
    }
    const exposition = await fastRegistry.metrics();
    expect(exposition).toBe(await referenceRegistry.metrics());
    expect(exposition).toContain('statement_seconds_bucket{le="0.01"} 4');
    expect(await fastRegistry.getMetricsAsJSON()).toEqual(await referenceRegistry.getMetricsAsJSON());
  });
});

describe("ioredis clients for @graphql-yoga/redis-event-target (src/platform/adapters/ioredis-pub-sub.ts)", () => {
  it("hands the failures of the commands the library does not await to onError, none unhandled", async () => {
    // Clients closed before they ever connect: every command fails at once, as during an outage.
    const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 } as const;
    const publisher = new Redis(options);
    const subscriber = new Redis(options);
    publisher.disconnect();
    subscriber.disconnect();
    // ioredis answers commands with native promises: what the adapter catches.
    const probe = publisher.publish("probe", "x");
    expect(probe).toBeInstanceOf(Promise);
    await expect(probe).rejects.toThrow();
    /** What the library calls on the clients, and whether each call answered a promise. */
    const calls: [string, boolean][] = [];
    const recording = (client: Redis) =>
      new Proxy(client, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]): unknown => {
            // On the client itself, so that its own internal calls (sendCommand…) are not recorded.
            const result: unknown = Reflect.apply(value, target, args);
            calls.push([String(property), result instanceof Promise]);
            return result;
          };
        },
      });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const errors: unknown[] = [];
    try {
      const target = createRedisEventTarget<CustomEvent>({
        publishClient: withCaughtPubSub(recording(publisher), (error) => errors.push(error)),
        subscribeClient: withCaughtPubSub(recording(subscriber), (error) => errors.push(error)),
      });
      const listener = () => undefined;
      target.addEventListener("topic", listener);
      target.dispatchEvent(new CustomEvent("topic", { detail: { a: 1 } }));
      target.removeEventListener("topic", listener);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 10));
      // Its `message` listener reached the real client through the Proxy.
      expect(subscriber.listenerCount("message")).toBe(1);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(calls.map(([command]) => command)).toEqual(["on", "subscribe", "publish", "unsubscribe"]);
    // Every call that answered a promise is one the adapter catches.
    expect(calls.filter(([, promise]) => promise).every(([command]) => PUB_SUB_COMMANDS.has(command))).toBe(true);
    expect(errors).toHaveLength(3);
    expect(unhandled).toEqual([]);
  });
});

describe("the cors middleware on node:http (src/platform/adapters/cors-node-http.ts)", () => {
  const ALLOWED = "https://allowed.example";
  let server: http.Server;
  let url: string;
  /** What runCors resolved for each request, in order. */
  let outcomes: Promise<boolean>[];

  beforeAll(async () => {
    const cors = corsPolicy(loadConfig({ CORS_ORIGINS: ALLOWED }).http);
    server = http.createServer((req, res) => {
      const outcome = runCors(cors, req, res);
      outcomes.push(outcome);
      void outcome.then((proceed) => {
        if (proceed) res.writeHead(200, { "x-went-on": "yes" }).end("on");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(() => {
    outcomes = [];
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers a preflight from an allowed origin itself, and lets the request go no further", async () => {
    const response = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST,OPTIONS");
    expect(response.headers.get("x-went-on")).toBeNull();
    expect(await Promise.all(outcomes)).toEqual([false]);
  });

  it("lets a request from an allowed origin go on with its CORS headers set", async () => {
    const response = await fetch(url, { method: "POST", headers: { origin: ALLOWED }, body: "{}" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-went-on")).toBe("yes");
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-expose-headers")).toBe("x-request-id,retry-after");
    expect(await Promise.all(outcomes)).toEqual([true]);
  });

  it("lets requests from other origins go on without CORS headers, preflights included", async () => {
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("x-went-on")).toBe("yes");
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(await Promise.all(outcomes)).toEqual([true]);
  });
});

describe("graphql-jit's errors as graphql-js's (src/platform/adapters/graphql-jit-errors.ts)", () => {
  it("turns each error graphql-jit reports into exactly the one graphql-js reports", async () => {
    const plain = new Error("plain failure");
    const coded = new GraphQLError("coded failure", { extensions: { code: "NOT_FOUND" } });
    const schema = buildSchema(`type Query { plain: String, coded: String, list: [Item] } type Item { bad: String! }`);
    const fields = schema.getQueryType()!.getFields();
    fields.plain!.resolve = () => {
      throw plain;
    };
    fields.coded!.resolve = () => {
      throw coded;
    };
    fields.list!.resolve = () => [{ bad: null }];
    const document = parse(`{ plain coded list { bad } }`);
    const compiled = compileQuery(schema, document, undefined, { disablingCapturingStackErrors: true });
    if (!isCompiledQuery(compiled)) throw new Error("not compiled");
    const jit = await compiled.query(undefined, {}, {});
    const reference = await execute({ schema, document });
    // What the adapter is for: graphql-jit leaves `extensions` undefined where graphql-js sets an object.
    expect(jit.errors!.map((error) => error.extensions)).toEqual([undefined, { code: "NOT_FOUND" }, undefined]);
    const adapted = jit.errors!.map(asGraphQLJsError);
    const shape = (error: GraphQLError) => ({
      json: error.toJSON(),
      extensions: error.extensions,
      isGraphQLError: error instanceof GraphQLError,
    });
    expect(adapted.map(shape)).toEqual(reference.errors!.map(shape));
    // A resolver's error stays the original error, as with graphql-js (the response formatter logs it). A null
    // in a non-null field has none with graphql-jit (graphql-js makes one up): only the log line differs.
    expect(adapted.map((error) => error.originalError)).toEqual([plain, coded, undefined]);
    expect(reference.errors!.map((error) => error.originalError)).toEqual([plain, coded, expect.any(Error)]);
    expect(jit.data).toEqual(reference.data);
  });
});
