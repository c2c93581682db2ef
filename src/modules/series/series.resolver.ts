import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { DeletePayload, payloadType } from "../../common/payloads";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import type { GatewayContext } from "../../platform/context";
import { loadOptional } from "../../platform/db/loaders";
import { ConnectionArgs, toPageRequest } from "../../platform/db/pagination";
import { Meeting } from "../meeting/meeting.entity";
import { MeetingConnection } from "../meeting/meeting.types";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "./series.entity";
import { MeetingSeriesFilter } from "./series.inputs";
import { CreateMeetingSeriesInput, DeleteMeetingSeriesInput, UpdateMeetingSeriesInput } from "./series.mutation-inputs";
import { SeriesMutations } from "./series.mutations";
import { SeriesService } from "./series.service";
import { MeetingSeriesConnection } from "./series.types";

const CreateMeetingSeriesPayload = payloadType(
  "CreateMeetingSeries",
  MeetingSeries,
  "series",
  "The meeting series that was created.",
);
const UpdateMeetingSeriesPayload = payloadType(
  "UpdateMeetingSeries",
  MeetingSeries,
  "series",
  "The meeting series after the update.",
);

/** The order `MeetingSeries.meetings` lists, and `previousSession`/`nextSession` step through. */
const SESSION_ORDER =
  "in session order: by `sessionNumber` ascending, then by `startDate`; meetings without a session number come after the numbered ones, and undated ones last";

@Resolver(() => MeetingSeries)
export class MeetingSeriesResolver {
  constructor(
    private readonly seriesService: SeriesService,
    private readonly seriesMutations: SeriesMutations,
  ) {}

  @Query(() => MeetingSeriesConnection, {
    description: "Meeting series (the recurring meetings of one body), by name.",
  })
  meetingSeries(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MeetingSeriesFilter, { nullable: true, description: "Narrows the list." })
    filter: MeetingSeriesFilter | null,
  ) {
    return this.seriesService.list(filter, toPageRequest(page));
  }

  @Query(() => MeetingSeries, {
    nullable: true,
    description: "The meeting series with this slug; null when there is none.",
  })
  series(
    @Arg("slug", { description: "Slug, e.g. `americas-caribbean-heads-of-customs`." }) slug: string,
  ): Promise<MeetingSeries | null> {
    return this.seriesService.findBySlug(slug);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateMeetingSeriesPayload, { description: "Creates a meeting series. Its slug must be new." })
  createMeetingSeries(@Arg("input") input: CreateMeetingSeriesInput, @Ctx() ctx: GatewayContext) {
    return this.seriesMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateMeetingSeriesPayload, { description: "Changes a meeting series." })
  updateMeetingSeries(@Arg("input") input: UpdateMeetingSeriesInput, @Ctx() ctx: GatewayContext) {
    return this.seriesMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a meeting series; see `cascade` for the meetings that belong to it.",
  })
  deleteMeetingSeries(@Arg("input") input: DeleteMeetingSeriesInput, @Ctx() ctx: GatewayContext) {
    return this.seriesMutations.delete(actorOf(ctx), input);
  }

  @FieldResolver(() => Region, { nullable: true, description: "The region, for the series of one region's meetings." })
  region(@Root() series: MeetingSeries, @Ctx() ctx: GatewayContext): Promise<Region | null> {
    return loadOptional(ctx.loaders.regionById, series.regionId);
  }

  @FieldResolver(() => MeetingConnection, { description: `The series' meetings, ${SESSION_ORDER}.` })
  meetings(@Root() series: MeetingSeries, @Ctx() ctx: GatewayContext, @Args() page: ConnectionArgs) {
    const request = toPageRequest(page);
    return ctx.nested.load("MeetingSeries.meetings", { request }, series.id, (seriesIds) =>
      this.seriesService.meetingsOf(seriesIds, request),
    );
  }
}

/** `Meeting.series` and its neighbours: fields of the meeting feature's type, resolved by the series feature. */
@Resolver(() => Meeting)
export class MeetingSessionResolver {
  @FieldResolver(() => MeetingSeries, { nullable: true, description: "The series the meeting belongs to, if any." })
  series(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<MeetingSeries | null> {
    return loadOptional(ctx.loaders.seriesById, meeting.seriesId);
  }

  @FieldResolver(() => Meeting, {
    nullable: true,
    description: `The meeting before this one in its series, ${SESSION_ORDER}; null for the first, or without a series.`,
  })
  previousSession(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Meeting | null> {
    return this.neighbour(meeting, ctx, -1);
  }

  @FieldResolver(() => Meeting, {
    nullable: true,
    description: `The meeting after this one in its series, ${SESSION_ORDER}; null for the last, or without a series.`,
  })
  nextSession(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Meeting | null> {
    return this.neighbour(meeting, ctx, 1);
  }

  private async neighbour(meeting: Meeting, ctx: GatewayContext, step: -1 | 1): Promise<Meeting | null> {
    if (meeting.seriesId === null) return null;
    const sessions = await ctx.loaders.sessionsBySeriesId.load(meeting.seriesId);
    const index = sessions.findIndex((key) => key.id === meeting.id);
    const neighbour = index < 0 ? undefined : sessions[index + step];
    return neighbour ? ctx.loaders.meetingById.load(neighbour.id) : null;
  }
}
