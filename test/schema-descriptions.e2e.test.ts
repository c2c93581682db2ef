import type { IntrospectionInputValue, IntrospectionQuery } from "graphql";
import { getIntrospectionQuery } from "graphql";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/*
 * Client developers read the schema in the IDE's Docs pane and in generated clients: every part of it a client
 * can name carries a description. Walked over HTTP, as a client introspects it, so that descriptions added
 * after type-graphql builds the schema (the root types', the mutations' `input` arguments') count too.
 */
describe("the schema's descriptions", () => {
  let t: TestGateway;
  let schema: IntrospectionQuery["__schema"];
  beforeAll(async () => {
    t = await startTestGateway();
    schema = dataOf(
      await t.query<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })),
    ).__schema;
  });
  afterAll(() => t.stop());

  /** The coordinates (`Type.field(argument:)`) of every element of the schema without a description. */
  function undescribed(): string[] {
    const missing: string[] = [];
    const check = (coordinate: string, description: string | null | undefined) => {
      if (!description?.trim()) missing.push(coordinate);
    };
    const checkArgs = (owner: string, args: readonly IntrospectionInputValue[]) => {
      for (const arg of args) check(`${owner}(${arg.name}:)`, arg.description);
    };
    for (const type of schema.types) {
      // graphql-js's own introspection types are documented by the specification.
      if (type.name.startsWith("__")) continue;
      check(type.name, type.description);
      if (type.kind === "OBJECT" || type.kind === "INTERFACE") {
        for (const field of type.fields) {
          check(`${type.name}.${field.name}`, field.description);
          checkArgs(`${type.name}.${field.name}`, field.args);
        }
      } else if (type.kind === "INPUT_OBJECT") {
        for (const field of type.inputFields) check(`${type.name}.${field.name}`, field.description);
      } else if (type.kind === "ENUM") {
        for (const value of type.enumValues) check(`${type.name}.${value.name}`, value.description);
      }
    }
    for (const directive of schema.directives) {
      check(`@${directive.name}`, directive.description);
      checkArgs(`@${directive.name}`, directive.args);
    }
    return missing;
  }

  it("describes every type, field, argument, enum value, input field and directive", () => {
    expect(schema.types.length).toBeGreaterThan(50);
    expect(undescribed()).toEqual([]);
  });

  it("describes the root types and every mutation's `input` argument", () => {
    const types = new Map(schema.types.map((type) => [type.name, type]));
    for (const root of [schema.queryType, schema.mutationType, schema.subscriptionType]) {
      expect(types.get(root!.name)?.description).toMatch(/\w/);
    }
    const mutation = types.get(schema.mutationType!.name)!;
    if (mutation.kind !== "OBJECT") throw new Error("Mutation is not an object type");
    const inputs = mutation.fields.flatMap((field) => field.args.filter((arg) => arg.name === "input"));
    expect(inputs.length).toBeGreaterThanOrEqual(37);
    for (const input of inputs) expect(input.description).toMatch(/\w/);
  });

  /*
   * The fields every update and delete input shares come from one home, src/common/mutation-inputs.ts
   * (ExistingObjectInput, DeletionInput): each input has them with the same types, default and wording.
   */
  it("gives every update and delete input `id`, `expectedVersion` and, where it cascades, `cascade` from the bases", () => {
    const inputs = schema.types.filter(
      (type) => type.kind === "INPUT_OBJECT" && /^(Update|Delete)\w*Input$/.test(type.name),
    );
    expect(inputs.length).toBeGreaterThanOrEqual(19);
    const shapes = inputs.map((type) => {
      if (type.kind !== "INPUT_OBJECT") throw new Error(`${type.name} is not an input object`);
      const fields = new Map(type.inputFields.map((field) => [field.name, field]));
      return { type, fields };
    });
    for (const { type, fields } of shapes) {
      const id = fields.get("id");
      const expectedVersion = fields.get("expectedVersion");
      expect([type.name, id?.type, id?.defaultValue]).toEqual([
        type.name,
        { kind: "NON_NULL", name: null, ofType: { kind: "SCALAR", name: "ID", ofType: null } },
        null,
      ]);
      expect([type.name, id?.description]).toEqual([type.name, expect.stringMatching(/^The [\w ]+'s id\.$/)]);
      expect([type.name, expectedVersion?.type, expectedVersion?.defaultValue]).toEqual([
        type.name,
        { kind: "SCALAR", name: "Int", ofType: null },
        null,
      ]);
      expect([type.name, expectedVersion?.description]).toEqual([
        type.name,
        expect.stringMatching(/^Refuse \(CONFLICT\) unless the [\w ]+ is still at this version\.$/),
      ]);
    }
    const cascading = shapes.filter(({ fields }) => fields.has("cascade"));
    expect(cascading.map(({ type }) => type.name).filter((name) => !name.startsWith("Delete"))).toEqual([]);
    expect(cascading.length).toBeGreaterThanOrEqual(7);
    for (const { type, fields } of cascading) {
      const cascade = fields.get("cascade");
      expect([type.name, cascade?.type, cascade?.defaultValue]).toEqual([
        type.name,
        { kind: "NON_NULL", name: null, ofType: { kind: "SCALAR", name: "Boolean", ofType: null } },
        "false",
      ]);
      expect(cascade?.description).toMatch(/Without cascade/);
    }
  });
});
