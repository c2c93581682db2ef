import type { DataSource, EntityMetadata, ObjectLiteral } from "typeorm";
import { TrackedNode } from "../src/platform/db/entity-columns";
import type { ConnectionResult } from "../src/platform/db/pagination";
import { EntityReader, readerOf } from "../src/platform/db/entity-reader";
import { Meeting } from "../src/modules/meeting/meeting.entity";
import { MeetingService } from "../src/modules/meeting/meeting.service";
import { onPostgres } from "./helpers/database";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

/*
 * Every entity a resolver sees is read by src/platform/db/entity-reader.ts — by the per-request loaders, the point
 * lookups, list pages and nested connections alike — and has one shape: its class's prototype, an own
 * property per column, timestamps as `Date`, whatever the document asks for. Every timestamp must come out
 * the same whichever path read it, and the same as TypeORM reads it, on each engine.
 */

const THROUGH_LOADERS = /* GraphQL */ `
  query ThroughLoaders($slug: String!) {
    meeting(slug: $slug) {
      slug
      createdAt
      updatedAt
      host {
        isoCode
        createdAt
        updatedAt
        region {
          code
          createdAt
          updatedAt
        }
      }
      region {
        code
        createdAt
        updatedAt
      }
      theme {
        year
        createdAt
        updatedAt
      }
      agenda {
        createdAt
        updatedAt
        meeting {
          slug
          createdAt
          updatedAt
        }
        speakers {
          slug
          createdAt
          updatedAt
          appointments {
            createdAt
            updatedAt
          }
        }
      }
      participants {
        createdAt
        updatedAt
        person {
          slug
          createdAt
          updatedAt
        }
      }
      sources {
        createdAt
        publishedOn
      }
    }
  }
`;

const THROUGH_ROOT_LISTS = /* GraphQL */ `
  query ThroughRootLists {
    meetings(first: 100) {
      nodes {
        slug
        createdAt
        updatedAt
      }
    }
    regions {
      code
      createdAt
      updatedAt
    }
    people(first: 100) {
      nodes {
        slug
        createdAt
        updatedAt
      }
    }
  }
`;

interface Stamped {
  createdAt: string;
  updatedAt: string;
}

/** Every value of a `createdAt`/`updatedAt`/`publishedOn` key anywhere in the response. */
function timestamps(value: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((item) => timestamps(item, found));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "createdAt" || key === "updatedAt" || key === "publishedOn") found.push(inner);
      else timestamps(inner, found);
    }
  }
  return found;
}

describe("timestamps of entities read through the loaders", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it("are answered for every type a loader reads, as ISO instants", async () => {
    const data = dataOf(await t.query<{ meeting: unknown }>(THROUGH_LOADERS, { slug: SEEDED }));
    const values = timestamps(data);
    // meeting, host, host's region, region, theme, agenda items, their meeting and speakers, appointments,
    // participations and their people, sources: well over twenty in the seeded meeting.
    expect(values.length).toBeGreaterThan(20);
    for (const value of values) {
      expect(value).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d{3})?Z)?$/));
    }
  });

  it("equal the same entities' timestamps read through root lists", async () => {
    type Loaded = Stamped & {
      slug: string;
      region: Stamped & { code: string };
      agenda: { meeting: Stamped & { slug: string }; speakers: (Stamped & { slug: string })[] }[];
    };
    const loaded = dataOf(await t.query<{ meeting: Loaded }>(THROUGH_LOADERS, { slug: SEEDED })).meeting;
    const roots = dataOf(
      await t.query<{
        meetings: { nodes: (Stamped & { slug: string })[] };
        regions: (Stamped & { code: string })[];
        people: { nodes: (Stamped & { slug: string })[] };
      }>(THROUGH_ROOT_LISTS),
    );
    const stamps = (s: Stamped) => ({ createdAt: s.createdAt, updatedAt: s.updatedAt });
    const listed = roots.meetings.nodes.find((m) => m.slug === SEEDED)!;
    expect(stamps(loaded)).toEqual(stamps(listed));
    expect(loaded.agenda.length).toBeGreaterThan(0);
    for (const item of loaded.agenda) {
      expect(stamps(item.meeting)).toEqual(stamps(listed));
      for (const speaker of item.speakers) {
        expect(stamps(speaker)).toEqual(stamps(roots.people.nodes.find((p) => p.slug === speaker.slug)!));
      }
    }
    expect(stamps(loaded.region)).toEqual(stamps(roots.regions.find((r) => r.code === loaded.region.code)!));
  });
});

/** An entity's own property `name` as a data property (not a getter), or undefined. */
const ownValue = (entity: object, name: string): unknown => Object.getOwnPropertyDescriptor(entity, name)?.value;

