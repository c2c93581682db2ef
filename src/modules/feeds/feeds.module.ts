import { defineFeature } from "../../platform/feature-module";
import { MeetingCalendarResolver } from "./feeds.resolver";
import { createFeedRoutes } from "./feeds.routes";

/**
 * Where users already live: the directory as iCalendar, Atom and CSV at plain GET URLs, each a fixed query run
 * through /graphql's pipeline (src/platform/http/operation-routes.ts).
 */
export const feedsFeature = defineFeature({
  name: "feeds",
  resolvers: [MeetingCalendarResolver],
  routes: createFeedRoutes,
});
