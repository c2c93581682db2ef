import type { GraphQLInputType, GraphQLSchema, VariableDefinitionNode } from "graphql";
import { getVariableValues, isInputObjectType, isListType, isNonNullType, typeFromAST } from "graphql";
import { forbiddenCharacterIn, forbiddenCharacterMessage } from "../common/control-characters";
import type { Refusal } from "./refusal";
import { refusal, refusalOf } from "./refusal";

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
 * refusal listing what does not fit. Error messages quote the offending value; they are cut to a bounded
 * length (src/pipeline/refusal.ts) so a huge bad value is not echoed back.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variables: Readonly<Record<string, unknown>>,
  limits: VariableLimits = VARIABLE_LIMITS,
): { coerced: Record<string, unknown> } | Refusal {
  const result = getVariableValues(schema, definitions, variables, { maxErrors: limits.maxErrors });
  if (result.errors) return refusalOf("BAD_USER_INPUT", result.errors);
  return { coerced: result.coerced };
}
