import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from "graphql";
import { GraphQLError, Kind } from "graphql";

/** Shape caps checked before GraphQL validation, so that validation's cost is bounded (see `checkShape`). */
export interface ShapeLimits {
  /** Fields of one response name in one selection set, counting those its fragments bring in. */
  maxRepeatedFields: number;
  /** Fragment definitions in one document. */
  maxFragments: number;
}

/** Response name → how many fields of that name a selection set holds, its fragments included. */
type FieldCounts = Map<string, number>;

/**
 * Refuses documents whose validation would cost far more than their size suggests, before validating them.
 *
 * graphql-js's OverlappingFieldsCanBeMerged rule compares every pair of fields that share a response name in a
 * selection set (and every pair of fragments spread into it): a small document repeating one field a few hundred
 * times is under the token cap, yet takes that rule far longer to validate than any legitimate document
 * (docs/benchmarks.md). Legitimate documents name a field a few times at most (the same field from two fragments,
 * say), so a cap on repeats — counted through inline fragments and fragment spreads, each fragment's counts
 * computed once — bounds that rule's pairs, and a cap on fragments bounds its fragment pairs. The walk is linear in
 * the document and cannot loop: a fragment reached again while being counted (a cycle, which validation then
 * reports) counts as empty.
 */
export function checkShape(document: DocumentNode, limits: ShapeLimits): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  if (fragments.size > limits.maxFragments) {
    return new GraphQLError(
      `The document defines ${fragments.size} fragments; at most ${limits.maxFragments} are allowed.`,
    );
  }

  const fragmentCounts = new Map<string, FieldCounts>();
  const counting = new Set<string>();
  let refusal: GraphQLError | null = null;

  const add = (into: FieldCounts, name: string, count: number, at: SelectionSetNode) => {
    const total = (into.get(name) ?? 0) + count;
    into.set(name, total);
    if (total > limits.maxRepeatedFields && !refusal) {
      refusal = new GraphQLError(
        `The field "${name}" is selected ${total} times in one selection set; at most ${limits.maxRepeatedFields} are allowed.`,
        { nodes: at },
      );
    }
  };

  const countsOfFragment = (name: string): FieldCounts => {
    const known = fragmentCounts.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || counting.has(name)) return new Map();
    counting.add(name);
    const counts = countsOf(fragment.selectionSet);
    counting.delete(name);
    fragmentCounts.set(name, counts);
    return counts;
  };

  // Every selection set is counted once (its sub-selections are walked from here, not from their parents'
  // counts), so the work is linear in the document plus the fragments' memoized counts.
  const countsOf = (selectionSet: SelectionSetNode): FieldCounts => {
    const counts: FieldCounts = new Map();
    for (const selection of selectionSet.selections) {
      if (refusal) return counts;
      if (selection.kind === Kind.FIELD) {
        add(counts, selection.alias?.value ?? selection.name.value, 1, selectionSet);
        if (selection.selectionSet) countsOf(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        for (const [name, count] of countsOf(selection.selectionSet)) add(counts, name, count, selectionSet);
      } else {
        for (const [name, count] of countsOfFragment(selection.name.value)) add(counts, name, count, selectionSet);
      }
    }
    return counts;
  };

  for (const definition of document.definitions) {
    if (refusal) break;
    if (definition.kind === Kind.OPERATION_DEFINITION) countsOf(definition.selectionSet);
    else if (definition.kind === Kind.FRAGMENT_DEFINITION) countsOfFragment(definition.name.value);
  }
  return refusal;
}
