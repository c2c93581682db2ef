import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { Region } from "../region/region.entity";
import { SERIES_LIMITS } from "./series.rules";

@ObjectType("MeetingSeries", {
  simpleResolvers: true,
  implements: Node,
  description:
    "The recurring meetings of one body, e.g. the Heads of Customs Meeting of the Americas/Caribbean Region or the WCO Council; its meetings may be numbered as sessions.",
})
@Entity({ name: "meeting_series" })
@Index("UQ_meeting_series_slug", ["slug"], { unique: true })
@Index("IDX_meeting_series_region_id", ["regionId"])
export class MeetingSeries extends TrackedNode {
  static readonly typename = "MeetingSeries";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Stable, URL-safe key, e.g. `wco-council`." })
  @Column({ name: "slug", type: "varchar", length: SERIES_LIMITS.slug })
  slug!: string;

  @Field({ description: "Name of the series, e.g. `Heads of Customs Meeting of the Americas/Caribbean Region`." })
  @Column({ name: "name", type: "varchar", length: SERIES_LIMITS.name })
  name!: string;

  @Field(() => String, { nullable: true, description: "Short name or acronym, if the series has one." })
  @Column({ name: "short_name", type: "varchar", length: SERIES_LIMITS.shortName, nullable: true })
  shortName!: string | null;

  @Field(() => String, { nullable: true, description: "What the series is: the body that meets, and why." })
  @Column({ name: "description", type: "text", nullable: true })
  description!: string | null;

  @Column({ name: "region_id", type: "integer", nullable: true })
  regionId!: number | null;

  @ManyToOne(() => Region, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "region_id", foreignKeyConstraintName: "FK_meeting_series_region" })
  region?: Region | null;
}
