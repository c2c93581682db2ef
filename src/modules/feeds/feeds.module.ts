import { defineFeature } from "../../platform/feature-module";
import { FeedResolver, MeetingCalendarResolver } from "./feeds.resolver";
import { createFeedRoutes } from "./feeds.routes";
import { FeedService } from "./feeds.service";

/**
 * Where users already live: the directory as iCalendar, Atom and CSV at plain GET URLs, each a fixed query run
 * through /graphql's pipeline (src/platform/http/operation-routes.ts), and `Meeting.calendarUrl`.
 */
export const feedsFeature = defineFeature({
  name: "feeds",
  resolvers: [MeetingCalendarResolver, FeedResolver],
  services: ({ reader }) => [new FeedService(reader)],
  routes: createFeedRoutes,
});
