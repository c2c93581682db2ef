import type { NodeLookup } from "../../platform/feature-module";

/**
 * The Node types `node(id:)` can fetch, with the loader of each, as the features register them
 * (src/app/features.ts): the node feature itself knows no other feature.
 */
export class NodeTypes {
  constructor(private readonly lookups: ReadonlyMap<string, NodeLookup>) {}

  lookup(typename: string): NodeLookup | undefined {
    return this.lookups.get(typename);
  }
}
