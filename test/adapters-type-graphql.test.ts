import "reflect-metadata";
import type { GraphQLNamedType, GraphQLSchema } from "graphql";
import { getNamedType, isInterfaceType, isObjectType, isUnionType, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import type { AuthChecker } from "type-graphql";
import {
  Authorized,
  Field,
  InterfaceType,
  ObjectType,
  Query,
  Resolver,
  buildSchema,
  getMetadataStorage,
} from "type-graphql";
import { resolveInterfaceTypeSynchronously } from "../src/platform/adapters/type-graphql-resolve-type";
import { fieldsSkippingAuthChecker } from "../src/platform/adapters/type-graphql-simple-resolvers";
import { typenameOf } from "../src/common/node";
import { Meeting } from "../src/modules/meeting/meeting.entity";
import { createSchema } from "../src/app/schema";

/*
 * The adaptations of type-graphql's schema (src/platform/adapters/type-graphql-*.ts) and the rule on simple resolvers
 * (src/platform/auth/auth-checker.ts), against type-graphql and graphql-jit as installed. The probe types below are
 * declared only here (jest gives each test file its own type-graphql metadata), and the gateway's schema
 * leaves them out: no resolver of the gateway reaches them.
 */

@InterfaceType("ProbeNode", { resolveType: () => "ProbeThing" })
abstract class ProbeNode {
  @Field()
  name!: string;
}

@ObjectType("ProbeThing", { implements: ProbeNode, simpleResolvers: true })
class ProbeThing extends ProbeNode {
  @Authorized("ADMIN")
  @Field()
  secret!: string;

  @Field()
  open!: string;
}

@ObjectType("ProbeGuarded")
class ProbeGuarded {
  @Authorized("ADMIN")
  @Field()
  secret!: string;
}

@Resolver()
class ProbeResolver {
  @Query(() => ProbeNode, { nullable: true })
  probeNode(): ProbeThing {
    return Object.assign(new ProbeThing(), { name: "n", secret: "s", open: "o" });
  }

  @Query(() => ProbeThing)
  probeThing(): ProbeThing {
    return Object.assign(new ProbeThing(), { name: "n", secret: "s", open: "o" });
  }

  @Query(() => ProbeGuarded)
  probeGuarded(): ProbeGuarded {
    return Object.assign(new ProbeGuarded(), { secret: "s" });
  }
}

/** The roles the auth checker was asked about, by field. */
let checked: string[] = [];
const denyAll: AuthChecker = ({ info }) => {
  checked.push(`${info.parentType.name}.${info.fieldName}`);
  return false;
};

function probeSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [ProbeResolver], authChecker: denyAll });
}

/** Runs `document` with graphql-jit, as the gateway's executor does (src/platform/pipeline/executor.ts). */
function runWithJit(schema: GraphQLSchema, document: string) {
  const compiled = compileQuery(schema, parse(document), undefined, { disablingCapturingStackErrors: true });
  if (!isCompiledQuery(compiled)) throw new Error(`not compiled: ${JSON.stringify(compiled)}`);
  return compiled.query(undefined, {}, {});
}

describe("an interface's resolveType made synchronous (src/platform/adapters/type-graphql-resolve-type.ts)", () => {
  it("is needed: type-graphql makes resolveType async, and graphql-jit cannot resolve the type from a promise", async () => {
    const schema = await probeSchema();
    const probeNode = schema.getType("ProbeNode");
    if (!isInterfaceType(probeNode)) throw new Error("no ProbeNode interface");
    expect(probeNode.resolveType!(new ProbeThing(), {}, undefined as never, probeNode)).toBeInstanceOf(Promise);
    const result = await runWithJit(schema, `{ probeNode { __typename name } }`);
    expect(result.data).toEqual({ probeNode: null });
    expect(result.errors).toHaveLength(1);
  });

  it("lets graphql-jit resolve the interface's objects, synchronously", async () => {
    const schema = await probeSchema();
    resolveInterfaceTypeSynchronously(schema, "ProbeNode", () => "ProbeThing");
    const result = runWithJit(schema, `{ probeNode { __typename name ... on ProbeThing { open } } }`);
    // No promise anywhere: every resolver and the type resolution answered synchronously.
    expect(result).toEqual({ data: { probeNode: { __typename: "ProbeThing", name: "n", open: "o" } } });
    expect(() => resolveInterfaceTypeSynchronously(schema, "ProbeThing", () => "x")).toThrow(
      "The schema has no ProbeThing interface",
    );
  });

  it("serves the gateway's Node interface through graphql-jit", async () => {
    const schema = await createSchema();
    const node = schema.getType("Node");
    if (!isInterfaceType(node)) throw new Error("no Node interface");
    // `slug`, a plain property: `title` is answered by the translation feature's resolver, which needs services.
    const meeting = Object.assign(new Meeting(), { id: 7, slug: "heads-of-customs-meeting" });
    expect(node.resolveType!(meeting, {}, undefined as never, node)).toBe(typenameOf(meeting));
    // The root resolver answers the meeting itself: only the interface's type resolution is under test.
    schema.getQueryType()!.getFields().node!.resolve = () => meeting;
    const result = runWithJit(schema, `{ node(id: "x") { __typename ... on Meeting { slug } } }`);
    expect(result).toEqual({ data: { node: { __typename: "Meeting", slug: "heads-of-customs-meeting" } } });
  });
});

