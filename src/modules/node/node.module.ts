import { defineFeature } from "../../platform/feature-module";
import { NodeResolver } from "./node.resolver";

/** `node(id:)` and `nodes(ids:)`: any object by its global id, over the Node types every feature registers. */
export const nodeFeature = defineFeature({
  name: "node",
  resolvers: [NodeResolver],
});
