import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { CountryCodeScalar } from "../../common/scalars";
import { Region } from "../region/region.entity";
import { MEMBER_LIMITS } from "./member.rules";

@ObjectType("Member", {
  simpleResolvers: true,
  implements: Node,
  description: "A Member of the WCO: the customs administration of a country or customs territory.",
})
@Entity({ name: "member" })
@Index("UQ_member_iso_code", ["isoCode"], { unique: true })
@Index("IDX_member_region_id", ["regionId"])
@Index("IDX_member_name", ["name"])
export class Member extends TrackedNode {
  static readonly typename = "Member";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Full name of the administration, e.g. `Peru Customs`." })
  @Column({ name: "name", type: "varchar", length: MEMBER_LIMITS.name })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: "Short name or acronym, e.g. `SUNAT`; null when none is recorded.",
  })
  @Column({ name: "short_name", type: "varchar", length: MEMBER_LIMITS.shortName, nullable: true })
  shortName!: string | null;

  @Field({ description: "Name of the country or customs territory, e.g. `Peru`." })
  @Column({ name: "country_name", type: "varchar", length: MEMBER_LIMITS.countryName })
  countryName!: string;

  @Field(() => CountryCodeScalar, { description: "ISO 3166-1 alpha-2 code of the country; unique among Members." })
  @Column({ name: "iso_code", type: "varchar", length: MEMBER_LIMITS.isoCode })
  isoCode!: string;

  @Column({ name: "region_id", type: "integer" })
  regionId!: number;

  @ManyToOne(() => Region, { onDelete: "RESTRICT", nullable: false })
  @JoinColumn({ name: "region_id", foreignKeyConstraintName: "FK_member_region" })
  region?: Region;
}
