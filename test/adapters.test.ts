import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GraphQLObjectType } from "graphql";
import { parse, validate, specifiedRules } from "graphql";
import type sqlite3 from "sqlite3";
import type { DataSource } from "typeorm";
import type { SqliteDriver } from "typeorm/driver/sqlite/SqliteDriver";
import { Histogram, Registry } from "prom-client";
import { DepthLimitError, armorRules } from "../src/adapters/graphql-armor";
import { FastHistogram } from "../src/adapters/prom-client-histogram";
import { readRows, reusePreparedStatements } from "../src/adapters/sqlite-statements";
import { callPlainFieldResolversDirectly } from "../src/adapters/type-graphql-field-resolvers";
import { createDataSource, migrate } from "../src/db/data-source";
import { Meeting } from "../src/modules/meeting/meeting.entity";
import { createSchema } from "../src/schema";

/*
 * Each adaptation of a third-party library (src/adapters/) against the library as installed: these tests fail
 * when an upgrade changes what an adaptation relies on.
 */

describe("node-sqlite3 prepared statements (src/adapters/sqlite-statements.ts)", () => {
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

describe("type-graphql field resolvers called directly (src/adapters/type-graphql-field-resolvers.ts)", () => {
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

describe("GraphQL Armor's rules (src/adapters/graphql-armor.ts)", () => {
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

describe("FastHistogram in prom-client's registry (src/adapters/prom-client-histogram.ts)", () => {
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
