import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { AnnualTheme } from "./annual-theme.entity";
import { PILLAR_LIMITS } from "./theme.rules";

@ObjectType("ThemePillar", {
  simpleResolvers: true,
  implements: Node,
  description: "One pillar of an annual theme (2021: Recovery, Renewal, Resilience), with its focus areas.",
})
@Entity({ name: "theme_pillar" })
@Index("UQ_theme_pillar_theme_name", ["themeId", "name"], { unique: true })
@Index("UQ_theme_pillar_theme_position", ["themeId", "position"], { unique: true })
export class ThemePillar extends TrackedNode {
  static readonly typename = "ThemePillar";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Column({ name: "theme_id", type: "integer" })
  themeId!: number;

  @ManyToOne(() => AnnualTheme, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "theme_id", foreignKeyConstraintName: "FK_theme_pillar_theme" })
  theme?: AnnualTheme;

  @Field(() => Int, { description: "Order of the pillar within its theme, from 1." })
  @Column({ name: "position", type: "integer" })
  position!: number;

  @Field({ description: "Name of the pillar, e.g. `Recovery`; unique within its theme." })
  @Column({ name: "name", type: "varchar", length: PILLAR_LIMITS.name })
  name!: string;
}

/** A focus area of a pillar; stored in its own rows to keep their order, exposed as strings. */
@Entity({ name: "theme_pillar_focus_area" })
@Index("UQ_focus_area_pillar_position", ["pillarId", "position"], { unique: true })
export class ThemePillarFocusArea {
  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Column({ name: "pillar_id", type: "integer" })
  pillarId!: number;

  @ManyToOne(() => ThemePillar, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "pillar_id", foreignKeyConstraintName: "FK_focus_area_pillar" })
  pillar?: ThemePillar;

  @Column({ name: "position", type: "integer" })
  position!: number;

  @Column({ name: "description", type: "varchar", length: PILLAR_LIMITS.focusArea })
  description!: string;
}
