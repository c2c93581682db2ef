import { defineFeature } from "../../platform/feature-module";
import { LiveResolver } from "./live.resolver";

/** Subscriptions to committed changes (their events are created with the mutation runner, in src/app/services.ts). */
export const liveFeature = defineFeature({
  name: "live",
  resolvers: [LiveResolver],
});
