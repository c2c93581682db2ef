import { ArrayMaxSize, IsInt, IsUrl, Matches, Max, Min, ValidateNested } from "class-validator";
import { Type } from "class-transformer";
import { Field, ID, InputType, Int } from "type-graphql";
import { SLUG_MESSAGE, SLUG_PATTERN, TextLength } from "../../common/input-rules";
import { DeletionInput, ExistingObjectInput } from "../../common/mutation-inputs";
import { DateScalar, LocalTimeScalar, TimeZoneScalar } from "../../common/scalars";
import { SERIES_LIMITS } from "../series/series.rules";
import { OnlineLinkInput } from "../venue/venue.mutation-inputs";
import { MeetingFormat, MeetingKind, MeetingStatus, ParticipationRole } from "./meeting.enums";
import {
  LANGUAGE_MESSAGE,
  LANGUAGE_PATTERN,
  MEETING_LIMITS,
  SOURCE_LIMITS,
  SOURCE_URL_MESSAGE,
  SOURCE_URL_OPTIONS,
} from "./meeting.rules";

@InputType("CreateMeetingInput", {
  description: "A new meeting. Its agenda and participants are added with their own mutations.",
})
export class CreateMeetingInput {
  @Field({ description: "Stable, URL-safe key, unique, e.g. `2021-04-22-americas-caribbean-heads-of-customs`." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, MEETING_LIMITS.slug)
  slug!: string;

  @Field({ description: `Title, 1–${MEETING_LIMITS.title} characters.` })
  @TextLength(1, MEETING_LIMITS.title)
  title!: string;

  @Field(() => MeetingKind, { description: "What kind of event it is." })
  kind!: MeetingKind;

  @Field(() => String, {
    nullable: true,
    description: `What it was about; up to ${MEETING_LIMITS.summary.toLocaleString("en")} characters.`,
  })
  @TextLength(1, MEETING_LIMITS.summary)
  summary?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "First day, in the meeting's own time zone." })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day; not before `startDate`." })
  endDate?: string | null;

  @Field(() => LocalTimeScalar, {
    nullable: true,
    description: "Local time it begins on `startDate` (`HH:MM`); needs `startDate` and `timezone`.",
  })
  startTime?: string | null;

  @Field(() => LocalTimeScalar, {
    nullable: true,
    description:
      "Local time it ends on `endDate` (`HH:MM`); needs `endDate` and `timezone`, and comes after `startTime` on a one-day meeting.",
  })
  endTime?: string | null;

  @Field(() => TimeZoneScalar, { nullable: true, description: "IANA time zone of the dates, e.g. `America/Lima`." })
  timezone?: string | null;

  @Field(() => MeetingFormat, {
    defaultValue: MeetingFormat.UNKNOWN,
    description: "In person, virtual, hybrid or unknown.",
  })
  format!: MeetingFormat;

  @Field(() => MeetingStatus, {
    defaultValue: MeetingStatus.SCHEDULED,
    description: "Scheduled, postponed, cancelled or held; `SCHEDULED` unless a source says otherwise.",
  })
  status!: MeetingStatus;

  @Field(() => ID, { nullable: true, description: "The region." })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: "The hosting Member." })
  hostId?: string | null;

  @Field(() => ID, { nullable: true, description: "Who convened it (a Person)." })
  convenerId?: string | null;

  @Field(() => ID, { nullable: true, description: "The annual theme it followed." })
  themeId?: string | null;

  @Field(() => ID, { nullable: true, description: "The series it belongs to (a MeetingSeries)." })
  seriesId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Which session of its series it is (e.g. 141); needs `seriesId`, and is unique within the series.",
  })
  @IsInt()
  @Min(SERIES_LIMITS.sessionNumber.min)
  @Max(SERIES_LIMITS.sessionNumber.max)
  sessionNumber?: number | null;

  @Field(() => ID, { nullable: true, description: "Where it is held (a Venue)." })
  venueId?: string | null;

  @Field(() => OnlineLinkInput, { nullable: true, description: "Where to join it online." })
  @ValidateNested()
  @Type(() => OnlineLinkInput)
  onlineLink?: OnlineLinkInput | null;

  @Field(() => [ID], { defaultValue: [], description: `Sources that document it; at most ${MEETING_LIMITS.sources}.` })
  @ArrayMaxSize(MEETING_LIMITS.sources)
  sourceIds!: string[];
}

