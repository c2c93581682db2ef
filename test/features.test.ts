import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { getNamedType, getNullableType, isCompositeType, isInterfaceType, isListType, isObjectType } from "graphql";
import {
  FEATURES,
  directorySections,
  directorySectionsOf,
  entities,
  listSizes,
  mergeListSizes,
  nodeLookups,
  resolvers,
} from "../src/app/features";
import { createSchema } from "../src/app/schema";
import { directoryFileSchema } from "../src/modules/directory/directory-file";
import type { FeatureModule } from "../src/platform/feature-module";

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

  // The directory file's sections come from the features (src/platform/directory-section.ts): the directory
  // module names none of them, so a section missing here would be refused in every file as an unknown field.
  it("takes every feature's directory section into the file's schema, and refuses a key given twice", () => {
    const declared = FEATURES.flatMap((feature: FeatureModule) => (feature.directory ? [feature.directory.key] : []));
    expect(declared.length).toBeGreaterThan(0);
    expect(directorySections.map((section) => section.key)).toEqual(declared);
    const schema = directoryFileSchema(directorySections);
    const properties = schema.properties as Record<string, { items: { properties: Record<string, unknown> } }>;
    const meetingFields = Object.keys(properties.meetings!.items.properties);
    for (const section of directorySections) {
      expect(properties[section.key]).toBe(section.schema);
      for (const field of Object.keys(section.meetingSchema ?? {})) expect(meetingFields).toContain(field);
    }
    // Between the directory's own `sources` and `meetings`, in the feature list's order (the exported file's).
    const keys = Object.keys(properties);
    expect(keys.slice(keys.indexOf("sources") + 1, keys.indexOf("meetings"))).toEqual(
      directorySections.map((section) => section.key),
    );

    const section = directorySections[0]!;
    expect(() =>
      directorySectionsOf([
        { name: "first", directory: section },
        { name: "second", directory: { ...section } },
      ]),
    ).toThrow(`Two features declare the directory section ${section.key}: first and second`);
    expect(() => directoryFileSchema([{ ...section, key: "meetings" }])).toThrow(
      "The directory section meetings is declared twice",
    );
    expect(() => directoryFileSchema([{ ...section, meetingSchema: { title: { type: "string" } } }])).toThrow(
      "The meeting field title is declared twice",
    );
  });
});
