import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from "graphql";
import { Kind, OperationTypeNode, getNamedType, getNullableType, isCompositeType, isListType, visit } from "graphql";
import type { ComplexityEstimator, ComplexityEstimatorArgs } from "graphql-query-complexity";
import { getComplexity } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "../db/pagination";
import type { ListSizeEstimate } from "../feature-module";

/** What a list without a page size is assumed to hold when its feature gives no size (src/app/features.ts). */
const DEFAULT_LIST = 10;

/** Sizes assumed for lists without a page size, by `Type.field`, as the features give them. */
export type ListSizes = Readonly<Record<string, ListSizeEstimate>>;

function pageSize(args: Record<string, unknown>): number | null {
  for (const name of ["first", "last"]) {
    const value = args[name];
    if (typeof value === "number" && Number.isFinite(value)) return Math.max(0, value);
  }
  return null;
}

const isConnection = (name: string) => name.endsWith("Connection");

/**
 * The objects a value of a mutation's input carries: each input object and each item of a list counts 1 (an
 * object in a list once); scalars outside lists count nothing. `createMeeting` with an agenda of 200 items of 5
 * speakers each carries about 1,200 objects and links, and is priced so.
 */
export function inputWeight(value: unknown): number {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const next = stack.pop();
    if (Array.isArray(next)) {
      for (const item of next) {
        if (item === null || typeof item !== "object") weight += 1;
        else stack.push(item);
      }
    } else if (next !== null && typeof next === "object") {
      weight += 1;
      stack.push(...Object.values(next));
    }
  }
  return weight;
}

/** `inputWeight` of an argument as written in the document, its variables given by `variables`. */
function literalWeight(node: ValueNode, variables: Record<string, unknown>): number {
  switch (node.kind) {
    case Kind.VARIABLE:
      return inputWeight(variables[node.name.value]);
    case Kind.OBJECT:
      return 1 + node.fields.reduce((sum, field) => sum + literalWeight(field.value, variables), 0);
    case Kind.LIST:
      return node.values.reduce((sum, item) => {
        if (item.kind === Kind.OBJECT) return sum + literalWeight(item, variables);
        if (item.kind !== Kind.VARIABLE) return sum + 1;
        // An item given by a variable counts as `inputWeight` counts the items of a list.
        return sum + inputWeight([variables[item.name.value]]);
      }, 0);
    default:
      return 0;
  }
}

/**
 * The arguments of a mutation's root fields, as the document writes them (fragments spread at the root included):
 * what `mutationInputWeight` counts. Worked out once per document.
 */
export function mutationArguments(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): ValueNode[] {
  if (operation.operation !== OperationTypeNode.MUTATION) return [];
  const values: ValueNode[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) values.push(...(selection.arguments ?? []).map((argument) => argument.value));
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return values;
}

/**
 * What a mutation writes, added to the price of what it selects: the objects its input carries (`inputWeight`).
 * Counted on the request's variables as they arrived (they passed the variable checks: bounded lists and depth),
 * without a second coercion, so the price of the selection is still computed once per document.
 */
export function mutationInputWeight(argumentValues: readonly ValueNode[], variables: Record<string, unknown>): number {
  return argumentValues.reduce((sum, value) => sum + literalWeight(value, variables), 0);
}

/**
 * Worst-case number of objects a field resolves. Leaves cost nothing; an object costs 1 plus its
 * selection; a list costs its item count times that. A connection multiplies its selection by `first` or
 * `last` (default page size when neither is given), and its `edges`/`nodes` lists do not multiply again.
 * Nested connections therefore multiply, as their real cost does; `nodes(ids:)` counts its ids, a plain list
 * with `first` (e.g. `topHosts`) that many, and `regionalActivity` its regions times its periods.
 */
export function connectionCostWith(listSizes: ListSizes): ComplexityEstimator {
  return ({ type: parent, field, args, childComplexity }: ComplexityEstimatorArgs): number => {
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) return 0;
    if (isConnection(named.name)) return 1 + (pageSize(args) ?? DEFAULT_PAGE_SIZE) * childComplexity;
    if (!isListType(getNullableType(field.type)) || isConnection(parent.name)) return 1 + childComplexity;
    const estimate = listSizes[`${parent.name}.${field.name}`];
    // A size the arguments decide comes first; then a page size; then the feature's fixed estimate.
    const items = Array.isArray(args.ids)
      ? args.ids.length
      : ((typeof estimate === "function" ? estimate(args) : undefined) ??
        pageSize(args) ??
        (typeof estimate === "number" ? estimate : DEFAULT_LIST));
    return items * (1 + childComplexity);
  };
}

/**
 * The arguments `connectionCost` reads (page sizes, ids, `regionalActivity`'s filter and granularity), and
 * the directives graphql-query-complexity honours (@include, @skip): an operation's price can depend on a
 * variable only through one of them.
 */
const PRICED_ARGUMENTS = new Set(["first", "last", "ids", "filter", "granularity"]);
const PRICED_DIRECTIVES = new Set(["include", "skip"]);

function variablesIn(value: ValueNode, into: Set<string>): void {
  visit(value, {
    [Kind.VARIABLE](node) {
      into.add(node.name.value);
    },
  });
}

/**
 * The names of the variables an operation's price depends on: those used, in the operation or the fragments
 * it spreads, by a priced argument or by @include/@skip. An operation that uses none is priced once per
 * document, whatever its variables (a lookup by slug); the others once per distinct value of those variables.
 */
export function pricedVariables(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      for (const directive of selection.directives ?? []) {
        if (PRICED_DIRECTIVES.has(directive.name.value))
          for (const argument of directive.arguments ?? []) variablesIn(argument.value, found);
      }
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          if (PRICED_ARGUMENTS.has(argument.name.value)) variablesIn(argument.value, found);
        }
        if (selection.selectionSet) walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...found].sort();
}

/**
 * Prices an operation from the schema (graphql-query-complexity with `connectionCostWith`). `variables` must
 * already have passed coercion (src/platform/pipeline/variables.ts): the library coerces them again, without a cap
 * on its errors, so an unchecked list of 200,000 bad values would cost seconds here.
 */
export function estimateCost(
  schema: GraphQLSchema,
  estimator: ComplexityEstimator,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
}
