import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { THEME_LIMITS } from "./theme.rules";

@ObjectType("AnnualTheme", {
  simpleResolvers: true,
  implements: Node,
  description: "The theme the WCO sets for a year, which its Members' activities follow, with its pillars.",
})
@Entity({ name: "annual_theme" })
@Index("UQ_annual_theme_year", ["year"], { unique: true })
export class AnnualTheme extends TrackedNode {
  static readonly typename = "AnnualTheme";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field(() => Int, { description: "The year the theme is for; one theme per year." })
  @Column({ name: "year", type: "integer" })
  year!: number;

  @Field({ description: "The theme's title, e.g. `Recovery, Renewal and Resilience for a Sustainable Supply Chain`." })
  @Column({ name: "title", type: "varchar", length: THEME_LIMITS.title })
  title!: string;
}
