import { defineFeature } from "../../platform/feature-module";
import { Region } from "./region.entity";
import { createRegionLoaders } from "./region.loaders";
import { RegionMutations } from "./region.mutations";
import { RegionResolver } from "./region.resolver";
import { RegionService } from "./region.service";

/** The six WCO regions. */
export const regionFeature = defineFeature({
  name: "region",
  entities: [Region],
  resolvers: [RegionResolver],
  services: ({ reader, mutations }) => [new RegionService(reader), new RegionMutations(mutations)],
  loaders: createRegionLoaders,
  nodes: { Region: { loader: "regionById" } },
  listSizes: { "Query.regions": 6 },
});
