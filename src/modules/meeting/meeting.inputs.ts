import { ArrayMaxSize, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ConnectionArgs } from "../../platform/db/pagination";
import { CountryCodeScalar, DateScalar } from "../../common/scalars";
import { MeetingKind, MeetingOrderField, MeetingStatus, MeetingTiming, OrderDirection } from "./meeting.enums";

export const MAX_FILTER_VALUES = 50;

@InputType("MeetingFilter", {
  description: "Narrows a list of meetings. Conditions combine with AND; values within one list with OR.",
})
export class MeetingFilter {
  @Field(() => [String], {
    nullable: true,
    description: "Only meetings of these regions (codes, e.g. `AMERICAS_CARIBBEAN`). Unknown codes match nothing.",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  regionCodes?: string[] | null;

  @Field(() => [CountryCodeScalar], {
    nullable: true,
    description: "Only meetings hosted by the Members of these countries (ISO codes, e.g. `PE`).",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  hostIsoCodes?: string[] | null;

  @Field(() => [MeetingKind], { nullable: true, description: "Only meetings of these kinds." })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  kinds?: MeetingKind[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "Only meetings starting on or after this date. Meetings with no known date are left out.",
  })
  startDateFrom?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "Only meetings starting on or before this date. Meetings with no known date are left out.",
  })
  startDateTo?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: "Only meetings with at least one agenda item on one of these theme pillars (ThemePillar ids).",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  pillarIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: "Only meetings linked to the annual theme of this year." })
  themeYear?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Only meetings whose title contains this text (case-insensitive).",
  })
  @MaxLength(200)
  titleContains?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Only meetings of this series (a MeetingSeries id); sort them in session order with `MeetingSeries.meetings`.",
  })
  seriesId?: string | null;

  @Field(() => MeetingTiming, {
    nullable: true,
    description:
      "Only meetings that are upcoming, ongoing or past today, each judged on the calendar of its own time zone (UTC for a meeting with no time zone), by dates alone. Meetings with no start date are none of these, so any `when` leaves them out.",
  })
  when?: MeetingTiming | null;

  @Field(() => [MeetingStatus], {
    nullable: true,
    description: "Only meetings with one of these statuses, e.g. `[SCHEDULED, POSTPONED]` with `when: UPCOMING`.",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  statuses?: MeetingStatus[] | null;
}

@InputType("MeetingOrder", { description: "How to sort meetings." })
export class MeetingOrder {
  @Field(() => MeetingOrderField, { defaultValue: MeetingOrderField.START_DATE, description: "What to sort by." })
  field: MeetingOrderField = MeetingOrderField.START_DATE;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: "Which way." })
  direction: OrderDirection = OrderDirection.DESC;
}

/**
 * The arguments of every list of meetings — the root `meetings` query, `Region.meetings` and
 * `Member.hostedMeetings`: a page, a filter and an order, declared once. `@ValidateNested` makes class-validator
 * check the filter's own rules (lengths, list sizes) as it does for an `@Arg`; problems keep their paths
 * (`filter.titleContains`).
 */
@ArgsType()
export class MeetingListArgs extends ConnectionArgs {
  @Field(() => MeetingFilter, { nullable: true, description: "Narrows the list." })
  @ValidateNested()
  filter?: MeetingFilter | null;

  @Field(() => MeetingOrder, {
    nullable: true,
    description: "Sort order; newest first (`START_DATE` `DESC`) by default.",
  })
  @ValidateNested()
  orderBy?: MeetingOrder | null;
}
