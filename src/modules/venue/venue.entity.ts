import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { CountryCodeScalar, TimeZoneScalar } from "../../common/scalars";
import { VENUE_LIMITS } from "./venue.rules";

@ObjectType("Venue", {
  simpleResolvers: true,
  implements: Node,
  description:
    "A place where meetings are held: a conference centre, a customs house, a hotel. A meeting held online has an `onlineLink` instead of (or, when hybrid, beside) a venue.",
})
@Entity({ name: "venue" })
@Index("UQ_venue_slug", ["slug"], { unique: true })
@Index("IDX_venue_country_code", ["countryCode"])
@Index("IDX_venue_name", ["name"])
export class Venue extends TrackedNode {
  static readonly typename = "Venue";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Stable, URL-safe key of the venue, e.g. `wco-headquarters-brussels`." })
  @Column({ name: "slug", type: "varchar", length: VENUE_LIMITS.slug })
  slug!: string;

  @Field({ description: "Name of the place, e.g. `WCO Headquarters`." })
  @Column({ name: "name", type: "varchar", length: VENUE_LIMITS.name })
  name!: string;

  @Field(() => String, { nullable: true, description: "City, e.g. `Brussels`; null when not recorded." })
  @Column({ name: "city", type: "varchar", length: VENUE_LIMITS.city, nullable: true })
  city!: string | null;

  @Field(() => CountryCodeScalar, {
    nullable: true,
    description: "ISO 3166-1 alpha-2 code of the country the venue is in; null when not recorded.",
  })
  @Column({ name: "country_code", type: "varchar", length: VENUE_LIMITS.countryCode, nullable: true })
  countryCode!: string | null;

  @Field(() => String, { nullable: true, description: "Street address; null when not recorded." })
  @Column({ name: "address", type: "varchar", length: VENUE_LIMITS.address, nullable: true })
  address!: string | null;

  @Field(() => TimeZoneScalar, {
    nullable: true,
    description: "IANA time zone of the place, e.g. `Europe/Brussels`; null when not recorded.",
  })
  @Column({ name: "timezone", type: "varchar", length: VENUE_LIMITS.timezone, nullable: true })
  timezone!: string | null;
}
