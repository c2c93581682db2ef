import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "../../auth/actor";
import { Role } from "../../auth/role";
import { DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../context";
import { loadRequired } from "../../common/loaders";
import { ConnectionArgs, toPageRequest } from "../../common/pagination";
import { CountryCodeScalar } from "../../common/scalars";
import type { Services } from "../../services";
import { MeetingFilter, MeetingOrder } from "../meeting/meeting.inputs";
import { MeetingConnection } from "../meeting/meeting.types";
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
  constructor(private readonly services: Services) {}

  @Query(() => MemberConnection, { description: "WCO Members, by name." })
  members(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MemberFilter, { nullable: true, description: "Narrows the list." })
    filter: MemberFilter | null,
  ) {
    return this.services.members.list(filter, toPageRequest(page));
  }

  @Query(() => Member, { nullable: true, description: "The Member of this country; null when there is none." })
  member(
    @Arg("isoCode", () => CountryCodeScalar, { description: "ISO 3166-1 alpha-2 code, e.g. `PE`." }) isoCode: string,
  ): Promise<Member | null> {
    return this.services.members.findByIsoCode(isoCode);
  }

  @Query(() => Organisation, {
    nullable: true,
    description: "The organisation (WCO Secretariat, ministry…) with this slug; null when there is none.",
  })
  organisation(
    @Arg("slug", { description: "Slug, e.g. `wco-secretariat`." }) slug: string,
  ): Promise<Organisation | null> {
    return this.services.members.findOrganisationBySlug(slug);
  }

  @FieldResolver(() => Region, { description: "The WCO region the Member belongs to." })
  region(@Root() member: Member, @Ctx() ctx: GatewayContext): Promise<Region> {
    return loadRequired(ctx.loaders.regionById, member.regionId, "Region");
  }

  @FieldResolver(() => MeetingConnection, { description: "Meetings this Member hosted, newest first by default." })
  hostedMeetings(
    @Root() member: Member,
    @Ctx() ctx: GatewayContext,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MeetingFilter, { nullable: true, description: "Narrows the list further." })
    filter: MeetingFilter | null,
    @Arg("orderBy", () => MeetingOrder, { nullable: true, description: "Sort order; newest first by default." })
    orderBy: MeetingOrder | null,
  ) {
    const request = toPageRequest(page);
    return ctx.nested.load("Member.hostedMeetings", { filter, orderBy, request }, member.id, (memberIds) =>
      this.services.meetings.listForParents("host", memberIds, filter, orderBy, request),
    );
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateMemberPayload, { description: "Adds a WCO Member. Its ISO code must be new." })
  createMember(@Arg("input") input: CreateMemberInput, @Ctx() ctx: GatewayContext) {
    return this.services.memberMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateMemberPayload, { description: "Changes a Member." })
  updateMember(@Arg("input") input: UpdateMemberInput, @Ctx() ctx: GatewayContext) {
    return this.services.memberMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a Member; see `cascade` for what happens to what refers to it.",
  })
  deleteMember(@Arg("input") input: DeleteMemberInput, @Ctx() ctx: GatewayContext) {
    return this.services.memberMutations.delete(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateOrganisationPayload, {
    description: "Adds an organisation (WCO Secretariat, ministry…). Its slug must be new.",
  })
  createOrganisation(@Arg("input") input: CreateOrganisationInput, @Ctx() ctx: GatewayContext) {
    return this.services.memberMutations.createOrganisation(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateOrganisationPayload, { description: "Changes an organisation." })
  updateOrganisation(@Arg("input") input: UpdateOrganisationInput, @Ctx() ctx: GatewayContext) {
    return this.services.memberMutations.updateOrganisation(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes an organisation; see `cascade` for the appointments held there.",
  })
  deleteOrganisation(@Arg("input") input: DeleteOrganisationInput, @Ctx() ctx: GatewayContext) {
    return this.services.memberMutations.deleteOrganisation(actorOf(ctx), input);
  }
}
