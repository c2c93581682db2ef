import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { ORGANISATION_LIMITS } from "./member.rules";

export enum OrganisationKind {
  WCO_SECRETARIAT = "WCO_SECRETARIAT",
  GOVERNMENT_MINISTRY = "GOVERNMENT_MINISTRY",
  INTERNATIONAL_ORGANISATION = "INTERNATIONAL_ORGANISATION",
  OTHER = "OTHER",
}

registerEnumType(OrganisationKind, {
  name: "OrganisationKind",
  description: "What kind of body an organisation other than a Member is.",
  valuesConfig: {
    WCO_SECRETARIAT: { description: "The Secretariat of the World Customs Organization, in Brussels." },
    GOVERNMENT_MINISTRY: { description: "A ministry of a national government, e.g. a ministry of finance." },
    INTERNATIONAL_ORGANISATION: { description: "Another international or regional organisation." },
    OTHER: { description: "Any other body." },
  },
});

@ObjectType("Organisation", {
  simpleResolvers: true,
  implements: Node,
  description:
    "A body other than a WCO Member at which people hold office: the WCO Secretariat, a ministry, another organisation.",
})
@Entity({ name: "organisation" })
@Index("UQ_organisation_slug", ["slug"], { unique: true })
export class Organisation extends TrackedNode {
  static readonly typename = "Organisation";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Stable, URL-safe key of the organisation, e.g. `wco-secretariat`." })
  @Column({ name: "slug", type: "varchar", length: ORGANISATION_LIMITS.slug })
  slug!: string;

  @Field({ description: "Full name, e.g. `Ministry of Economy and Finance of Peru`." })
  @Column({ name: "name", type: "varchar", length: ORGANISATION_LIMITS.name })
  name!: string;

  @Field(() => String, { nullable: true, description: "Short name or acronym; null when none is recorded." })
  @Column({ name: "short_name", type: "varchar", length: ORGANISATION_LIMITS.shortName, nullable: true })
  shortName!: string | null;

  @Field(() => OrganisationKind, { description: "What kind of body this is." })
  @Column({ name: "kind", type: "varchar", length: 40 })
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: "Country the body belongs to, when it is a national body." })
  @Column({ name: "country_name", type: "varchar", length: ORGANISATION_LIMITS.countryName, nullable: true })
  countryName!: string | null;
}
