import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { getNamedType, getNullableType, isInterfaceType, isListType, isObjectType } from "graphql";
import { FEATURES, entities, listSizes, nodeLookups, resolvers } from "../src/app/features";
import { createSchema } from "../src/app/schema";

/*
 * The gateway is derived from one list of features (src/app/features.ts). What a feature registers must match
 * what the schema has, or a lookup silently answers null or a price silently falls back to a default.
 */

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

describe("the feature list", () => {
  it("gives every entity and resolver once", () => {
    expect(new Set(entities).size).toBe(entities.length);
    expect(new Set(resolvers).size).toBe(resolvers.length);
    expect(new Set(FEATURES.map((feature) => feature.name)).size).toBe(FEATURES.length);
  });

  it("registers a node(id:) lookup for exactly the types that implement Node", () => {
    const node = schema.getType("Node");
    if (!isInterfaceType(node)) throw new Error("no Node interface");
    const implementations = schema
      .getImplementations(node)
      .objects.map((type) => type.name)
      .sort();
    expect([...nodeLookups().keys()].sort()).toEqual(implementations);
  });

  it("prices only lists the schema has", () => {
    const notLists = Object.keys(listSizes).filter((key) => {
      const [typeName, fieldName] = key.split(".");
      const type = schema.getType(typeName!);
      const field = isObjectType(type) ? type.getFields()[fieldName!] : undefined;
      return !field || !isListType(getNullableType(field.type)) || !getNamedType(field.type);
    });
    expect(notLists).toEqual([]);
  });
});
