import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { DeleteInput, DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../platform/context";
import { Region } from "./region.entity";
import { CreateRegionInput, UpdateRegionInput } from "./region.inputs";
import { RegionMutations } from "./region.mutations";
import { RegionService } from "./region.service";

const CreateRegionPayload = payloadType("CreateRegion", Region, "region", "The region that was created.");
const UpdateRegionPayload = payloadType("UpdateRegion", Region, "region", "The region after the update.");

@Resolver(() => Region)
export class RegionResolver {
  constructor(
    private readonly regionService: RegionService,
    private readonly regionMutations: RegionMutations,
  ) {}

  @Query(() => [Region], { description: "The six WCO regions, by name." })
  regions(): Promise<Region[]> {
    return this.regionService.list();
  }

  @Query(() => Region, { nullable: true, description: "The region with this code; null when there is none." })
  region(
    @Arg("code", { description: "Region code, e.g. `AMERICAS_CARIBBEAN`." }) code: string,
  ): Promise<Region | null> {
    return this.regionService.findByCode(code);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateRegionPayload, { description: "Creates a region. Its code must be new." })
  createRegion(@Arg("input") input: CreateRegionInput, @Ctx() ctx: GatewayContext) {
    return this.regionMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateRegionPayload, { description: "Renames a region." })
  updateRegion(@Arg("input") input: UpdateRegionInput, @Ctx() ctx: GatewayContext) {
    return this.regionMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description:
      "Deletes a region that nothing refers to. Never cascades: refused (CONFLICT) while members, meetings or appointments use it.",
  })
  deleteRegion(@Arg("input") input: DeleteInput, @Ctx() ctx: GatewayContext) {
    return this.regionMutations.delete(actorOf(ctx), input);
  }
}
