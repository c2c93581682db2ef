import { ArrayMaxSize, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

/** Most values one list of a filter may hold. */
const MAX_FILTER_VALUES = 50;

@InputType("MeetingSeriesFilter", { description: "Narrows a list of meeting series. Conditions combine with AND." })
export class MeetingSeriesFilter {
  @Field(() => [String], {
    nullable: true,
    description:
      "Only the regional series of these regions (codes, e.g. `AMERICAS_CARIBBEAN`). Unknown codes match nothing.",
  })
  @ArrayMaxSize(MAX_FILTER_VALUES)
  regionCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Only series whose name contains this text (case-insensitive).",
  })
  @MaxLength(200)
  nameContains?: string | null;
}
