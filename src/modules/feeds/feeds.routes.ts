import { Router } from "express";
import type { RouteDependencies } from "../../platform/feature-module";
import { meetingCalendarEndpoint, meetingsCalendarEndpoint } from "./calendar-endpoints";
import { meetingsCsvEndpoint } from "./meetings-csv";

/** The public GET endpoints of the feeds feature. */
export function createFeedRoutes(dependencies: RouteDependencies): Router {
  const { operations } = dependencies;
  const router = Router();
  router.get("/calendar.ics", operations.handler(meetingsCalendarEndpoint(dependencies)));
  router.get("/calendar/:slug.ics", operations.handler(meetingCalendarEndpoint(dependencies)));
  router.get("/meetings.csv", operations.handler(meetingsCsvEndpoint(dependencies)));
  return router;
}
