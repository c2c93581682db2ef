import { ArrayMaxSize } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../common/scalars";
import { MeetingKind } from "../meeting/meeting.enums";
import { MAX_FILTER_VALUES } from "../meeting/meeting.inputs";

@InputType("ActivityFilter", {
  description:
    "Which meetings an activity report counts. Conditions combine with AND; values within one list with OR. Meetings with no known start date are never counted: they belong to no period.",
})
export class ActivityFilter {
  @Field(() => [String], {
    nullable: true,
    description: "Only these regions (codes, e.g. `AMERICAS_CARIBBEAN`). Unknown codes match nothing.",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  regionCodes?: string[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "Only meetings starting on or after this calendar date (inclusive). Also the start of the reported range of periods.",
  })
  from?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "Only meetings starting on or before this calendar date (inclusive). Also the end of the reported range of periods. A `to` before `from` is an empty range.",
  })
  to?: string | null;

  @Field(() => [MeetingKind], { nullable: true, description: "Only meetings of these kinds." })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  kinds?: MeetingKind[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      "Only meetings with at least one agenda item on one of these theme pillars (ThemePillar ids). All agenda items of those meetings are counted.",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  pillarIds?: string[] | null;
}
