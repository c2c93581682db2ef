import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
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
import { Organisation } from "./organisation.entity";

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
}
