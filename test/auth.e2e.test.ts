import { createHash } from "node:crypto";
import type { IntrospectionInputTypeRef, IntrospectionQuery, IntrospectionType } from "graphql";
import { getIntrospectionQuery } from "graphql";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { dumpDatabase } from "./helpers/database-dump";

/** A plausible value of an input type, so that a mutation gets past GraphQL validation to the auth check. */
function sampleValue(ref: IntrospectionInputTypeRef, types: Map<string, IntrospectionType>): unknown {
  if (ref.kind === "NON_NULL") return sampleValue(ref.ofType, types);
  if (ref.kind === "LIST") return [];
  const type = types.get(ref.name)!;
  if (type.kind === "ENUM") return type.enumValues[0]!.name;
  if (type.kind === "INPUT_OBJECT") {
    const value: Record<string, unknown> = {};
    for (const field of type.inputFields) {
      if (field.type.kind === "NON_NULL" && field.defaultValue == null)
        value[field.name] = sampleValue(field.type, types);
    }
    return value;
  }
  const scalars: Record<string, unknown> = {
    ID: Buffer.from("Meeting:1").toString("base64url"),
    String: "x",
    Int: 1,
    Boolean: false,
    Date: "2021-04-22",
    CountryCode: "PE",
    TimeZone: "UTC",
    DateTimeISO: "2099-01-01T00:00:00.000Z",
    JSONObject: { regions: [{ code: "EUROPE", name: "Changed" }] },
  };
  if (!(ref.name in scalars)) throw new Error(`no sample value for scalar ${ref.name}`);
  return scalars[ref.name];
}

