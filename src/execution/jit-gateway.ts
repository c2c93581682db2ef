import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from "@apollo/server-gateway-interface";
import type { GraphQLSchema } from "graphql";
import { GraphQLError, getVariableValues, printSchema } from "graphql";
import type { CompiledQuery } from "graphql-jit";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";

export interface JitOptions {
  /** Distinct operations whose compiled form is kept; the least recently used are compiled again. */
  maxCompiledOperations: number;
}

/**
 * Executes operations with graphql-jit instead of graphql-js's interpreter, behind Apollo Server.
 *
 * Apollo has no execution hook but one: a "gateway" whose `load()` hands it an executor. Everything
 * before execution stays Apollo's — parsing, validation (with our rules), plugins (limits, cost, cache),
 * error formatting and HTTP — and only the walk over the resolvers changes. graphql-jit compiles each
 * distinct operation once into a function specialised for its selection set, which resolves a page of
 * 50 meetings with their agendas in about half the CPU time of the interpreter (see docs/benchmarks.md).
 *
 * Compiled operations are cached by Apollo's hash of the document text and the operation name. An
 * operation graphql-jit refuses to compile (it has none of graphql-js's validation left to do, so this
 * means a bug) answers with the compiler's errors.
 */
export class JitGateway implements GatewayInterface {
  private readonly compiled: LRUCache<string, CompiledQuery>;
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  constructor(
    private readonly schema: GraphQLSchema,
    options: JitOptions,
  ) {
    this.compiled = new LRUCache({ max: options.maxCompiledOperations });
  }

  async load(): Promise<{ executor: GatewayExecutor }> {
    const schemaContext = { apiSchema: this.schema, coreSupergraphSdl: printSchema(this.schema) };
    for (const listener of this.listeners) listener(schemaContext);
    return { executor: (requestContext) => this.execute(requestContext) };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  async stop(): Promise<void> {
    this.compiled.clear();
  }

  private async execute(requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const { document, operation, operationName, queryHash, context, request } = requestContext;
    // Variables are coerced by graphql-js, as without graphql-jit: its errors are the ones clients know and
    // Apollo recognises (BAD_USER_INPUT, HTTP 400), and graphql-jit 0.8 misses defaults of non-null input
    // fields (`dryRun: Boolean! = false`). graphql-jit coerces the coerced values once more, which changes
    // nothing: every enum's value is its name, and every custom scalar parses its own output unchanged.
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], request.variables ?? {}, {
      maxErrors: 50,
    });
    if (coerced.errors) return { errors: coerced.errors };
    const variables = coerced.coerced;
    const key = `${queryHash}:${operationName ?? ""}`;
    let query = this.compiled.get(key);
    if (!query) {
      const compiled = compileQuery(this.schema, document, operationName ?? undefined, {
        // Stack traces of resolver errors are never sent (see common/format-error.ts) and cost time.
        disablingCapturingStackErrors: true,
      });
      if (!isCompiledQuery(compiled)) return compiled;
      query = compiled;
      this.compiled.set(key, query);
    }
    const result = await query.query(undefined, context, variables);
    if (result.errors) return { ...result, errors: result.errors.map(asGraphQLJsError) };
    return result;
  }
}

/**
 * graphql-jit's errors are frozen look-alikes of graphql-js's: `message` is read-only (GraphQL Armor
 * rewrites it to strip suggestions) and `extensions` is undefined unless the resolver's error had some,
 * where graphql-js always sets an object (Apollo reads `extensions.code` from it). Each is rebuilt as a
 * graphql-js error with the same message, locations, path, original error and extensions.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  return Object.assign(rebuilt, { locations: error.locations });
}