@InputType("UpdateMeetingInput", {
  description: "Changes to a meeting; omitted fields stay as they are, `null` clears optional ones.",
})
export class UpdateMeetingInput extends ExistingObjectInput("meeting") {
  @Field(() => String, { nullable: true, description: "New slug; must stay unique." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, MEETING_LIMITS.slug)
  slug?: string;

  @Field(() => String, { nullable: true, description: "New title." })
  @TextLength(1, MEETING_LIMITS.title)
  title?: string;

  @Field(() => MeetingKind, { nullable: true, description: "New kind." })
  kind?: MeetingKind;

  @Field(() => String, { nullable: true, description: "New summary; `null` clears it." })
  @TextLength(1, MEETING_LIMITS.summary)
  summary?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "New first day; `null` clears it." })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "New last day; `null` clears it." })
  endDate?: string | null;

  @Field(() => LocalTimeScalar, {
    nullable: true,
    description: "New local start time (`HH:MM`); `null` clears it. Needs a start date and a time zone.",
  })
  startTime?: string | null;

  @Field(() => LocalTimeScalar, {
    nullable: true,
    description: "New local end time (`HH:MM`); `null` clears it. Needs an end date and a time zone.",
  })
  endTime?: string | null;

  @Field(() => TimeZoneScalar, {
    nullable: true,
    description: "New time zone; `null` clears it (refused while the meeting has local times).",
  })
  timezone?: string | null;

  @Field(() => MeetingFormat, { nullable: true, description: "New format." })
  format?: MeetingFormat;

  @Field(() => MeetingStatus, { nullable: true, description: "New status, e.g. `HELD` once a source reports it." })
  status?: MeetingStatus;

  @Field(() => ID, { nullable: true, description: "New region; `null` clears it." })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: "New host; `null` clears it." })
  hostId?: string | null;

  @Field(() => ID, { nullable: true, description: "New convener; `null` clears it." })
  convenerId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "New theme; `null` clears it (refused while agenda items serve its pillars).",
  })
  themeId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "New series; `null` takes the meeting out of its series. Either way it loses its session number, unless `sessionNumber` gives one.",
  })
  seriesId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "New session number within the series (unique there); `null` clears it.",
  })
  @IsInt()
  @Min(SERIES_LIMITS.sessionNumber.min)
  @Max(SERIES_LIMITS.sessionNumber.max)
  sessionNumber?: number | null;

  @Field(() => ID, { nullable: true, description: "New venue; `null` clears it." })
  venueId?: string | null;

  @Field(() => OnlineLinkInput, {
    nullable: true,
    description: "New online link (URL and platform); `null` clears it.",
  })
  @ValidateNested()
  @Type(() => OnlineLinkInput)
  onlineLink?: OnlineLinkInput | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the set of sources." })
  @ArrayMaxSize(MEETING_LIMITS.sources)
  sourceIds?: string[];
}

@InputType("CreateParticipationInput", { description: "A person's part in a meeting." })
export class CreateParticipationInput {
  @Field(() => ID, { description: "The meeting." })
  meetingId!: string;

  @Field(() => ID, { description: "The person." })
  personId!: string;

  @Field(() => ParticipationRole, { description: "Their role; a person may hold several roles, each once." })
  role!: ParticipationRole;
}

@InputType("UpdateParticipationInput", { description: "A new role for a participation." })
export class UpdateParticipationInput extends ExistingObjectInput("participation") {
  @Field(() => ParticipationRole, { description: "The new role." })
  role!: ParticipationRole;
}

@InputType("DeleteParticipationInput", { description: "Which participation to delete, and whether to cascade." })
export class DeleteParticipationInput extends DeletionInput(
  "participation",
  "A speaker must be a participant. Without cascade, removing a speaker's last participation in the meeting is refused (CONFLICT); with cascade, their speaking slots in that meeting are removed too.",
) {}

@InputType("CreateSourceInput", { description: "A published item that documents meetings." })
export class CreateSourceInput {
  @Field({ description: `Headline, 1–${SOURCE_LIMITS.title} characters.` })
  @TextLength(1, SOURCE_LIMITS.title)
  title!: string;

  @Field({ description: `Publisher, 1–${SOURCE_LIMITS.publisher} characters.` })
  @TextLength(1, SOURCE_LIMITS.publisher)
  publisher!: string;

  @Field(() => DateScalar, { description: "Publication date." })
  publishedOn!: string;

  @Field({ description: "BCP 47 language tag, e.g. `en`, `es`, `fr`." })
  @Matches(LANGUAGE_PATTERN, { message: LANGUAGE_MESSAGE })
  @TextLength(1, SOURCE_LIMITS.language)
  language!: string;

  @Field(() => String, { nullable: true, description: "Where to read it: an http or https URL." })
  @IsUrl(SOURCE_URL_OPTIONS, { message: SOURCE_URL_MESSAGE })
  @TextLength(1, SOURCE_LIMITS.url)
  url?: string | null;
}

@InputType("UpdateSourceInput", { description: "Changes to a source; omitted fields stay as they are." })
export class UpdateSourceInput extends ExistingObjectInput("source") {
  @Field(() => String, { nullable: true, description: "New headline." })
  @TextLength(1, SOURCE_LIMITS.title)
  title?: string;

  @Field(() => String, { nullable: true, description: "New publisher." })
  @TextLength(1, SOURCE_LIMITS.publisher)
  publisher?: string;

  @Field(() => DateScalar, { nullable: true, description: "New publication date." })
  publishedOn?: string;

  @Field(() => String, { nullable: true, description: "New language tag." })
  @Matches(LANGUAGE_PATTERN, { message: LANGUAGE_MESSAGE })
  @TextLength(1, SOURCE_LIMITS.language)
  language?: string;

  @Field(() => String, { nullable: true, description: "New URL (http or https); `null` clears it." })
  @IsUrl(SOURCE_URL_OPTIONS, { message: SOURCE_URL_MESSAGE })
  @TextLength(1, SOURCE_LIMITS.url)
  url?: string | null;
}

@InputType("DeleteSourceInput", { description: "Which source to delete, and whether to cascade." })
export class DeleteSourceInput extends DeletionInput(
  "source",
  "Without cascade, a source that documents meetings is not deleted (CONFLICT); with cascade, it is unlinked from them.",
) {}
