import type { GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";

/** A class as type-graphql's metadata names it. */
type ClassTarget = object;

/**
 * The fields of `schema` that declare `@Authorized` roles or `@UseMiddleware` middlewares which type-graphql
 * never runs, as `Type.field` names; the gateway's rule (src/platform/auth/auth-checker.ts) is that there are none.
 *
 * With `simpleResolvers: true` on an `@ObjectType` (or `simple: true` on a `@Field`), type-graphql
 * (2.0.0-rc.4) gives a plain property field no resolve function at all: graphql-js reads the property, and the
 * auth checker and middlewares, which live in type-graphql's wrapper, are skipped without a word. A field
 * resolved by a method or a `@FieldResolver` always keeps the wrapper. This reads type-graphql's metadata
 * storage (object types with their fields and interfaces, `@Authorized` and `@UseMiddleware` records) and the
 * schema it built: pass a schema straight from `buildSchema`, before
 * src/platform/adapters/type-graphql-field-resolvers.ts replaces resolve functions.
 *
 * test/adapters-type-graphql.test.ts fails if type-graphql changes how it records these or stops
 * skipping the checker on simple fields.
 */
export function fieldsSkippingAuthChecker(schema: GraphQLSchema): string[] {
  const storage = getMetadataStorage();
  const rolesOf = (target: ClassTarget, field: string) =>
    storage.authorizedFields.some((entry) => entry.target === target && entry.fieldName === field) ||
    storage.authorizedResolver.some((entry) => entry.target === target);
  const middlewaresOf = (target: ClassTarget, field: string) =>
    storage.middlewares.some((entry) => entry.target === target && entry.fieldName === field);
  const skipped: string[] = [];
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    // Metadata of classes outside this schema (other schemas' types, abstract bases) is not this schema's concern.
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    const interfaceFields = storage.interfaceTypes
      .filter((it) => objectType.interfaceClasses?.includes(it.target))
      .flatMap((it) => it.fields ?? []);
    for (const field of [...interfaceFields, ...(objectType.fields ?? [])]) {
      const guarded = rolesOf(field.target, field.name) || middlewaresOf(field.target, field.name);
      const built = fields[field.schemaName];
      if (guarded && built && built.resolve === undefined) skipped.push(`${objectType.name}.${field.schemaName}`);
    }
  }
  return skipped;
}
