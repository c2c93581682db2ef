import { ArrayMaxSize, Min } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { TextLength } from "../../common/input-rules";
import { ExistingObjectInput } from "../../common/mutation-inputs";
import { AgendaItemKind } from "./agenda.enums";
import { AGENDA_ITEM_LIMITS, TOPIC_LIMITS } from "./agenda.rules";

@InputType("CreateAgendaItemInput", { description: "A new agenda item." })
export class CreateAgendaItemInput {
  @Field(() => ID, { description: "The meeting." })
  meetingId!: string;

  @Field({ description: `Title, 1–${AGENDA_ITEM_LIMITS.title} characters.` })
  @TextLength(1, AGENDA_ITEM_LIMITS.title)
  title!: string;

  @Field(() => AgendaItemKind, { description: "What happens in the item." })
  kind!: AgendaItemKind;

  @Field(() => String, {
    nullable: true,
    description: `What was said or done; up to ${AGENDA_ITEM_LIMITS.summary.toLocaleString("en")} characters.`,
  })
  @TextLength(1, AGENDA_ITEM_LIMITS.summary)
  summary?: string | null;

  @Field(() => ID, { nullable: true, description: "A pillar of the meeting's theme that the item serves." })
  pillarId?: string | null;

  @Field(() => [ID], {
    defaultValue: [],
    description: "Speakers, in speaking order; each must be a participant of the meeting.",
  })
  @ArrayMaxSize(AGENDA_ITEM_LIMITS.speakers)
  speakerIds!: string[];

  @Field(() => [String], {
    defaultValue: [],
    description: `Topic names; new topics are created. Each 1–${TOPIC_LIMITS.name} characters.`,
  })
  @ArrayMaxSize(AGENDA_ITEM_LIMITS.topics)
  @TextLength(1, TOPIC_LIMITS.name, { each: true })
  topics!: string[];

  @Field(() => Int, { nullable: true, description: "Where to insert it (1 = first); at the end when omitted." })
  @Min(1)
  position?: number | null;
}

@InputType("UpdateAgendaItemInput", {
  description: "Changes to an agenda item; omitted fields stay as they are. Use `reorderAgendaItems` to move it.",
})
export class UpdateAgendaItemInput extends ExistingObjectInput("agenda item") {
  @Field(() => String, { nullable: true, description: "New title." })
  @TextLength(1, AGENDA_ITEM_LIMITS.title)
  title?: string;

  @Field(() => AgendaItemKind, { nullable: true, description: "New kind." })
  kind?: AgendaItemKind;

  @Field(() => String, { nullable: true, description: "New summary; `null` clears it." })
  @TextLength(1, AGENDA_ITEM_LIMITS.summary)
  summary?: string | null;

  @Field(() => ID, { nullable: true, description: "New pillar; `null` unlinks it." })
  pillarId?: string | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the speakers, in order; each must be a participant." })
  @ArrayMaxSize(AGENDA_ITEM_LIMITS.speakers)
  speakerIds?: string[];

  @Field(() => [String], { nullable: true, description: "Replaces the topics." })
  @ArrayMaxSize(AGENDA_ITEM_LIMITS.topics)
  @TextLength(1, TOPIC_LIMITS.name, { each: true })
  topics?: string[];
}

@InputType("ReorderAgendaItemsInput", { description: "The new order of a meeting's whole agenda." })
export class ReorderAgendaItemsInput {
  @Field(() => ID, { description: "The meeting." })
  meetingId!: string;

  @Field(() => [ID], { description: "Every agenda item of the meeting, each once, in the new order." })
  @ArrayMaxSize(500)
  itemIds!: string[];
}
