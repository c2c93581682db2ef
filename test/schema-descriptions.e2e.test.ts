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
});
