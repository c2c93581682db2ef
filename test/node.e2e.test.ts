import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/** One id of every Node type, all reachable from the seeded meeting (but venues: the article names none). */
const IDS = /* GraphQL */ `
  {
    meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") {
      id
      __typename
      region {
        id
        __typename
      }
      host {
        id
        __typename
      }
      convener {
        id
        __typename
        appointments {
          id
          __typename
          institution {
            ... on Member {
              id
              __typename
            }
          }
        }
      }
      theme {
        id
        __typename
        pillars {
          id
          __typename
        }
      }
      agenda {
        id
        __typename
        topics {
          id
          __typename
        }
      }
      participants {
        id
        __typename
      }
      sources {
        id
        __typename
      }
      series {
        id
        __typename
      }
    }
    organisation(slug: "wco-secretariat") {
      id
      __typename
    }
  }
`;

interface Ref {
  id: string;
  __typename: string;
}

describe("global ids and node(id:)", () => {
  let t: TestGateway;
  let refs: Ref[];
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = { authorization: `Bearer ${await t.createToken("admin")}` };
    const data = dataOf(await t.query<{ meeting: Record<string, unknown>; organisation: Ref }>(IDS, undefined, admin));
    const collect = (value: unknown): Ref[] => {
      if (Array.isArray(value)) return value.flatMap(collect);
      if (value === null || typeof value !== "object") return [];
      const { id, __typename } = value as Partial<Ref>;
      const own = id && __typename ? [{ id, __typename }] : [];
      return [...own, ...Object.values(value).flatMap(collect)];
    };
    // Admin-only nodes: the token itself, and the audit entry its creation left.
    const adminData = dataOf(
      await t.query(
        `{ apiTokens { id __typename } auditEntries(first: 1) { nodes { id __typename } } }`,
        undefined,
        admin,
      ),
    );
    // The seeded directory has no venue: one is created.
    const venue = dataOf(
      await t.query(
        `mutation { createVenue(input: { slug: "wco-headquarters", name: "WCO Headquarters", countryCode: "BE" }) { venue { id __typename } } }`,
        undefined,
        admin,
      ),
    );
    // Nor a translation (the article states every name in one language): one is added.
    const translation = dataOf(
      await t.query(
        `mutation($id: ID!) { setTranslation(input: { id: $id, field: "name", language: ES, text: "Europa" }) { translation { id __typename } } }`,
        { id: dataOf(await t.query<{ region: { id: string } }>(`{ region(code: "EUROPE") { id } }`)).region.id },
        admin,
      ),
    );
    refs = [...collect(data), ...collect(adminData), ...collect(venue), ...collect(translation)];
  });
  afterAll(() => t.stop());

  it("covers every type that implements Node", async () => {
    const { __type } = dataOf(
      await t.query<{ __type: { possibleTypes: { name: string }[] } }>(
        `{ __type(name: "Node") { possibleTypes { name } } }`,
      ),
    );
    const nodeTypes = __type.possibleTypes.map((type) => type.name).sort();
    expect([...new Set(refs.map((r) => r.__typename))].sort()).toEqual(nodeTypes);
    expect(nodeTypes).toEqual(expect.arrayContaining(["ApiToken", "AuditEntry"]));
  });

  it("round-trips every id through node(id:) to the same object", async () => {
    for (const ref of refs) {
      const { node } = dataOf(
        await t.query<{ node: Ref }>(`query($id: ID!) { node(id: $id) { id __typename } }`, { id: ref.id }, admin),
      );
      expect(node).toEqual(ref);
    }
  });

  it("hands tokens and audit entries to admins only", async () => {
    const adminOnly = refs.filter((r) => ["ApiToken", "AuditEntry"].includes(r.__typename));
    expect(adminOnly).toHaveLength(2);
    for (const ref of adminOnly) {
      const { node } = dataOf(
        await t.query<{ node: Ref | null }>(`query($id: ID!) { node(id: $id) { id } }`, { id: ref.id }),
      );
      expect(node).toBeNull();
    }
  });

  it("resolves many ids at once with nodes(ids:), keeping order and nulls", async () => {
    const ids = [refs[0]!.id, "bm9wZQ", refs[1]!.id];
    const { nodes } = dataOf(
      await t.query<{ nodes: (Ref | null)[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`, { ids }),
    );
    expect(nodes).toEqual([refs[0], null, refs[1]]);
  });

  it("answers null for unknown, foreign and malformed ids", async () => {
    const unknown = Buffer.from("Meeting:999999").toString("base64url");
    const foreignType = Buffer.from("Spaceship:1").toString("base64url");
    for (const id of [unknown, foreignType, "%%%", "", "TWVldGluZzox=="]) {
      const response = await t.query<{ node: null }>(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(dataOf(response)).toEqual({ node: null });
    }
  });

  it("keeps ids opaque and distinct across types", () => {
    expect(new Set(refs.map((r) => r.id)).size).toBe(new Set(refs.map((r) => `${r.__typename}:${r.id}`)).size);
    for (const ref of refs) expect(ref.id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses more than 100 ids in one call", async () => {
    const response = await t.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: Array(101).fill(refs[0]!.id),
    });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
