import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { DateScalar } from "../../common/scalars";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Region } from "../region/region.entity";
import { Person } from "./person.entity";
import { APPOINTMENT_LIMITS } from "./person.rules";

export enum OfficeKind {
  SECRETARY_GENERAL = "SECRETARY_GENERAL",
  DEPUTY_SECRETARY_GENERAL = "DEPUTY_SECRETARY_GENERAL",
  WCO_VICE_CHAIR = "WCO_VICE_CHAIR",
  DIRECTOR_GENERAL_OF_CUSTOMS = "DIRECTOR_GENERAL_OF_CUSTOMS",
  MINISTER = "MINISTER",
  OTHER = "OTHER",
}

registerEnumType(OfficeKind, {
  name: "OfficeKind",
  description: "The kind of office an appointment is to.",
  valuesConfig: {
    SECRETARY_GENERAL: { description: "Secretary General of the WCO." },
    DEPUTY_SECRETARY_GENERAL: { description: "Deputy Secretary General of the WCO." },
    WCO_VICE_CHAIR: { description: "Vice-Chair of the WCO, representing one region." },
    DIRECTOR_GENERAL_OF_CUSTOMS: { description: "Head of a national customs administration." },
    MINISTER: { description: "A government minister." },
    OTHER: { description: "Any other office." },
  },
});

@ObjectType("Appointment", {
  simpleResolvers: true,
  implements: Node,
  description:
    "An office a person holds at a Member or another organisation, e.g. Director General of Guatemala Customs, or WCO Vice-Chair for a region.",
})
@Entity({ name: "appointment" })
@Index("IDX_appointment_person_id", ["personId"])
@Index("IDX_appointment_member_id", ["memberId"])
@Index("IDX_appointment_organisation_id", ["organisationId"])
@Index("IDX_appointment_region_id", ["regionId"])
@Index("IDX_appointment_kind", ["kind"])
export class Appointment extends TrackedNode {
  static readonly typename = "Appointment";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Column({ name: "person_id", type: "integer" })
  personId!: number;

  @ManyToOne(() => Person, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "person_id", foreignKeyConstraintName: "FK_appointment_person" })
  person?: Person;

  @Field({ description: "Title of the office as the sources write it, e.g. `Director General of Customs`." })
  @Column({ name: "title", type: "varchar", length: APPOINTMENT_LIMITS.title })
  title!: string;

  @Field(() => OfficeKind, { description: "The kind of office." })
  @Column({ name: "kind", type: "varchar", length: 40 })
  kind!: OfficeKind;

  @Column({ name: "member_id", type: "integer", nullable: true })
  memberId!: number | null;

  @ManyToOne(() => Member, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "member_id", foreignKeyConstraintName: "FK_appointment_member" })
  member?: Member | null;

  @Column({ name: "organisation_id", type: "integer", nullable: true })
  organisationId!: number | null;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "organisation_id", foreignKeyConstraintName: "FK_appointment_organisation" })
  organisation?: Organisation | null;

  @Column({ name: "region_id", type: "integer", nullable: true })
  regionId!: number | null;

  @ManyToOne(() => Region, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "region_id", foreignKeyConstraintName: "FK_appointment_region" })
  region?: Region | null;

  @Field(() => DateScalar, { nullable: true, description: "First day in office; null when the sources do not say." })
  @Column({ name: "start_date", type: "date", nullable: true })
  startDate!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day in office; null while in office or when unknown." })
  @Column({ name: "end_date", type: "date", nullable: true })
  endDate!: string | null;
}
