import { defineFeature } from "../../platform/feature-module";
import { ActivityGranularity } from "./activity.enums";
import { periodCountOf } from "./activity.periods";
import {
  ActivityResolver,
  ActivitySummaryResolver,
  HostMeetingCountResolver,
  PillarCountResolver,
} from "./activity.resolver";
import { ActivityService } from "./activity.service";
import { refreshStaleActivity } from "./activity.summary";

/** The WCO's six regions: what `regionalActivity` covers when its filter names none. */
const REGION_COUNT = 6;

const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * `regionalActivity` returns one entry per region and period: the regions the filter names (all six when it
 * names none) times the periods of its range at its granularity (exact for a closed range; an open range is
 * assumed to span OPEN_RANGE_YEARS). A century by month is 6 × 1,200 entries, each with its pillar counts.
 */
function regionalActivityEntries(args: Record<string, unknown>): number {
  const filter = (args.filter ?? {}) as Record<string, unknown>;
  const codes = Array.isArray(filter.regionCodes) ? new Set(filter.regionCodes).size : REGION_COUNT;
  const granularity =
    Object.values(ActivityGranularity).find((g) => g === args.granularity) ?? ActivityGranularity.MONTH;
  return codes * periodCountOf(granularity, stringOrNull(filter.from), stringOrNull(filter.to));
}

/** Dashboards' reports: regional activity by period, and summaries. */
export const activityFeature = defineFeature({
  name: "activity",
  resolvers: [ActivityResolver, ActivitySummaryResolver, PillarCountResolver, HostMeetingCountResolver],
  services: ({ reader }) => [new ActivityService(reader)],
  // Every unit of work brings the buckets its changes marked up to date before it commits (activity.summary.ts).
  beforeCommit: refreshStaleActivity,
  listSizes: {
    "Query.regionalActivity": regionalActivityEntries,
    // The pillars of one period's theme: a period never spans more than one theme year.
    "RegionActivity.pillars": 5,
  },
});
