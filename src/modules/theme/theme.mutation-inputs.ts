import { ArrayMaxSize, IsInt, Max, Min, ValidateNested } from "class-validator";
import { Type } from "class-transformer";
import { Field, ID, InputType, Int } from "type-graphql";
import { TextLength } from "../../common/input-rules";
import { DeletionInput, ExistingObjectInput } from "../../common/mutation-inputs";
import { PILLAR_LIMITS, THEME_LIMITS } from "./theme.rules";

@InputType("ThemePillarDraft", { description: "A pillar given with a new theme." })
export class ThemePillarDraft {
  @Field({ description: `Name, 1–${PILLAR_LIMITS.name} characters, unique within the theme.` })
  @TextLength(1, PILLAR_LIMITS.name)
  name!: string;

  @Field(() => [String], {
    description: `Focus areas, in order; each 1–${PILLAR_LIMITS.focusArea} characters; at most ${PILLAR_LIMITS.focusAreas}.`,
  })
  @ArrayMaxSize(PILLAR_LIMITS.focusAreas)
  @TextLength(1, PILLAR_LIMITS.focusArea, { each: true })
  focusAreas!: string[];
}

@InputType("CreateThemeInput", { description: "The WCO theme of a year." })
export class CreateThemeInput {
  @Field(() => Int, { description: "The year; one theme per year." })
  @IsInt()
  @Min(THEME_LIMITS.year.min)
  @Max(THEME_LIMITS.year.max)
  year!: number;

  @Field({ description: `Title, 1–${THEME_LIMITS.title} characters.` })
  @TextLength(1, THEME_LIMITS.title)
  title!: string;

  @Field(() => [ThemePillarDraft], {
    defaultValue: [],
    description: `Pillars, in order; at most ${THEME_LIMITS.pillars}.`,
  })
  @ArrayMaxSize(THEME_LIMITS.pillars)
  @ValidateNested({ each: true })
  @Type(() => ThemePillarDraft)
  pillars!: ThemePillarDraft[];
}

@InputType("UpdateThemeInput", { description: "Changes to a theme; pillars change through their own mutations." })
export class UpdateThemeInput extends ExistingObjectInput("theme") {
  @Field(() => Int, { nullable: true, description: "New year; must stay unique." })
  @Min(THEME_LIMITS.year.min)
  @Max(THEME_LIMITS.year.max)
  year?: number;

  @Field(() => String, { nullable: true, description: "New title." })
  @TextLength(1, THEME_LIMITS.title)
  title?: string;
}

@InputType("DeleteThemeInput", { description: "Which theme to delete, and whether to cascade." })
export class DeleteThemeInput extends DeletionInput(
  "theme",
  "Its pillars are always deleted with it. Without cascade, a theme that meetings follow, or whose pillars agenda items serve, is not deleted (CONFLICT); with cascade, those meetings and agenda items are unlinked.",
) {}

@InputType("CreateThemePillarInput", { description: "A new pillar of a theme." })
export class CreateThemePillarInput {
  @Field(() => ID, { description: "The theme." })
  themeId!: string;

  @Field({ description: `Name, 1–${PILLAR_LIMITS.name} characters, unique within the theme.` })
  @TextLength(1, PILLAR_LIMITS.name)
  name!: string;

  @Field(() => [String], {
    defaultValue: [],
    description: `Focus areas, in order; each 1–${PILLAR_LIMITS.focusArea} characters.`,
  })
  @ArrayMaxSize(PILLAR_LIMITS.focusAreas)
  @TextLength(1, PILLAR_LIMITS.focusArea, { each: true })
  focusAreas!: string[];

  @Field(() => Int, { nullable: true, description: "Where to insert it (1 = first); at the end when omitted." })
  @Min(1)
  position?: number | null;
}

@InputType("UpdateThemePillarInput", { description: "Changes to a pillar; omitted fields stay as they are." })
export class UpdateThemePillarInput extends ExistingObjectInput("pillar") {
  @Field(() => String, { nullable: true, description: "New name; must stay unique within the theme." })
  @TextLength(1, PILLAR_LIMITS.name)
  name?: string;

  @Field(() => [String], { nullable: true, description: "Replaces the focus areas, in order." })
  @ArrayMaxSize(PILLAR_LIMITS.focusAreas)
  @TextLength(1, PILLAR_LIMITS.focusArea, { each: true })
  focusAreas?: string[];

  @Field(() => Int, { nullable: true, description: "Move the pillar to this position (1 = first)." })
  @Min(1)
  position?: number;
}

@InputType("DeleteThemePillarInput", { description: "Which pillar to delete, and whether to cascade." })
export class DeleteThemePillarInput extends DeletionInput(
  "pillar",
  "Without cascade, a pillar that agenda items serve is not deleted (CONFLICT); with cascade, those items are unlinked.",
) {}
