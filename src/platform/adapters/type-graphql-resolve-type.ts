import type { GraphQLSchema } from "graphql";
import { isInterfaceType } from "graphql";

/**
 * Gives the interface `name` a synchronous `resolveType`. type-graphql (2.0.0-rc.4) wraps the `resolveType`
 * of every interface in an `async` function, whatever the one it was given returns; graphql-jit (0.8.9, the
 * executor in src/platform/pipeline/executor.ts) calls `resolveType` synchronously and cannot wait for a promise, so a
 * field of an interface type would fail to resolve. The gateway's interface types know an object's type
 * synchronously (`Node`: the class's `typename`), so the wrapper is replaced after `buildSchema`.
 *
 * test/adapters-type-graphql.test.ts fails if type-graphql stops wrapping (this is then no longer needed) or if
 * graphql-jit stops reading the replaced function.
 */
export function resolveInterfaceTypeSynchronously(
  schema: GraphQLSchema,
  name: string,
  typenameOf: (value: object) => string,
): void {
  const type = schema.getType(name);
  if (!isInterfaceType(type)) throw new Error(`The schema has no ${name} interface`);
  type.resolveType = (value: object) => typenameOf(value);
}
