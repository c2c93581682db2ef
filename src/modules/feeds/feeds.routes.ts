import { Router } from "express";
import type { RouteDependencies } from "../../platform/feature-module";
import { meetingsCsvEndpoint } from "./meetings-csv";

/** The public GET endpoints of the feeds feature. */
export function createFeedRoutes(dependencies: RouteDependencies): Router {
  const { operations } = dependencies;
  const router = Router();
  router.get("/meetings.csv", operations.handler(meetingsCsvEndpoint(dependencies)));
  return router;
}
