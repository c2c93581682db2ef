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

/** The root mutation type's name, as type-graphql names it. */
const MUTATION_TYPE = "Mutation";

/**
 * The objects a mutation's arguments carry: each input object and each item of a list counts 1 (an object in a
 * list once). `createMeeting` with an agenda of 200 items of 5 speakers each writes about 1,200 objects and links,
 * and is priced so; a mutation of a few scalar fields costs 1 more than what it selects.
 */
export function inputWeight(value: unknown): number {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const next = stack.pop();
    if (Array.isArray(next)) {
      for (const item of next) {
        if (item === null || typeof item !== "object" || Array.isArray(item)) weight += 1;
        stack.push(item);
      }
    } else if (next !== null && typeof next === "object") {
      weight += 1;
      stack.push(...Object.values(next));
    }
  }
  return weight;
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
    // A mutation also pays for what it writes: the objects its input carries.
    if (parent.name === MUTATION_TYPE)
      return inputWeight(Object.values(args)) + resolvedCost(field, parent, args, childComplexity);
    return resolvedCost(field, parent, args, childComplexity);
  };

  function resolvedCost(
    field: ComplexityEstimatorArgs["field"],
    parent: ComplexityEstimatorArgs["type"],
    args: ComplexityEstimatorArgs["args"],
    childComplexity: number,
  ): number {
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
  }
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
  // Every argument of a mutation's root fields is priced: its input is (see `inputWeight`).
  const mutation = operation.operation === OperationTypeNode.MUTATION;
  const walk = (selectionSet: SelectionSetNode, root = false) => {
    for (const selection of selectionSet.selections) {
      for (const directive of selection.directives ?? []) {
        if (PRICED_DIRECTIVES.has(directive.name.value))
          for (const argument of directive.arguments ?? []) variablesIn(argument.value, found);
      }
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          if (PRICED_ARGUMENTS.has(argument.name.value) || (root && mutation)) variablesIn(argument.value, found);
        }
        if (selection.selectionSet) walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, root);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, root);
      }
    }
  };
  walk(operation.selectionSet, true);
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
