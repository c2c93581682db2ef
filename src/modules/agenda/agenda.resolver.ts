import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { DeleteInput, DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../platform/context";
import { loadOptional, loadRequired } from "../../platform/db/loaders";
import { Meeting } from "../meeting/meeting.entity";
import { Person } from "../person/person.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { AgendaItem, Topic } from "./agenda-item.entity";
import {
  CreateAgendaItemInput,
  ReorderAgendaItemsInput,
  ReplaceAgendaItemsInput,
  UpdateAgendaItemInput,
} from "./agenda.mutation-inputs";
import { AgendaMutations } from "./agenda.mutations";

const CreateAgendaItemPayload = payloadType(
  "CreateAgendaItem",
  AgendaItem,
  "agendaItem",
  "The agenda item that was added.",
);
const UpdateAgendaItemPayload = payloadType(
  "UpdateAgendaItem",
  AgendaItem,
  "agendaItem",
  "The agenda item after the update.",
);
const ReorderAgendaItemsPayload = payloadType(
  "ReorderAgendaItems",
  Meeting,
  "meeting",
  "The meeting, whose `agenda` is in the new order.",
);

const ReplaceAgendaItemsPayload = payloadType(
  "ReplaceAgendaItems",
  Meeting,
  "meeting",
  "The meeting, whose `agenda` is the one sent.",
);

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  constructor(private readonly agendaMutations: AgendaMutations) {}

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateAgendaItemPayload, {
    description: "Adds an item to a meeting's agenda, at the end or at `position`.",
  })
  createAgendaItem(@Arg("input") input: CreateAgendaItemInput, @Ctx() ctx: GatewayContext) {
    return this.agendaMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateAgendaItemPayload, { description: "Changes an agenda item." })
  updateAgendaItem(@Arg("input") input: UpdateAgendaItemInput, @Ctx() ctx: GatewayContext) {
    return this.agendaMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes an agenda item with its speakers and topics, and closes the gap in the order.",
  })
  deleteAgendaItem(@Arg("input") input: DeleteInput, @Ctx() ctx: GatewayContext) {
    return this.agendaMutations.delete(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ReorderAgendaItemsPayload, { description: "Puts a meeting's agenda in a new order, in one step." })
  reorderAgendaItems(@Arg("input") input: ReorderAgendaItemsInput, @Ctx() ctx: GatewayContext) {
    return this.agendaMutations.reorder(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ReplaceAgendaItemsPayload, {
    description:
      "Replaces a meeting's whole agenda in one step, all or nothing: drafts with an `id` keep (and update) that item, the others are created, items left out are deleted. Same rules as `createAgendaItem`.",
  })
  replaceAgendaItems(@Arg("input") input: ReplaceAgendaItemsInput, @Ctx() ctx: GatewayContext) {
    return this.agendaMutations.replace(actorOf(ctx), input);
  }

  @FieldResolver(() => Meeting, { description: "The meeting this item belongs to." })
  meeting(@Root() item: AgendaItem, @Ctx() ctx: GatewayContext): Promise<Meeting> {
    return loadRequired(ctx.loaders.meetingById, item.meetingId, "Meeting");
  }

  @FieldResolver(() => [Person], { description: "Who spoke at this item, in speaking order." })
  speakers(@Root() item: AgendaItem, @Ctx() ctx: GatewayContext): Promise<Person[]> {
    return ctx.loaders.speakersByAgendaItemId.load(item.id);
  }

  @FieldResolver(() => [Topic], { description: "Subjects the item dealt with, by name." })
  topics(@Root() item: AgendaItem, @Ctx() ctx: GatewayContext): Promise<Topic[]> {
    return ctx.loaders.topicsByAgendaItemId.load(item.id);
  }

  @FieldResolver(() => ThemePillar, {
    nullable: true,
    description: "The pillar of the annual theme this item served; null when it served none in particular.",
  })
  pillar(@Root() item: AgendaItem, @Ctx() ctx: GatewayContext): Promise<ThemePillar | null> {
    return loadOptional(ctx.loaders.pillarById, item.pillarId);
  }
}
