import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../platform/context";
import { loadRequired } from "../../platform/db/loaders";
import { ConnectionArgs, toPageRequest } from "../../platform/db/pagination";
import { CountryCodeScalar } from "../../common/scalars";
import { Region } from "../region/region.entity";
import { Member } from "./member.entity";
import { MemberFilter } from "./member.inputs";
import { MemberConnection } from "./member.types";
import {
  CreateMemberInput,
  CreateOrganisationInput,
  DeleteMemberInput,
  DeleteOrganisationInput,
  UpdateMemberInput,
  UpdateOrganisationInput,
} from "./member.mutation-inputs";
import { Organisation } from "./organisation.entity";
import { MemberMutations } from "./member.mutations";
import { MemberService } from "./member.service";

const CreateMemberPayload = payloadType("CreateMember", Member, "member", "The Member that was created.");
const UpdateMemberPayload = payloadType("UpdateMember", Member, "member", "The Member after the update.");
const CreateOrganisationPayload = payloadType(
  "CreateOrganisation",
  Organisation,
  "organisation",
  "The organisation that was created.",
);
const UpdateOrganisationPayload = payloadType(
  "UpdateOrganisation",
  Organisation,
  "organisation",
  "The organisation after the update.",
);

@Resolver(() => Member)
export class MemberResolver {
  constructor(
    private readonly memberService: MemberService,
    private readonly memberMutations: MemberMutations,
  ) {}

  @Query(() => MemberConnection, { description: "WCO Members, by name." })
  members(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MemberFilter, { nullable: true, description: "Narrows the list." })
    filter: MemberFilter | null,
  ) {
    return this.memberService.list(filter, toPageRequest(page));
  }

  @Query(() => Member, { nullable: true, description: "The Member of this country; null when there is none." })
  member(
    @Arg("isoCode", () => CountryCodeScalar, { description: "ISO 3166-1 alpha-2 code, e.g. `PE`." }) isoCode: string,
  ): Promise<Member | null> {
    return this.memberService.findByIsoCode(isoCode);
  }

  @Query(() => Organisation, {
    nullable: true,
    description: "The organisation (WCO Secretariat, ministry…) with this slug; null when there is none.",
  })
  organisation(
    @Arg("slug", { description: "Slug, e.g. `wco-secretariat`." }) slug: string,
  ): Promise<Organisation | null> {
    return this.memberService.findOrganisationBySlug(slug);
  }

  @FieldResolver(() => Region, { description: "The WCO region the Member belongs to." })
  region(@Root() member: Member, @Ctx() ctx: GatewayContext): Promise<Region> {
    return loadRequired(ctx.loaders.regionById, member.regionId, "Region");
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateMemberPayload, { description: "Adds a WCO Member. Its ISO code must be new." })
  createMember(@Arg("input") input: CreateMemberInput, @Ctx() ctx: GatewayContext) {
    return this.memberMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateMemberPayload, { description: "Changes a Member." })
  updateMember(@Arg("input") input: UpdateMemberInput, @Ctx() ctx: GatewayContext) {
    return this.memberMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a Member; see `cascade` for what happens to what refers to it.",
  })
  deleteMember(@Arg("input") input: DeleteMemberInput, @Ctx() ctx: GatewayContext) {
    return this.memberMutations.delete(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateOrganisationPayload, {
    description: "Adds an organisation (WCO Secretariat, ministry…). Its slug must be new.",
  })
  createOrganisation(@Arg("input") input: CreateOrganisationInput, @Ctx() ctx: GatewayContext) {
    return this.memberMutations.createOrganisation(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateOrganisationPayload, { description: "Changes an organisation." })
  updateOrganisation(@Arg("input") input: UpdateOrganisationInput, @Ctx() ctx: GatewayContext) {
    return this.memberMutations.updateOrganisation(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes an organisation; see `cascade` for the appointments held there.",
  })
  deleteOrganisation(@Arg("input") input: DeleteOrganisationInput, @Ctx() ctx: GatewayContext) {
    return this.memberMutations.deleteOrganisation(actorOf(ctx), input);
  }
}

/** `Region.members`: a field of the region feature's type, resolved by the feature that owns Members. */
@Resolver(() => Region)
export class RegionMembersResolver {
  constructor(private readonly memberService: MemberService) {}

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
      this.memberService.listForRegions(regionIds, filter, request),
    );
  }
}
