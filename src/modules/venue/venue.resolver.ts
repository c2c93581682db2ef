import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { DeletePayload, payloadType } from "../../common/payloads";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import type { GatewayContext } from "../../platform/context";
import { loadOptional } from "../../platform/db/loaders";
import { ConnectionArgs, toPageRequest } from "../../platform/db/pagination";
import { Meeting } from "../meeting/meeting.entity";
import { MeetingListArgs } from "../meeting/meeting.inputs";
import { MeetingService } from "../meeting/meeting.service";
import { MeetingConnection } from "../meeting/meeting.types";
import { Venue } from "./venue.entity";
import { VenueFilter } from "./venue.inputs";
import { CreateVenueInput, DeleteVenueInput, UpdateVenueInput } from "./venue.mutation-inputs";
import { VenueMutations } from "./venue.mutations";
import { VenueService } from "./venue.service";
import { OnlineLink, VenueConnection } from "./venue.types";

const CreateVenuePayload = payloadType("CreateVenue", Venue, "venue", "The venue that was created.");
const UpdateVenuePayload = payloadType("UpdateVenue", Venue, "venue", "The venue after the update.");

@Resolver(() => Venue)
export class VenueResolver {
  constructor(
    private readonly venueService: VenueService,
    private readonly venueMutations: VenueMutations,
  ) {}

  @Query(() => VenueConnection, { description: "Venues where meetings are held, by name." })
  venues(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => VenueFilter, { nullable: true, description: "Narrows the list." })
    filter: VenueFilter | null,
  ) {
    return this.venueService.list(filter, toPageRequest(page));
  }

  @Query(() => Venue, { nullable: true, description: "The venue with this slug; null when there is none." })
  venue(@Arg("slug", { description: "Slug, e.g. `wco-headquarters-brussels`." }) slug: string): Promise<Venue | null> {
    return this.venueService.findBySlug(slug);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateVenuePayload, { description: "Adds a venue. Its slug must be new." })
  createVenue(@Arg("input") input: CreateVenueInput, @Ctx() ctx: GatewayContext) {
    return this.venueMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateVenuePayload, { description: "Changes a venue." })
  updateVenue(@Arg("input") input: UpdateVenueInput, @Ctx() ctx: GatewayContext) {
    return this.venueMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a venue; see `cascade` for the meetings held there.",
  })
  deleteVenue(@Arg("input") input: DeleteVenueInput, @Ctx() ctx: GatewayContext) {
    return this.venueMutations.delete(actorOf(ctx), input);
  }
}

/** `Venue.meetings`: listed by the meeting feature's service, in its order. */
@Resolver(() => Venue)
export class VenueMeetingsResolver {
  constructor(private readonly meetingService: MeetingService) {}

  @FieldResolver(() => MeetingConnection, { description: "Meetings held at this venue, newest first by default." })
  meetings(@Root() venue: Venue, @Ctx() ctx: GatewayContext, @Args() args: MeetingListArgs) {
    const { filter = null, orderBy = null, ...page } = args;
    const request = toPageRequest(page);
    return ctx.nested.load("Venue.meetings", { filter, orderBy, request }, venue.id, (venueIds) =>
      this.meetingService.listForParents("venue", venueIds, filter, orderBy, request),
    );
  }
}

/** `Meeting.venue` and `Meeting.onlineLink`: fields of the meeting feature's type, resolved by the venue feature. */
@Resolver(() => Meeting)
export class MeetingVenueResolver {
  @FieldResolver(() => Venue, { nullable: true, description: "Where the meeting is held; null when not recorded." })
  venue(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Venue | null> {
    return loadOptional(ctx.loaders.venueById, meeting.venueId);
  }

  @FieldResolver(() => OnlineLink, {
    nullable: true,
    description: "Where to join the meeting online; null when none is recorded. Independent of `format`.",
  })
  onlineLink(@Root() meeting: Meeting): OnlineLink | null {
    return meeting.onlineUrl === null || meeting.onlineUrl === undefined
      ? null
      : { url: meeting.onlineUrl, platform: meeting.onlinePlatform ?? null };
  }
}
