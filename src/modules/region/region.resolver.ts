import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "../../auth/actor";
import { Role } from "../../auth/role";
import { DeleteInput, DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../context";
import { ConnectionArgs, toPageRequest } from "../../common/pagination";
import type { Services } from "../../services";
import { MeetingConnection } from "../meeting/meeting.types";
import { MeetingFilter, MeetingOrder } from "../meeting/meeting.inputs";
import { MemberConnection } from "../member/member.types";
import { MemberFilter } from "../member/member.inputs";
import { Region } from "./region.entity";
import { CreateRegionInput, UpdateRegionInput } from "./region.inputs";

const CreateRegionPayload = payloadType("CreateRegion", Region, "region", "The region that was created.");
const UpdateRegionPayload = payloadType("UpdateRegion", Region, "region", "The region after the update.");

@Resolver(() => Region)
export class RegionResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [Region], { description: "The six WCO regions, by name." })
  regions(): Promise<Region[]> {
    return this.services.regions.list();
  }

  @Query(() => Region, { nullable: true, description: "The region with this code; null when there is none." })
  region(
    @Arg("code", { description: "Region code, e.g. `AMERICAS_CARIBBEAN`." }) code: string,
  ): Promise<Region | null> {
    return this.services.regions.findByCode(code);
  }

  @FieldResolver(() => MemberConnection, { description: "Members of this region, by name." })
  members(
    @Root() region: Region,
    @Ctx() ctx: GatewayContext,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MemberFilter, { nullable: true, description: "Narrows the list further." })
    filter: MemberFilter | null,
  ) {
    const request = toPageRequest(page);
    return ctx.nested.load("Region.members", { filter, request }, region.id, (regionIds) =>
      this.services.members.listForRegions(regionIds, filter, request),
    );
  }

  @FieldResolver(() => MeetingConnection, { description: "Meetings held in or for this region." })
  meetings(
    @Root() region: Region,
    @Ctx() ctx: GatewayContext,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MeetingFilter, { nullable: true, description: "Narrows the list further." })
    filter: MeetingFilter | null,
    @Arg("orderBy", () => MeetingOrder, { nullable: true, description: "Sort order; newest first by default." })
    orderBy: MeetingOrder | null,
  ) {
    const request = toPageRequest(page);
    return ctx.nested.load("Region.meetings", { filter, orderBy, request }, region.id, (regionIds) =>
      this.services.meetings.listForParents("region", regionIds, filter, orderBy, request),
    );
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateRegionPayload, { description: "Creates a region. Its code must be new." })
  createRegion(@Arg("input") input: CreateRegionInput, @Ctx() ctx: GatewayContext) {
    return this.services.regionMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateRegionPayload, { description: "Renames a region." })
  updateRegion(@Arg("input") input: UpdateRegionInput, @Ctx() ctx: GatewayContext) {
    return this.services.regionMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description:
      "Deletes a region that nothing refers to. Never cascades: refused (CONFLICT) while members, meetings or appointments use it.",
  })
  deleteRegion(@Arg("input") input: DeleteInput, @Ctx() ctx: GatewayContext) {
    return this.services.regionMutations.delete(actorOf(ctx), input);
  }
}
