import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { Person } from "../person/person.entity";
import { Meeting } from "./meeting.entity";
import { ParticipationRole } from "./meeting.enums";

@ObjectType("Participation", {
  simpleResolvers: true,
  implements: Node,
  description: "A person's part in a meeting: who, and in which role (host, convener, speaker…).",
})
@Entity({ name: "participation" })
@Index("UQ_participation_meeting_person_role", ["meetingId", "personId", "role"], { unique: true })
@Index("IDX_participation_person_id", ["personId"])
export class Participation extends TrackedNode {
  static readonly typename = "Participation";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Column({ name: "meeting_id", type: "integer" })
  meetingId!: number;

  @ManyToOne(() => Meeting, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "meeting_id", foreignKeyConstraintName: "FK_participation_meeting" })
  meeting?: Meeting;

  @Column({ name: "person_id", type: "integer" })
  personId!: number;

  @ManyToOne(() => Person, { onDelete: "RESTRICT", nullable: false })
  @JoinColumn({ name: "person_id", foreignKeyConstraintName: "FK_participation_person" })
  person?: Person;

  @Field(() => ParticipationRole, { description: "The role the person played." })
  @Column({ name: "role", type: "varchar", length: 20 })
  role!: ParticipationRole;
}
