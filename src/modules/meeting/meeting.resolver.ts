import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { DeleteInput, DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../platform/context";
import { loadOptional, loadRequired } from "../../platform/db/loaders";
import { toPageRequest } from "../../platform/db/pagination";
import { AgendaItem } from "../agenda/agenda-item.entity";
import { Member } from "../member/member.entity";
import { Person } from "../person/person.entity";
import { Appointment } from "../person/appointment.entity";
import { heldOn } from "../person/person.rules";
import { Region } from "../region/region.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { Meeting } from "./meeting.entity";
import { MeetingListArgs } from "./meeting.inputs";
import { MeetingConnection, ParticipationConnection } from "./meeting.types";
import { ConnectionArgs } from "../../platform/db/pagination";
import { Participation } from "./participation.entity";
import { Source } from "./source.entity";
import {
  CreateMeetingInput,
  CreateParticipationInput,
  CreateSourceInput,
  DeleteParticipationInput,
  DeleteSourceInput,
  UpdateMeetingInput,
  UpdateParticipationInput,
  UpdateSourceInput,
} from "./meeting.mutation-inputs";
import { MeetingMutations } from "./meeting.mutations";
import { MeetingService } from "./meeting.service";

const CreateMeetingPayload = payloadType("CreateMeeting", Meeting, "meeting", "The meeting that was created.");
const UpdateMeetingPayload = payloadType("UpdateMeeting", Meeting, "meeting", "The meeting after the update.");
const CreateParticipationPayload = payloadType(
  "CreateParticipation",
  Participation,
  "participation",
  "The participation that was added.",
);
const UpdateParticipationPayload = payloadType(
  "UpdateParticipation",
  Participation,
  "participation",
  "The participation after the update.",
);
const CreateSourcePayload = payloadType("CreateSource", Source, "source", "The source that was added.");
const UpdateSourcePayload = payloadType("UpdateSource", Source, "source", "The source after the update.");

@Resolver(() => Meeting)
export class MeetingResolver {
  constructor(
    private readonly meetingService: MeetingService,
    private readonly meetingMutations: MeetingMutations,
  ) {}

  @Query(() => MeetingConnection, { description: "Meetings, newest first unless `orderBy` says otherwise." })
  meetings(@Args() args: MeetingListArgs) {
    const { filter = null, orderBy = null, ...page } = args;
    return this.meetingService.list(filter, orderBy, toPageRequest(page));
  }

  @Query(() => Meeting, { nullable: true, description: "The meeting with this slug; null when there is none." })
  meeting(
    @Arg("slug", { description: "Slug, e.g. `2021-04-22-americas-caribbean-heads-of-customs`." }) slug: string,
  ): Promise<Meeting | null> {
    return this.meetingService.findBySlug(slug);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateMeetingPayload, { description: "Creates a meeting. Its slug must be new." })
  createMeeting(@Arg("input") input: CreateMeetingInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateMeetingPayload, { description: "Changes a meeting." })
  updateMeeting(@Arg("input") input: UpdateMeetingInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a meeting together with what belongs to it: its agenda, participations and source links.",
  })
  deleteMeeting(@Arg("input") input: DeleteInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.delete(actorOf(ctx), input);
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
  constructor(private readonly meetingMutations: MeetingMutations) {}

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateParticipationPayload, {
    description: "Records that a person took part in a meeting, in a role.",
  })
  createParticipation(@Arg("input") input: CreateParticipationInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.createParticipation(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateParticipationPayload, { description: "Changes the role of a participation." })
  updateParticipation(@Arg("input") input: UpdateParticipationInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.updateParticipation(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: "Removes a participation; see `cascade` for speakers." })
  deleteParticipation(@Arg("input") input: DeleteParticipationInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.deleteParticipation(actorOf(ctx), input);
  }

  @FieldResolver(() => Person, { description: "Who took part." })
  person(@Root() participation: Participation, @Ctx() ctx: GatewayContext): Promise<Person> {
    return loadRequired(ctx.loaders.personById, participation.personId, "Person");
  }

  @FieldResolver(() => Meeting, { description: "The meeting." })
  meeting(@Root() participation: Participation, @Ctx() ctx: GatewayContext): Promise<Meeting> {
    return loadRequired(ctx.loaders.meetingById, participation.meetingId, "Meeting");
  }

  @FieldResolver(() => [Appointment], {
    description:
      "The offices the person held on the meeting's start date, by the rule of `Person.officesOn`: recorded dates that contain it, or an undated appointment that is the person's only one of its kind. Empty when the meeting has no date or nothing recorded says.",
  })
  async officesOnMeetingDate(@Root() participation: Participation, @Ctx() ctx: GatewayContext): Promise<Appointment[]> {
    const [meeting, appointments] = await Promise.all([
      loadRequired(ctx.loaders.meetingById, participation.meetingId, "Meeting"),
      ctx.loaders.appointmentsByPersonId.load(participation.personId),
    ]);
    return meeting.startDate === null ? [] : heldOn(appointments, meeting.startDate, () => appointments);
  }
}

@Resolver(() => Source)
export class SourceResolver {
  constructor(private readonly meetingMutations: MeetingMutations) {}

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateSourcePayload, {
    description: "Adds a news item or other source. Link it to meetings with `sourceIds`.",
  })
  createSource(@Arg("input") input: CreateSourceInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.createSource(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateSourcePayload, { description: "Changes a source." })
  updateSource(@Arg("input") input: UpdateSourceInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.updateSource(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: "Deletes a source; see `cascade` for the meetings it documents." })
  deleteSource(@Arg("input") input: DeleteSourceInput, @Ctx() ctx: GatewayContext) {
    return this.meetingMutations.deleteSource(actorOf(ctx), input);
  }

  @FieldResolver(() => [Meeting], { description: "The meetings this item documents." })
  meetings(@Root() source: Source, @Ctx() ctx: GatewayContext): Promise<Meeting[]> {
    return ctx.loaders.meetingsBySourceId.load(source.id);
  }
}

/** `Region.meetings`: a field of the region feature's type, resolved by the feature that owns meetings. */
@Resolver(() => Region)
export class RegionMeetingsResolver {
  constructor(private readonly meetingService: MeetingService) {}

  @FieldResolver(() => MeetingConnection, { description: "Meetings held in or for this region." })
  meetings(@Root() region: Region, @Ctx() ctx: GatewayContext, @Args() args: MeetingListArgs) {
    const { filter = null, orderBy = null, ...page } = args;
    const request = toPageRequest(page);
    return ctx.nested.load("Region.meetings", { filter, orderBy, request }, region.id, (regionIds) =>
      this.meetingService.listForParents("region", regionIds, filter, orderBy, request),
    );
  }
}

/** `Member.hostedMeetings`: a field of the Member feature's type, resolved by the feature that owns meetings. */
@Resolver(() => Member)
export class MemberMeetingsResolver {
  constructor(private readonly meetingService: MeetingService) {}

  @FieldResolver(() => MeetingConnection, { description: "Meetings this Member hosted, newest first by default." })
  hostedMeetings(@Root() member: Member, @Ctx() ctx: GatewayContext, @Args() args: MeetingListArgs) {
    const { filter = null, orderBy = null, ...page } = args;
    const request = toPageRequest(page);
    return ctx.nested.load("Member.hostedMeetings", { filter, orderBy, request }, member.id, (memberIds) =>
      this.meetingService.listForParents("host", memberIds, filter, orderBy, request),
    );
  }
}

/** `Person.participations` and `Person.meetings`: fields of the person feature's type, resolved by the feature that owns participations. */
@Resolver(() => Person)
export class PersonMeetingsResolver {
  constructor(private readonly meetingService: MeetingService) {}

  @FieldResolver(() => ParticipationConnection, {
    description:
      "The person's parts in meetings (meeting and role), newest meeting first, meetings with no known date last; two roles at one meeting are two participations.",
  })
  participations(@Root() person: Person, @Ctx() ctx: GatewayContext, @Args() page: ConnectionArgs) {
    const request = toPageRequest(page);
    return ctx.nested.load("Person.participations", request, person.id, (personIds) =>
      this.meetingService.participationsForPeople(personIds, request),
    );
  }

  @FieldResolver(() => MeetingConnection, {
    description:
      "The meetings the person took part in, in any role, each once; newest first by default, with the filters and orders of every meeting list.",
  })
  meetings(@Root() person: Person, @Ctx() ctx: GatewayContext, @Args() args: MeetingListArgs) {
    const { filter = null, orderBy = null, ...page } = args;
    const request = toPageRequest(page);
    return ctx.nested.load("Person.meetings", { filter, orderBy, request }, person.id, (personIds) =>
      this.meetingService.listForParents("person", personIds, filter, orderBy, request),
    );
  }
}
