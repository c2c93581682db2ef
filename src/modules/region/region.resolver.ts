import { Arg, Args, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ConnectionArgs, toPageRequest } from "../../common/pagination";
import type { Services } from "../../services";
import { MeetingConnection } from "../meeting/meeting.types";
import { MeetingFilter, MeetingOrder } from "../meeting/meeting.inputs";
import { MemberConnection } from "../member/member.types";
import { MemberFilter } from "../member/member.inputs";
import { Region } from "./region.entity";

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
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MemberFilter, { nullable: true, description: "Narrows the list further." })
    filter: MemberFilter | null,
  ) {
    return this.services.members.list(filter, toPageRequest(page), [region.id]);
  }

  @FieldResolver(() => MeetingConnection, { description: "Meetings held in or for this region." })
  meetings(
    @Root() region: Region,
    @Args() page: ConnectionArgs,
    @Arg("filter", () => MeetingFilter, { nullable: true, description: "Narrows the list further." })
    filter: MeetingFilter | null,
    @Arg("orderBy", () => MeetingOrder, { nullable: true, description: "Sort order; newest first by default." })
    orderBy: MeetingOrder | null,
  ) {
    return this.services.meetings.list(filter, orderBy, toPageRequest(page), { regionIds: [region.id] });
  }
}
