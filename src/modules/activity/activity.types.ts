import { Field, Int, ObjectType } from "type-graphql";
import { DateScalar } from "../../common/scalars";
import { Region } from "../region/region.entity";
import type { ActivityQuery } from "./activity.service";

@ObjectType("ActivityPeriod", {
  simpleResolvers: true,
  description: "A calendar period of an activity report: a year, a quarter or a month.",
})
export class ActivityPeriod {
  @Field({ description: "Identifies the period: `2021` (year), `2021-Q2` (quarter) or `2021-04` (month)." })
  key!: string;

  @Field(() => DateScalar, { description: "The period's first day, e.g. `2021-04-01`." })
  firstDay!: string;

  @Field(() => DateScalar, { description: "The period's last day, e.g. `2021-06-30` for `2021-Q2`." })
  lastDay!: string;
}

@ObjectType("PillarCount", {
  description: "How many of the counted agenda items served one theme pillar.",
})
export class PillarCount {
  /** Resolved through the per-request pillar loader. */
  pillarId!: number;

  @Field(() => Int, { description: "Number of agenda items on this pillar." })
  agendaItemCount!: number;
}

@ObjectType("RegionActivity", {
  simpleResolvers: true,
  description:
    "What happened in one region during one period. Periods without activity inside the requested range are reported with zero counts.",
})
export class RegionActivity {
  @Field(() => Region, { description: "The region." })
  region!: Region;

  @Field(() => ActivityPeriod, { description: "The period." })
  period!: ActivityPeriod;

  @Field(() => Int, { description: "Number of meetings of the region that started in the period." })
  meetingCount!: number;

  @Field(() => Int, { description: "Number of agenda items of those meetings." })
  agendaItemCount!: number;

  @Field(() => Int, { description: "Number of distinct Members that hosted those meetings." })
  hostCount!: number;

  @Field(() => Int, { description: "Number of distinct people who took part in those meetings, in any role." })
  participantCount!: number;

  @Field(() => [PillarCount], {
    description:
      "Agenda items per theme pillar, pillars with at least one item only, by pillar in creation order. Items serving no pillar count only in `agendaItemCount`.",
  })
  pillars!: PillarCount[];
}

@ObjectType("ActivityTotals", {
  simpleResolvers: true,
  description: "Totals over every meeting an activity filter selects.",
})
export class ActivityTotals {
  @Field(() => Int, { description: "Number of meetings (with a known start date), in any region or none." })
  meetingCount!: number;

  @Field(() => Int, { description: "Number of agenda items of those meetings." })
  agendaItemCount!: number;

  @Field(() => Int, { description: "Number of distinct Members that hosted those meetings." })
  hostCount!: number;

  @Field(() => Int, { description: "Number of distinct people who took part in those meetings, in any role." })
  participantCount!: number;

  @Field(() => Int, {
    description:
      "Number of meetings the filter's regions, kinds and pillars select that have no known start date. They belong to no period, so none of the counts above (nor `regionalActivity`) includes them; `from` and `to` do not apply to them.",
  })
  undatedMeetingCount!: number;
}

@ObjectType("RegionMeetingCount", {
  simpleResolvers: true,
  description: "A region and how many of the selected meetings it held.",
})
export class RegionMeetingCount {
  @Field(() => Region, { description: "The region." })
  region!: Region;

  @Field(() => Int, { description: "Number of selected meetings held in the region." })
  meetingCount!: number;
}

@ObjectType("PeriodMeetingCount", {
  simpleResolvers: true,
  description: "A period and how many of the selected meetings started in it.",
})
export class PeriodMeetingCount {
  @Field(() => ActivityPeriod, { description: "The period." })
  period!: ActivityPeriod;

  @Field(() => Int, { description: "Number of selected meetings that started in the period." })
  meetingCount!: number;
}

@ObjectType("HostMeetingCount", {
  description: "A Member and how many of the selected meetings it hosted.",
})
export class HostMeetingCount {
  /** Resolved through the per-request Member loader. */
  memberId!: number;

  @Field(() => Int, { description: "Number of selected meetings the Member hosted." })
  meetingCount!: number;
}

@ObjectType("ActivitySummary", {
  description:
    "A dashboard's overview of the meetings an activity filter selects. Each field runs its own aggregate query, only when selected.",
})
export class ActivitySummary {
  constructor(readonly query: ActivityQuery) {}
}
