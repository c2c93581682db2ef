import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { loadRequired } from "../../platform/db/loaders";
import type { GatewayContext } from "../../platform/context";
import { Meeting } from "../meeting/meeting.entity";
import { Member } from "../member/member.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { ActivityGranularity } from "./activity.enums";
import { ActivityFilter } from "./activity.inputs";
import { MAX_BUCKETS, MAX_YEARS } from "./activity.periods";
import { MAX_SUMMARY_ITEMS } from "./activity.service";
import {
  ActivitySummary,
  ActivityTotals,
  HostMeetingCount,
  PeriodMeetingCount,
  PillarCount,
  RegionActivity,
  RegionMeetingCount,
} from "./activity.types";
import { ActivityService } from "./activity.service";

const DEFAULT_SUMMARY_ITEMS = 5;

@Resolver()
export class ActivityResolver {
  constructor(private readonly activity: ActivityService) {}

  @Query(() => [RegionActivity], {
    description: `Activity per region and period, for dashboards: one entry for each region the filter selects (by code) and each period of the range, including periods without activity (zero counts), so charts need no gap-filling. The range runs from \`filter.from\` to \`filter.to\`; a bound that is absent is the first (last) period with activity. An empty range or unknown region codes give an empty list. A range of more than ${MAX_YEARS} years or ${MAX_BUCKETS} periods is refused with BAD_USER_INPUT. Meetings with no known start date or no region are not counted.`,
  })
  regionalActivity(
    @Arg("filter", () => ActivityFilter, { nullable: true, description: "Which meetings to count." })
    filter: ActivityFilter | null,
    @Arg("granularity", () => ActivityGranularity, {
      defaultValue: ActivityGranularity.MONTH,
      description: "How long each period is.",
    })
    granularity: ActivityGranularity,
  ): Promise<RegionActivity[]> {
    const activity = this.activity;
    return activity.regional(activity.normalize(filter), granularity);
  }

  @Query(() => ActivitySummary, {
    description:
      "An overview of the meetings a filter selects: totals, the busiest region and period, the top hosts and the latest meetings.",
  })
  activitySummary(
    @Arg("filter", () => ActivityFilter, { nullable: true, description: "Which meetings to summarise." })
    filter: ActivityFilter | null,
  ): ActivitySummary {
    return new ActivitySummary(this.activity.normalize(filter));
  }
}

@Resolver(() => ActivitySummary)
export class ActivitySummaryResolver {
  constructor(private readonly activity: ActivityService) {}

  @FieldResolver(() => ActivityTotals, { description: "Totals over the selected meetings." })
  totals(@Root() summary: ActivitySummary): Promise<ActivityTotals> {
    return this.activity.totals(summary.query);
  }

  @FieldResolver(() => RegionMeetingCount, {
    nullable: true,
    description:
      "The region that held most of the selected meetings (ties: the first by code); null when none was selected.",
  })
  busiestRegion(@Root() summary: ActivitySummary): Promise<RegionMeetingCount | null> {
    return this.activity.busiestRegion(summary.query);
  }

  @FieldResolver(() => PeriodMeetingCount, {
    nullable: true,
    description:
      "The period in which most of the selected meetings started (ties: the earliest); null when none was selected.",
  })
  busiestPeriod(
    @Root() summary: ActivitySummary,
    @Arg("granularity", () => ActivityGranularity, {
      defaultValue: ActivityGranularity.MONTH,
      description: "How long the periods compared are.",
    })
    granularity: ActivityGranularity,
  ): Promise<PeriodMeetingCount | null> {
    return this.activity.busiestPeriod(summary.query, granularity);
  }

  @FieldResolver(() => [HostMeetingCount], {
    description: "The Members that hosted most of the selected meetings, most first (ties: in creation order).",
  })
  topHosts(
    @Root() summary: ActivitySummary,
    @Arg("first", () => Int, {
      defaultValue: DEFAULT_SUMMARY_ITEMS,
      description: `How many Members to list, 0–${MAX_SUMMARY_ITEMS}.`,
    })
    first: number,
  ): Promise<HostMeetingCount[]> {
    return this.activity.topHosts(summary.query, first);
  }

  @FieldResolver(() => [Meeting], {
    description: "The selected meetings that started last, newest first.",
  })
  recentMeetings(
    @Root() summary: ActivitySummary,
    @Arg("first", () => Int, {
      defaultValue: DEFAULT_SUMMARY_ITEMS,
      description: `How many meetings to list, 0–${MAX_SUMMARY_ITEMS}.`,
    })
    first: number,
  ): Promise<Meeting[]> {
    return this.activity.recentMeetings(summary.query, first);
  }
}

@Resolver(() => PillarCount)
export class PillarCountResolver {
  @FieldResolver(() => ThemePillar, { description: "The theme pillar." })
  pillar(@Root() count: PillarCount, @Ctx() ctx: GatewayContext): Promise<ThemePillar> {
    return loadRequired(ctx.loaders.pillarById, count.pillarId, "ThemePillar");
  }
}

@Resolver(() => HostMeetingCount)
export class HostMeetingCountResolver {
  @FieldResolver(() => Member, { description: "The hosting Member." })
  member(@Root() count: HostMeetingCount, @Ctx() ctx: GatewayContext): Promise<Member> {
    return loadRequired(ctx.loaders.memberById, count.memberId, "Member");
  }
}
