import { ArrayMaxSize, Min, ValidateNested } from "class-validator";
import { Type } from "class-transformer";
import { Field, ID, InputType, Int } from "type-graphql";
import { TextLength } from "../../common/input-rules";
import { ExistingObjectInput } from "../../common/mutation-inputs";
import { AgendaItemKind } from "./agenda.enums";
import { AGENDA_ITEM_LIMITS, TOPIC_LIMITS } from "./agenda.rules";

/**
 * The fields of an agenda item as a client writes them whole: `createAgendaItem`'s input, and each item of an
 * agenda entered at once (`AgendaItemDraft`). One class, so both take the same fields with the same rules.
 */
@InputType()
abstract class AgendaItemFieldsInput {
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
}

/** What an agenda item is made of, whichever mutation writes it. */
export type AgendaItemFields = Pick<
  AgendaItemFieldsInput,
  "title" | "kind" | "summary" | "pillarId" | "speakerIds" | "topics"
>;

@InputType("CreateAgendaItemInput", { description: "A new agenda item." })
export class CreateAgendaItemInput extends AgendaItemFieldsInput {
  @Field(() => ID, { description: "The meeting." })
  meetingId!: string;

  @Field(() => Int, { nullable: true, description: "Where to insert it (1 = first); at the end when omitted." })
  @Min(1)
  position?: number | null;
}

@InputType("AgendaItemDraft", {
  description:
    "One item of an agenda entered whole (`createMeeting`'s `agenda`, `replaceAgendaItems`' `items`): its place is its place in the list, and it obeys the rules of `createAgendaItem`.",
})
export class AgendaItemDraft extends AgendaItemFieldsInput {
  @Field(() => ID, {
    nullable: true,
    description:
      "`replaceAgendaItems` only: the existing item of the meeting this draft keeps (same id, updated to the draft); omitted, a new item is created.",
  })
  id?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "With `id`: refuse (CONFLICT) unless that agenda item is still at this version.",
  })
  expectedVersion?: number | null;
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

@InputType("ReplaceAgendaItemsInput", {
  description: `A meeting's whole new agenda, in order; at most ${AGENDA_ITEM_LIMITS.perMeeting} items.`,
})
export class ReplaceAgendaItemsInput {
  @Field(() => ID, { description: "The meeting." })
  meetingId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Refuse (CONFLICT) unless the meeting is still at this version. Each `replaceAgendaItems` that changes the agenda raises the meeting's version, so two editors replacing the same agenda cannot overwrite each other.",
  })
  expectedVersion?: number | null;

  @Field(() => [AgendaItemDraft], {
    description:
      "The agenda, in order. A draft with an `id` keeps that item (updated to the draft, moved to its place); one without creates an item; items of the meeting no draft names are deleted with their speakers and topics.",
  })
  @ArrayMaxSize(AGENDA_ITEM_LIMITS.perMeeting)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDraft)
  items!: AgendaItemDraft[];
}

@InputType("ReorderAgendaItemsInput", { description: "The new order of a meeting's whole agenda." })
export class ReorderAgendaItemsInput {
  @Field(() => ID, { description: "The meeting." })
  meetingId!: string;

  @Field(() => [ID], { description: "Every agenda item of the meeting, each once, in the new order." })
  @ArrayMaxSize(500)
  itemIds!: string[];
}
