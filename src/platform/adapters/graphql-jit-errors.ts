import { GraphQLError } from "graphql";

/**
 * A graphql-jit error as the graphql-js error it stands for. graphql-jit (0.8.9) reports resolver errors as
 * look-alikes of its own (read-only properties, a prototype below graphql-js's): `extensions` is undefined
 * unless the resolver's error had some, where graphql-js always sets an object. Each is rebuilt as a graphql-js
 * error with the same message, locations, path, original error and extensions, so that the rest of the pipeline
 * sees the same errors from either executor (src/platform/pipeline/executor.ts; test/execution.e2e.test.ts compares
 * their answers).
 *
 * test/adapters.test.ts fails if what graphql-jit reports stops converting to exactly what graphql-js reports.
 */
export function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  return Object.assign(rebuilt, { locations: error.locations });
}
