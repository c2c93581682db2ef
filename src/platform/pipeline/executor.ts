import type { ExecutionResult, GraphQLSchema } from "graphql";
import { execute } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { asGraphQLJsError } from "../adapters/graphql-jit-errors";
import type { MaybePromise } from "../../common/maybe-promise";
import { then } from "../../common/maybe-promise";
import type { OperationPlan } from "./documents";

/** Which engine walks the resolvers: graphql-jit (compiled per operation) or graphql-js's interpreter. */
export type ExecutorKind = "jit" | "graphql-js";

/**
 * Runs admitted operations. With graphql-jit, each operation is compiled once into a function specialised
 * for its selections and kept on its plan (which the document cache keeps as long as the document), so a
 * repeated operation neither walks its AST nor compiles again. `variables` are the pipeline's coerced values
 * (see `Admitted.variables`).
 */
export class Executor {
  constructor(
    private readonly schema: GraphQLSchema,
    readonly kind: ExecutorKind,
  ) {}

  execute(plan: OperationPlan, variables: Record<string, unknown>, context: object): MaybePromise<ExecutionResult> {
    if (this.kind === "graphql-js") {
      return execute({
        schema: this.schema,
        document: plan.document,
        operationName: plan.name,
        variableValues: variables,
        contextValue: context,
      });
    }
    let compiled = plan.compiled;
    if (!compiled) {
      const outcome = compileQuery(this.schema, plan.document, plan.name, {
        // Stack traces of resolver errors are never sent (src/platform/pipeline/response.ts) and cost time.
        disablingCapturingStackErrors: true,
      });
      // The document has passed graphql-js's validation: a refusal to compile it is a bug, reported as such.
      if (!isCompiledQuery(outcome)) return outcome;
      compiled = plan.compiled = outcome;
    }
    return then(compiled.query(undefined, context, variables), (result) =>
      result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result,
    );
  }
}
