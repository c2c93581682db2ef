import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context";
import { loadOptional, loadRequired } from "../../common/loaders";
import { Meeting } from "../meeting/meeting.entity";
import { Person } from "../person/person.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { AgendaItem, Topic } from "./agenda-item.entity";

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
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
