import { Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { SLUG_MESSAGE, SLUG_PATTERN, TextLength } from "../../common/input-rules";
import { DeletionInput, ExistingObjectInput } from "../../common/mutation-inputs";
import { SERIES_LIMITS } from "./series.rules";

@InputType("CreateMeetingSeriesInput", {
  description: "A new meeting series. Meetings join it with `createMeeting`/`updateMeeting` (`seriesId`).",
})
export class CreateMeetingSeriesInput {
  @Field({ description: "Stable, URL-safe key, unique, e.g. `wco-council`." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, SERIES_LIMITS.slug)
  slug!: string;

  @Field({ description: `Name, 1–${SERIES_LIMITS.name} characters, e.g. \`WCO Council\`.` })
  @TextLength(1, SERIES_LIMITS.name)
  name!: string;

  @Field(() => String, { nullable: true, description: `Short name, 1–${SERIES_LIMITS.shortName} characters.` })
  @TextLength(1, SERIES_LIMITS.shortName)
  shortName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `What the series is; up to ${SERIES_LIMITS.description.toLocaleString("en")} characters.`,
  })
  @TextLength(1, SERIES_LIMITS.description)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "The region, for the series of one region's meetings." })
  regionId?: string | null;
}

@InputType("UpdateMeetingSeriesInput", {
  description: "Changes to a meeting series; omitted fields stay as they are, `null` clears optional ones.",
})
export class UpdateMeetingSeriesInput extends ExistingObjectInput("series") {
  @Field(() => String, { nullable: true, description: "New slug; must stay unique." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, SERIES_LIMITS.slug)
  slug?: string;

  @Field(() => String, { nullable: true, description: "New name." })
  @TextLength(1, SERIES_LIMITS.name)
  name?: string;

  @Field(() => String, { nullable: true, description: "New short name; `null` clears it." })
  @TextLength(1, SERIES_LIMITS.shortName)
  shortName?: string | null;

  @Field(() => String, { nullable: true, description: "New description; `null` clears it." })
  @TextLength(1, SERIES_LIMITS.description)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "New region; `null` clears it." })
  regionId?: string | null;
}

@InputType("DeleteMeetingSeriesInput", { description: "Which meeting series to delete, and whether to cascade." })
export class DeleteMeetingSeriesInput extends DeletionInput(
  "series",
  "Without cascade, a series that still has meetings is not deleted (CONFLICT); with cascade, its meetings leave the series and lose their session numbers.",
) {}
