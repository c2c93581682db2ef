import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context";
import { loadOptional, loadRequired } from "../../common/loaders";
import { ConnectionArgs, toPageRequest } from "../../common/pagination";
import type { Services } from "../../services";
import { AgendaItem } from "../agenda/agenda-item.entity";
import { Member } from "../member/member.entity";
import { Person } from "../person/person.entity";
import { Region } from "../region/region.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { Meeting } from "./meeting.entity";
import { MeetingFilter, MeetingOrder } from "./meeting.inputs";
import { MeetingConnection } from "./meeting.types";
import { Participation } from "./participation.entity";
import { Source } from "./source.entity";

@Resolver(() => Meeting)
export class MeetingResolver {
  constructor(private readonly services: Services) {}

  @Query(() => MeetingConnection, { description: "Meetings, newest first unless `orderBy` says otherwise." })
  meetings(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MeetingFilter, { nullable: true, description: "Narrows the list." })
    filter: MeetingFilter | null,
    @Arg("orderBy", () => MeetingOrder, { nullable: true, description: "Sort order; `START_DATE` `DESC` by default." })
    orderBy: MeetingOrder | null,
  ) {
    return this.services.meetings.list(filter, orderBy, toPageRequest(page));
  }

  @Query(() => Meeting, { nullable: true, description: "The meeting with this slug; null when there is none." })
  meeting(
    @Arg("slug", { description: "Slug, e.g. `2021-04-22-americas-caribbean-heads-of-customs`." }) slug: string,
  ): Promise<Meeting | null> {
    return this.services.meetings.findBySlug(slug);
  }

  @FieldResolver(() => Region, { nullable: true, description: "The WCO region the meeting belongs to." })
  region(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Region | null> {
    return loadOptional(ctx.loaders.regionById, meeting.regionId);
  }

  @FieldResolver(() => Member, { nullable: true, description: "The Member that hosted the meeting." })
  host(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Member | null> {
    return loadOptional(ctx.loaders.memberById, meeting.hostMemberId);
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description: "Who convened the meeting, e.g. the region's Vice-Chair.",
  })
  convener(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Person | null> {
    return loadOptional(ctx.loaders.personById, meeting.convenerPersonId);
  }

  @FieldResolver(() => AnnualTheme, { nullable: true, description: "The annual WCO theme the meeting followed." })
  theme(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<AnnualTheme | null> {
    return loadOptional(ctx.loaders.themeById, meeting.themeId);
  }

  @FieldResolver(() => [AgendaItem], { description: "The agenda, in order (by `position`)." })
  agenda(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<AgendaItem[]> {
    return ctx.loaders.agendaItemsByMeetingId.load(meeting.id);
  }

  @FieldResolver(() => [Participation], { description: "Who took part and in which role, in the order recorded." })
  participants(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Participation[]> {
    return ctx.loaders.participationsByMeetingId.load(meeting.id);
  }

  @FieldResolver(() => [Source], { description: "News items that document the meeting, oldest first." })
  sources(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Source[]> {
    return ctx.loaders.sourcesByMeetingId.load(meeting.id);
  }
}

@Resolver(() => Participation)
export class ParticipationResolver {
  @FieldResolver(() => Person, { description: "Who took part." })
  person(@Root() participation: Participation, @Ctx() ctx: GatewayContext): Promise<Person> {
    return loadRequired(ctx.loaders.personById, participation.personId, "Person");
  }

  @FieldResolver(() => Meeting, { description: "The meeting." })
  meeting(@Root() participation: Participation, @Ctx() ctx: GatewayContext): Promise<Meeting> {
    return loadRequired(ctx.loaders.meetingById, participation.meetingId, "Meeting");
  }
}

@Resolver(() => Source)
export class SourceResolver {
  @FieldResolver(() => [Meeting], { description: "The meetings this item documents." })
  meetings(@Root() source: Source, @Ctx() ctx: GatewayContext): Promise<Meeting[]> {
    return ctx.loaders.meetingsBySourceId.load(source.id);
  }
}