/** Every entity of a type, in primary key order: read by the entity reader, and by TypeORM's repository. */
async function bothReads(dataSource: DataSource, metadata: EntityMetadata) {
  const primary = metadata.primaryColumns;
  const reader = readerOf<ObjectLiteral>(dataSource, metadata.target);
  const read = await reader.all(primary.map((column) => `"t".${dataSource.driver.escape(column.databaseName)}`).join());
  const typeorm = await dataSource
    .getRepository<ObjectLiteral>(metadata.target)
    .find({ order: Object.fromEntries(primary.map((column) => [column.propertyName, "ASC" as const])) });
  return { read, typeorm };
}

describe("one read path", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());
  afterEach(() => jest.restoreAllMocks());

  // No field of this document is named createdAt or updatedAt: what resolvers get must not depend on that.
  const WITHOUT_TIMESTAMPS = /* GraphQL */ `
    query Shapes($slug: String!) {
      meeting(slug: $slug) {
        slug
        host {
          name
          region {
            code
          }
        }
        theme {
          year
        }
        agenda {
          title
          speakers {
            name
            appointments {
              title
            }
          }
        }
        participants {
          person {
            name
          }
        }
        sources {
          title
          meetings {
            slug
          }
        }
      }
      meetings(first: 5) {
        nodes {
          slug
        }
      }
      region(code: "AMERICAS_CARIBBEAN") {
        meetings(first: 5) {
          nodes {
            slug
          }
        }
        members(first: 5) {
          nodes {
            name
          }
        }
      }
    }
  `;

  it("gives a meeting the same shape from a lookup, a page and a nested connection, timestamps included", async () => {
    const lookups = jest.spyOn(MeetingService.prototype, "findBySlug");
    const pages = jest.spyOn(MeetingService.prototype, "list");
    const nested = jest.spyOn(MeetingService.prototype, "listForParents");
    dataOf(await t.query(WITHOUT_TIMESTAMPS, { slug: SEEDED }));

    const fromLookup = (await lookups.mock.results[0]!.value) as Meeting | null;
    const page = (await pages.mock.results[0]!.value) as ConnectionResult<Meeting>;
    const [regionPage] = (await nested.mock.results[0]!.value) as ConnectionResult<Meeting>[];
    const fromPage = page.edges.map((edge) => edge.node).find((meeting) => meeting.slug === SEEDED);
    const fromNested = regionPage!.edges.map((edge) => edge.node).find((meeting) => meeting.slug === SEEDED);
    const fromTypeOrm = await t.gateway.dataSource.getRepository(Meeting).findOneByOrFail({ slug: SEEDED });

    for (const meeting of [fromLookup, fromPage, fromNested]) {
      expect(meeting).toBeDefined();
      expect(Object.getPrototypeOf(meeting)).toBe(Meeting.prototype);
      expect(Reflect.ownKeys(meeting!)).toEqual(Reflect.ownKeys(fromTypeOrm));
      // Own data properties holding dates, read without a getter: nothing is left to convert (or to throw).
      expect(ownValue(meeting!, "createdAt")).toEqual(fromTypeOrm.createdAt);
      expect(ownValue(meeting!, "updatedAt")).toEqual(fromTypeOrm.updatedAt);
      expect(meeting).toStrictEqual(fromTypeOrm);
    }
  });

  it("reads every timestamp of every entity a loader or field resolver hands out, whatever the document names", async () => {
    const hydrated = jest.spyOn(EntityReader.prototype, "hydrate");
    // A variable the document does not declare: GraphQL ignores it, the response cache does not.
    dataOf(await t.query(WITHOUT_TIMESTAMPS, { slug: SEEDED, uncached: "hydrate" }));
    const entities = hydrated.mock.results.map((result) => result.value as object);
    const tracked = entities.filter((entity) => entity instanceof TrackedNode);
    // The meeting, its host and region, theme, agenda items, speakers and their appointments, participations
    // and their people, sources, and the meetings and Members of the pages.
    expect(tracked.length).toBeGreaterThan(20);
    for (const entity of entities) {
      expect(Object.getPrototypeOf(entity)).toBe(entity.constructor.prototype);
      expect(Object.getOwnPropertySymbols(entity)).toEqual([]);
    }
    for (const entity of tracked) {
      expect(ownValue(entity, "createdAt")).toBeInstanceOf(Date);
      expect(ownValue(entity, "updatedAt")).toBeInstanceOf(Date);
      expect(Number.isNaN((entity as TrackedNode).createdAt.getTime())).toBe(false);
    }
  });

  it("reads every entity exactly as TypeORM does: timestamps to the millisecond and before 1970, text JSON escapes", async () => {
    const dataSource = t.gateway.dataSource;
    const editor = { authorization: `Bearer ${await t.createToken("editor", "shape check")}` };
    // The seeded directory has no venue (the article names none): one is created, so that venues are compared too.
    dataOf(
      await t.query(
        `mutation { createVenue(input: { slug: "wco-headquarters", name: "WCO Headquarters", timezone: "Europe/Brussels" }) { venue { id } } }`,
        undefined,
        editor,
      ),
    );
    // Nor a translation (the article states every name in one language): one is added, for translations too.
    const region = dataOf(await t.query<{ region: { id: string } }>(`{ region(code: "EUROPE") { id } }`)).region;
    dataOf(
      await t.query(
        `mutation($id: ID!) { setTranslation(input: { id: $id, field: "name", language: FR, text: "Europe \\"é\\"" }) { translation { id } } }`,
        { id: region.id },
        editor,
      ),
    );
    // Instants as TypeORM writes them on SQLite (milliseconds), and as PostgreSQL keeps them (microseconds, which
    // a Date truncates), one of them before the epoch, where rounding and truncation part ways.
    const [early, late] = onPostgres
      ? ["1969-12-31 23:59:59.9995", "2021-04-22 10:00:00.123999"]
      : ["1969-12-31 23:59:59.999", "2021-04-22 10:00:00.123"];
    // And text that JSON escapes, as SQLite rows are read as JSON arrays (src/platform/db/entity-reader.ts).
    const name = `Ñandú "Q" \\ 🛃 \u2028 \u00e9\u0301 </script> \\u0041`;
    const [p1, p2, p3] = onPostgres ? ["$1", "$2", "$3"] : ["?", "?", "?"];
    await dataSource.query(
      `UPDATE "person" SET "created_at" = ${p1}, "updated_at" = ${p2}, "name" = ${p3} WHERE "id" = (SELECT MIN("id") FROM "person")`,
      [early, late, name],
    );
    const unread: string[] = [];
    for (const metadata of dataSource.entityMetadatas) {
      const { read, typeorm } = await bothReads(dataSource, metadata);
      expect({ entity: metadata.name, rows: read.length }).toEqual({ entity: metadata.name, rows: typeorm.length });
      read.forEach((entity, i) => {
        expect(Object.getPrototypeOf(entity)).toBe(Object.getPrototypeOf(typeorm[i]));
        expect(Reflect.ownKeys(entity)).toEqual(Reflect.ownKeys(typeorm[i]!));
      });
      expect(read).toStrictEqual(typeorm);
      if (!read.length) unread.push(metadata.name);
    }
    // Every entity had rows to compare: the seeded directory, the venue, the translation, the token and the audit trail.
    expect(unread).toEqual([]);
    const [person] = await readerOf(dataSource, "Person").all(`"t"."id"`);
    expect((person!.createdAt as Date).toISOString()).toBe("1969-12-31T23:59:59.999Z");
    expect((person!.updatedAt as Date).toISOString()).toBe("2021-04-22T10:00:00.123Z");
    expect(person!.name).toBe(name);
  });
});

