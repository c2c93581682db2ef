import type { DocumentNode, GraphQLSchema } from "graphql";
import { getNamedType, getNullableType, isCompositeType, isListType } from "graphql";
import type { ComplexityEstimatorArgs } from "graphql-query-complexity";
import { getComplexity } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "../common/pagination";

/**
 * How many items a list without a page size is assumed to hold, by `Type.field`: generous bounds of what
 * the directory holds (an agenda has a dozen items, an item a few speakers). Other lists: DEFAULT_LIST.
 */
const LIST_ESTIMATES: Record<string, number> = {
  "Query.regions": 6,
  "Query.apiTokens": 100,
  "Meeting.agenda": 20,
  "Meeting.participants": 20,
  "Meeting.sources": 3,
  "AgendaItem.speakers": 5,
  "AgendaItem.topics": 5,
  "AnnualTheme.pillars": 5,
  "Person.appointments": 5,
  "Source.meetings": 5,
};
const DEFAULT_LIST = 10;

function pageSize(args: Record<string, unknown>): number | null {
  for (const name of ["first", "last"]) {
    const value = args[name];
    if (typeof value === "number" && Number.isFinite(value)) return Math.max(0, value);
  }
  return null;
}

const isConnection = (name: string) => name.endsWith("Connection");

/**
 * Worst-case number of objects a field resolves. Leaves cost nothing; an object costs 1 plus its
 * selection; a list costs its item count times that. A connection multiplies its selection by `first` or
 * `last` (default page size when neither is given), and its `edges`/`nodes` lists do not multiply again.
 * Nested connections therefore multiply, as their real cost does; `nodes(ids:)` counts its ids.
 */
export function connectionCost({ type: parent, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return 0;
  if (isConnection(named.name)) return 1 + (pageSize(args) ?? DEFAULT_PAGE_SIZE) * childComplexity;
  if (!isListType(getNullableType(field.type)) || isConnection(parent.name)) return 1 + childComplexity;
  const items = Array.isArray(args.ids)
    ? args.ids.length
    : (LIST_ESTIMATES[`${parent.name}.${field.name}`] ?? DEFAULT_LIST);
  return items * (1 + childComplexity);
}

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [connectionCost] });
}
