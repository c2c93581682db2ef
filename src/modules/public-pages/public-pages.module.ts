import { defineFeature } from "../../platform/feature-module";
import { createPublicPageRoutes } from "./public-pages.routes";

/**
 * Public meeting pages: `/meetings` and `/meetings/<slug>`, server-rendered HTML with schema.org `Event` JSON-LD,
 * read through named GraphQL operations of the public schema (src/modules/public-pages/public-pages.operations.ts).
 * No tables and no resolvers of its own: the pages are a client of the API, run by the gateway itself.
 */
export const publicPagesFeature = defineFeature({
  name: "public-pages",
  routes: createPublicPageRoutes,
});
