import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { REGION_LIMITS } from "./region.rules";

@ObjectType("Region", {
  simpleResolvers: true,
  implements: Node,
  description: "One of the six regions of the World Customs Organization, each represented by a Vice-Chair.",
})
@Entity({ name: "region" })
@Index("UQ_region_code", ["code"], { unique: true })
export class Region extends TrackedNode {
  static readonly typename = "Region";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Stable code of the region, e.g. `AMERICAS_CARIBBEAN`. Never changes once issued." })
  @Column({ name: "code", type: "varchar", length: REGION_LIMITS.code.max })
  code!: string;

  @Field({ description: "Name of the region as the WCO writes it, e.g. `Americas and Caribbean`." })
  @Column({ name: "name", type: "varchar", length: REGION_LIMITS.name })
  name!: string;
}
