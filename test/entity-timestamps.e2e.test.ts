import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

/*
 * Entities reach a response two ways: root lists and connections read them through TypeORM, the per-request
 * loaders (and the point lookups) through the hand-written reader in src/db/entity-reader.ts, which
 * converts timestamps on first read. Every timestamp must come out the same either way, on each engine.
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

describe("reads narrowed to what the operation asks for", () => {
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
  const loaderReads = (sql: string[]) => sql.filter((s) => /FROM "(agenda_item|person|member|region)" "t"/.test(s));

  it("leaves the timestamp columns out of the loaders' reads when no field asks for them", async () => {
    const { sql } = await sqlOf(
      `query($slug: String!) { meeting(slug: $slug) { host { name } region { name } agenda { title speakers { name } } } }`,
      { slug: SEEDED },
    );
    expect(loaderReads(sql).length).toBeGreaterThanOrEqual(3);
    for (const statement of loaderReads(sql)) expect(statement).not.toMatch(/created_at|updated_at/);
  });

  it("reads them when any field of the document asks, a fragment's included", async () => {
    const { data, sql } = await sqlOf(
      `query($slug: String!) { meeting(slug: $slug) { agenda { title speakers { ...Stamps } } } }
       fragment Stamps on Person { name updatedAt }`,
      { slug: SEEDED },
    );
    const speakers = (data as { meeting: { agenda: { speakers: { updatedAt: string }[] }[] } }).meeting.agenda.flatMap(
      (item) => item.speakers,
    );
    expect(speakers.length).toBeGreaterThan(0);
    for (const speaker of speakers) expect(speaker.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(loaderReads(sql).some((statement) => /updated_at/.test(statement))).toBe(true);
  });
});
