import { Router } from "express";
import type { RouteDependencies } from "../../platform/feature-module";
import { activityCsvEndpoint } from "./activity-csv";
import { meetingsFeedEndpoint } from "./atom-endpoint";
import { meetingCalendarEndpoint, meetingsCalendarEndpoint } from "./calendar-endpoints";
import { ACTIVITY_CSV_PATH, CALENDAR_PATH, FEED_PATH, MEETINGS_CSV_PATH } from "./feed-ids";
import { meetingsCsvEndpoint } from "./meetings-csv";

/** The public GET endpoints of the feeds feature. */
export function createFeedRoutes(dependencies: RouteDependencies): Router {
  const { operations } = dependencies;
  const router = Router();
  router.get(CALENDAR_PATH, operations.handler(meetingsCalendarEndpoint(dependencies)));
  router.get("/calendar/:slug.ics", operations.handler(meetingCalendarEndpoint(dependencies)));
  router.get(FEED_PATH, operations.handler(meetingsFeedEndpoint(dependencies)));
  router.get(MEETINGS_CSV_PATH, operations.handler(meetingsCsvEndpoint(dependencies)));
  router.get(ACTIVITY_CSV_PATH, operations.handler(activityCsvEndpoint(dependencies)));
  return router;
}