describe("simple resolvers and @Authorized (src/platform/adapters/type-graphql-simple-resolvers.ts)", () => {
  beforeEach(() => {
    checked = [];
  });

  it("is needed: type-graphql serves a simple field with roles to anyone, never asking the auth checker", async () => {
    const schema = await probeSchema();
    const simple = await runWithJit(schema, `{ probeThing { secret open } }`);
    expect(simple).toEqual({ data: { probeThing: { secret: "s", open: "o" } } });
    expect(checked).toEqual([]);
    // The same field on a type without simple resolvers is checked, and refused.
    const guarded = await runWithJit(schema, `{ probeGuarded { secret } }`);
    expect(guarded.data).toEqual(null);
    expect(checked).toEqual(["ProbeGuarded.secret"]);
  });

  it("names the fields whose roles type-graphql skips, and only those", async () => {
    expect(fieldsSkippingAuthChecker(await probeSchema())).toEqual(["ProbeThing.secret"]);
  });

  it("finds none in the gateway's schema", async () => {
    const schema = await createSchema();
    // The check sees the gateway's simple types (otherwise an empty answer would prove nothing).
    const simpleTypes = getMetadataStorage()
      .objectTypes.filter((type) => type.simpleResolvers && isObjectType(schema.getType(type.name)))
      .map((type) => type.name);
    expect(simpleTypes).toEqual(expect.arrayContaining(["Meeting", "ApiToken", "AuditEntry", "CreateApiTokenPayload"]));
    expect(fieldsSkippingAuthChecker(schema)).toEqual([]);
  });

  it("keeps private objects out of reach of every root field that names no roles", async () => {
    const schema = await createSchema();
    const storage = getMetadataStorage();
    const guardedRoots = new Set(
      [...storage.queries, ...storage.mutations, ...storage.subscriptions]
        .filter(
          (handler) =>
            storage.authorizedResolver.some((entry) => entry.target === handler.target) ||
            storage.authorizedFields.some(
              (entry) => entry.target === handler.target && entry.fieldName === handler.methodName,
            ),
        )
        .map((handler) => handler.schemaName),
    );
    expect([...guardedRoots]).toEqual(expect.arrayContaining(["apiTokens", "auditEntries", "createApiToken"]));
    // Types reachable from the open root fields, through object fields. An interface (Node) is not followed to
    // its implementations: `node(id:)` and `nodes(ids:)` resolve private ids to null for anyone but an admin
    // (test/node.e2e.test.ts).
    const reachable = new Set<string>();
    const visit = (type: GraphQLNamedType) => {
      if (reachable.has(type.name)) return;
      reachable.add(type.name);
      if (isObjectType(type)) for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
      if (isUnionType(type)) for (const member of type.getTypes()) visit(member);
    };
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        if (!guardedRoots.has(field.name)) visit(getNamedType(field.type));
      }
    }
    expect(reachable).toContain("Meeting");
    for (const privateType of ["ApiToken", "AuditEntry", "AuditEntryConnection", "CreateApiTokenPayload"]) {
      expect({ privateType, reachable: reachable.has(privateType) }).toEqual({ privateType, reachable: false });
    }
  });
});
