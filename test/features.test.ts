import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { getNamedType, getNullableType, isCompositeType, isInterfaceType, isListType, isObjectType } from "graphql";
import { FEATURES, entities, listSizes, mergeListSizes, nodeLookups, resolvers } from "../src/app/features";
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

  // The query price reads a list's size only for lists of objects (src/platform/pipeline/cost.ts): a size given
  // for a missing field, a field that is not a list, or a list of scalars or enums would never be used.
  it("prices only lists of objects the schema has", () => {
    const notLists = Object.keys(listSizes).filter((key) => {
      const [typeName, fieldName] = key.split(".");
      const type = schema.getType(typeName!);
      const field = isObjectType(type) ? type.getFields()[fieldName!] : undefined;
      return !field || !isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type));
    });
    expect(notLists).toEqual([]);
  });

  it("takes every feature's list sizes, and refuses a list priced by two features", () => {
    expect(mergeListSizes(FEATURES)).toEqual(listSizes);
    expect(Object.keys(listSizes).length).toBe(
      FEATURES.reduce((sum, feature) => sum + Object.keys(feature.listSizes ?? {}).length, 0),
    );
    expect(() =>
      mergeListSizes([
        { name: "first", listSizes: { "Meeting.agenda": 20 } },
        { name: "second", listSizes: { "Meeting.agenda": 50 } },
      ]),
    ).toThrow("Two features price the list Meeting.agenda: first and second");
  });
});