describe("authentication and roles", () => {
  let t: TestGateway;
  let mutations: { name: string; document: string; variables: Record<string, unknown> }[];

  beforeAll(async () => {
    t = await startTestGateway();
    const schema = dataOf(await t.query<IntrospectionQuery>(getIntrospectionQuery())).__schema;
    const types = new Map(schema.types.map((type) => [type.name, type]));
    const mutationType = types.get(schema.mutationType!.name)!;
    if (mutationType.kind !== "OBJECT") throw new Error("Mutation is not an object type");
    mutations = mutationType.fields.map((field) => {
      const variables: Record<string, unknown> = {};
      const declarations = field.args.map((arg) => {
        variables[arg.name] = sampleValue(arg.type as IntrospectionInputTypeRef, types);
        const typeName = (arg.type.kind === "NON_NULL" ? arg.type.ofType : arg.type) as { name: string };
        return `$${arg.name}: ${typeName.name}${arg.type.kind === "NON_NULL" ? "!" : ""}`;
      });
      const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      return {
        name: field.name,
        document: `mutation ${declarations.length ? `(${declarations.join(", ")})` : ""} { ${field.name}${args ? `(${args})` : ""} { __typename } }`,
        variables,
      };
    });
  });
  afterAll(() => t.stop());

  it("refuses every mutation without a token with UNAUTHENTICATED, and changes nothing", async () => {
    expect(mutations.length).toBeGreaterThanOrEqual(30);
    const before = await dumpDatabase(t.gateway.dataSource);
    for (const mutation of mutations) {
      const response = await t.query(mutation.document, mutation.variables);
      expect({ mutation: mutation.name, code: errorOf(response).extensions?.code }).toEqual({
        mutation: mutation.name,
        code: "UNAUTHENTICATED",
      });
    }
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("refuses every mutation with an unknown token", async () => {
    const headers = { authorization: "Bearer ceg_this-token-was-never-issued" };
    for (const mutation of mutations) {
      const error = errorOf(await t.query(mutation.document, mutation.variables, headers));
      expect(error.extensions?.code).toBe("UNAUTHENTICATED");
      expect(error.message).toMatch(/unknown, expired or revoked/);
    }
  });

  it("says that the header must be `Bearer <token>` when a good token is sent without it", async () => {
    const secret = await t.createToken("editor", "sent bare");
    const createRegion = mutations.find((m) => m.name === "createRegion")!;
    for (const authorization of [secret, `Token ${secret}`, "Bearer", `Bearer ${secret} ${secret}`]) {
      const error = errorOf(await t.query(createRegion.document, createRegion.variables, { authorization }));
      expect(error.extensions?.code).toBe("UNAUTHENTICATED");
      expect(error.message).toBe("Authorization must be `Bearer <token>`: the word Bearer, a space, then the token");
    }
    // The same token, sent as the header asks, is accepted.
    const accepted = await t.query(createRegion.document, createRegion.variables, {
      authorization: `Bearer ${secret}`,
    });
    expect(accepted.errors?.[0]?.extensions?.code).not.toBe("UNAUTHENTICATED");
  });

  it("lets anyone read without a token", async () => {
    expect(dataOf(await t.query(`{ regions { code } }`))).toBeTruthy();
  });

  it("keeps token management, imports and the audit trail for admins: editors get FORBIDDEN", async () => {
    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const before = await dumpDatabase(t.gateway.dataSource);
    for (const name of ["createApiToken", "revokeApiToken", "importDirectory"]) {
      const mutation = mutations.find((m) => m.name === name)!;
      expect(errorOf(await t.query(mutation.document, mutation.variables, editor)).extensions?.code).toBe("FORBIDDEN");
    }
    for (const query of [`{ apiTokens { id } }`, `{ auditEntries { totalCount } }`, `{ exportDirectory }`]) {
      expect(errorOf(await t.query(query, undefined, editor)).extensions?.code).toBe("FORBIDDEN");
    }
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("lets an editor change the directory", async () => {
    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const response = await t.query<{ createRegion: { region: { code: string } } }>(
      `mutation { createRegion(input: { code: "EDITOR_TEST", name: "Editor test" }) { region { code } } }`,
      undefined,
      editor,
    );
    expect(dataOf(response).createRegion.region.code).toBe("EDITOR_TEST");
  });

  describe("token lifecycle", () => {
    const CREATE = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret apiToken { id name role tokenPrefix expiresAt revokedAt } } }`;
    const WHO = `mutation { createRegion(input: { code: "LIFECYCLE_${Date.now()}", name: "x" }) { region { code } } }`;
    let admin: Record<string, string>;
    beforeAll(async () => {
      admin = { authorization: `Bearer ${await t.createToken("admin", "lifecycle admin")}` };
    });

    it("shows a new secret once and stores only its SHA-256", async () => {
      const created = dataOf(
        await t.query<{ createApiToken: { secret: string; apiToken: { tokenPrefix: string; role: string } } }>(
          CREATE,
          { input: { name: "Dashboard bot", role: "EDITOR" } },
          admin,
        ),
      ).createApiToken;
      expect(created.secret).toMatch(/^ceg_[A-Za-z0-9_-]{43}$/);
      expect(created.secret.startsWith(created.apiToken.tokenPrefix)).toBe(true);
      const rows: Record<string, unknown>[] = await t.gateway.dataSource.query(`SELECT * FROM api_token`);
      expect(JSON.stringify(rows)).not.toContain(created.secret);
      expect(rows.map((r) => r.token_hash)).toContain(createHash("sha256").update(created.secret).digest("hex"));
      const listed = JSON.stringify(
        dataOf(await t.query(`{ apiTokens { id name role tokenPrefix } }`, undefined, admin)),
      );
      expect(listed).not.toContain(created.secret);
      expect(listed).toContain("Dashboard bot");
    });

    it("stops accepting a token the moment it is revoked", async () => {
      const { createApiToken } = dataOf(
        await t.query<{ createApiToken: { secret: string; apiToken: { id: string } } }>(
          CREATE,
          { input: { name: "Soon revoked", role: "EDITOR" } },
          admin,
        ),
      );
      const holder = { authorization: `Bearer ${createApiToken.secret}` };
      dataOf(await t.query(WHO.replace("LIFECYCLE_", "LIFECYCLE_A_"), undefined, holder));
      const revoked = dataOf(
        await t.query<{ revokeApiToken: { apiToken: { revokedAt: string | null } } }>(
          `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }`,
          { id: createApiToken.apiToken.id },
          admin,
        ),
      );
      expect(revoked.revokeApiToken.apiToken.revokedAt).not.toBeNull();
      expect(
        errorOf(await t.query(WHO.replace("LIFECYCLE_", "LIFECYCLE_B_"), undefined, holder)).extensions?.code,
      ).toBe("UNAUTHENTICATED");
    });

    it("stops accepting a token after its expiry", async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const { createApiToken } = dataOf(
        await t.query<{ createApiToken: { secret: string } }>(
          CREATE,
          { input: { name: "Short-lived", role: "EDITOR", expiresAt } },
          admin,
        ),
      );
      const holder = { authorization: `Bearer ${createApiToken.secret}` };
      dataOf(await t.query(WHO.replace("LIFECYCLE_", "LIFECYCLE_C_"), undefined, holder));
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect(
        errorOf(await t.query(WHO.replace("LIFECYCLE_", "LIFECYCLE_D_"), undefined, holder)).extensions?.code,
      ).toBe("UNAUTHENTICATED");
    });

    it("refuses an expiry in the past and an empty name, with the fields at fault", async () => {
      const past = errorOf(
        await t.query(CREATE, { input: { name: "x", role: "EDITOR", expiresAt: "2000-01-01T00:00:00Z" } }, admin),
      );
      expect(past.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "input.expiresAt" }] });
      const empty = errorOf(await t.query(CREATE, { input: { name: "", role: "EDITOR" } }, admin));
      expect(empty.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "input.name" }] });
    });
  });
});
