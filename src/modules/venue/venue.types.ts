import { Field, ObjectType } from "type-graphql";
import { connectionTypes } from "../../platform/db/pagination";
import { Venue } from "./venue.entity";

export const { ConnectionType: VenueConnection, EdgeType: VenueEdge } = connectionTypes(Venue, "Venue", "venues");

/** Built from a meeting's `online_url` and `online_platform` columns: a link exists when its URL does. */
@ObjectType("OnlineLink", {
  simpleResolvers: true,
  description: "Where to join a meeting online: its URL and, when recorded, the platform it runs on.",
})
export class OnlineLink {
  @Field({ description: "The link: an http or https URL." })
  url!: string;

  @Field(() => String, {
    nullable: true,
    description: "The platform, e.g. `Zoom` or `Microsoft Teams`; null when not recorded.",
  })
  platform!: string | null;
}