describe("reads that do not depend on the document's text", () => {
  let t: TestGateway;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ logSql: true }, { logLines, logLevel: "debug" });
  });
  afterAll(() => t.stop());

  /** The SQL the gateway ran for one request. */
  const sqlOf = async (query: string, variables: Record<string, unknown> = {}) => {
    const from = logLines.length;
    const data = dataOf(await t.query(query, variables));
    const sql = logLines
      .slice(from)
      .filter((line) => line.msg === "sql")
      .map((line) => String(line.sql));
    return { data, sql };
  };

  it("runs the same statements whether or not a field is named createdAt or updatedAt", async () => {
    const plain = await sqlOf(
      `query($slug: String!) { meeting(slug: $slug) { host { name } region { name } agenda { title speakers { name } } } }`,
      { slug: SEEDED },
    );
    const stamped = await sqlOf(
      `query($slug: String!) { meeting(slug: $slug) { host { name } region { name } agenda { title speakers { ...Stamps } } } }
       fragment Stamps on Person { name updatedAt }`,
      { slug: SEEDED },
    );
    expect(plain.sql.length).toBeGreaterThanOrEqual(4);
    expect(stamped.sql).toEqual(plain.sql);
    for (const statement of plain.sql) expect(statement).toMatch(/created_at/);
    const speakers = (
      stamped.data as { meeting: { agenda: { speakers: { updatedAt: string }[] }[] } }
    ).meeting.agenda.flatMap((item) => item.speakers);
    expect(speakers.length).toBeGreaterThan(0);
    for (const speaker of speakers) expect(speaker.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
