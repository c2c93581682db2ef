import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { PERSON_LIMITS } from "./person.rules";

@ObjectType("Person", {
  simpleResolvers: true,
  implements: Node,
  description: "A person who holds an office or takes part in meetings, e.g. the WCO Secretary General.",
})
@Entity({ name: "person" })
@Index("UQ_person_slug", ["slug"], { unique: true })
@Index("IDX_person_name", ["name"])
export class Person extends TrackedNode {
  static readonly typename = "Person";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Stable, URL-safe key of the person, e.g. `kunio-mikuriya`." })
  @Column({ name: "slug", type: "varchar", length: PERSON_LIMITS.slug })
  slug!: string;

  @Field({ description: "Full name as the sources write it, e.g. `Kunio Mikuriya`." })
  @Column({ name: "name", type: "varchar", length: PERSON_LIMITS.name })
  name!: string;

  @Field(() => String, { nullable: true, description: "Honorific the sources use, e.g. `Dr.`, `Mr.`, `Ms.`." })
  @Column({ name: "honorific", type: "varchar", length: PERSON_LIMITS.honorific, nullable: true })
  honorific!: string | null;
}
