import type { ASTNode, GraphQLInputType, GraphQLSchema, VariableDefinitionNode } from "graphql";
import {
  GraphQLError,
  coerceInputValue,
  getVariableValues,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  print,
  typeFromAST,
} from "graphql";
import { forbiddenCharacterIn, forbiddenCharacterMessage } from "../../common/control-characters";
import type { FieldProblem } from "../../common/errors";
import type { Refusal } from "./refusal";
import { refusal, refusalOf, truncateMessage } from "./refusal";

export interface VariableLimits {
  /**
   * Items of one GraphQL list in the variables. No argument of the schema accepts more (its largest
   * `@ArrayMaxSize` is 500; test/variables.test.ts checks that this bound stays above every one of them):
   * refusing longer lists before coercion keeps a 200,000-item list from costing seconds.
   */
  maxListItems: number;
  /** Nesting of objects and lists in one variable's value. */
  maxDepth: number;
  /** Coercion stops after this many errors (graphql-js's `maxErrors`). */
  maxErrors: number;
}

export const VARIABLE_LIMITS: VariableLimits = { maxListItems: 500, maxDepth: 32, maxErrors: 20 };

/** One value still to check: its declared type (null inside a JSON scalar, or where the type does not fit). */
interface Pending {
  value: unknown;
  type: GraphQLInputType | null;
  path: string;
  depth: number;
}

const unwrap = (type: GraphQLInputType | null): GraphQLInputType | null =>
  type && isNonNullType(type) ? type.ofType : type;

/**
 * Checks the variables a client sent against what the operation declares, before graphql-js coerces them:
 * lists no longer than `maxListItems` where the type is a list, values nested no deeper than `maxDepth`, and no
 * forbidden character in any string (see src/common/control-characters.ts). The walk is iterative, linear in
 * the values, and stops at the first problem, so no input can make it recurse or repeat work per item.
 * Variables the operation does not declare are ignored, as graphql-js ignores them.
 */
export function checkVariables(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variables: Readonly<Record<string, unknown>>,
  limits: VariableLimits = VARIABLE_LIMITS,
): Refusal | null {
  const pending: Pending[] = [];
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    if (!Object.prototype.hasOwnProperty.call(variables, name)) continue;
    const type = (typeFromAST(schema, definition.type) as GraphQLInputType | undefined) ?? null;
    pending.push({ value: variables[name], type, path: name, depth: 0 });
  }
  while (pending.length) {
    const { value, type, path, depth } = pending.pop()!;
    if (typeof value === "string") {
      const character = forbiddenCharacterIn(value);
      if (character) return invalid(path, forbiddenCharacterMessage(character));
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= limits.maxDepth) return invalid(path, `is nested more than ${limits.maxDepth} levels deep`);
    const nullable = unwrap(type);
    if (Array.isArray(value)) {
      const listType = nullable && isListType(nullable) ? nullable : null;
      if (listType && value.length > limits.maxListItems) {
        return invalid(path, `holds ${value.length} items; a list may hold at most ${limits.maxListItems}`);
      }
      const itemType = listType ? (listType.ofType as GraphQLInputType) : null;
      for (let i = value.length - 1; i >= 0; i--) {
        pending.push({ value: value[i], type: itemType, path: `${path}[${i}]`, depth: depth + 1 });
      }
      continue;
    }
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : null;
    for (const key of Object.keys(value)) {
      const character = forbiddenCharacterIn(key);
      if (character) return invalid(`${path}.${key}`, `has a name that ${forbiddenCharacterMessage(character)}`);
      pending.push({
        value: (value as Record<string, unknown>)[key],
        type: fields?.[key]?.type ?? null,
        path: `${path}.${key}`,
        depth: depth + 1,
      });
    }
  }
  return null;
}

function invalid(path: string, message: string): Refusal {
  return refusal("BAD_USER_INPUT", `Variable "$${path}" ${message}`, {
    extensions: { problems: [{ path, message }] },
    limit: "variables",
  });
}

/**
 * The variables coerced to their declared types (graphql-js, stopping after `maxErrors` errors), or the
 * refusal listing what does not fit, each error with the `extensions.problems` entry of the field at fault.
 * Error messages quote the offending value; they are cut to a bounded length (src/platform/pipeline/refusal.ts) so a
 * huge bad value is not echoed back.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variables: Readonly<Record<string, unknown>>,
  limits: VariableLimits = VARIABLE_LIMITS,
): { coerced: Record<string, unknown> } | Refusal {
  const result = getVariableValues(schema, definitions, variables, { maxErrors: limits.maxErrors });
  if (result.errors) {
    return refusalOf("BAD_USER_INPUT", withProblems(result.errors, problemsOf(schema, definitions, variables, limits)));
  }
  return { coerced: result.coerced };
}

/** Thrown to stop a coercion that has found `maxErrors` problems, as graphql-js stops. */
const ENOUGH = Symbol("enough problems");

/**
 * Where and what each of graphql-js's coercion errors is, as `{ path, message }` per variable (`filter.kinds[1]`:
 * the variable's name, then the path inside its value), in graphql-js's order. getVariableValues says where
 * only inside its message; this repeats its walk with the public `coerceInputValue`, which reports the path as
 * data. It runs only for refused requests, and stops after as many problems as graphql-js reports.
 */
function problemsOf(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variables: Readonly<Record<string, unknown>>,
  limits: VariableLimits,
): Map<VariableDefinitionNode, FieldProblem[]> {
  const problems = new Map<VariableDefinitionNode, FieldProblem[]>();
  let count = 0;
  const add = (definition: VariableDefinitionNode, problem: FieldProblem) => {
    if (count >= limits.maxErrors) throw ENOUGH;
    count++;
    const list = problems.get(definition) ?? [];
    list.push(problem);
    problems.set(definition, list);
  };
  try {
    for (const definition of definitions) {
      const name = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type);
      if (!type || !isInputType(type)) {
        add(definition, { path: name, message: `has the type ${print(definition.type)}, which is not an input type` });
        continue;
      }
      if (!Object.prototype.hasOwnProperty.call(variables, name)) {
        if (!definition.defaultValue && isNonNullType(type)) add(definition, { path: name, message: "is required" });
        continue;
      }
      const value = variables[name];
      if (value === null && isNonNullType(type)) {
        add(definition, { path: name, message: "must not be null" });
        continue;
      }
      coerceInputValue(value, type, (path, _value, error) => {
        const at = path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("");
        add(definition, { path: `${name}${at}`, message: truncateMessage(error.message) });
      });
    }
  } catch (error) {
    if (error !== ENOUGH) throw error;
  }
  return problems;
}

/**
 * graphql-js's errors, each with its problem: the n-th error about a variable (its node is the variable's
 * definition, or its type) gets the n-th problem found for it. The last error, when graphql-js stopped early
 * ("Too many errors…"), names no variable and gets none.
 */
function withProblems(
  errors: readonly GraphQLError[],
  problems: Map<VariableDefinitionNode, FieldProblem[]>,
): GraphQLError[] {
  const definitionOf = new Map<ASTNode, VariableDefinitionNode>();
  for (const definition of problems.keys()) {
    definitionOf.set(definition, definition);
    definitionOf.set(definition.type, definition);
  }
  return errors.map((error) => {
    const definition = error.nodes?.[0] && definitionOf.get(error.nodes[0]);
    const problem = definition ? problems.get(definition)?.shift() : undefined;
    if (!problem) return error;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      extensions: { ...error.extensions, problems: [problem] },
    });
  });
}
