import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { Meeting } from "../meeting/meeting.entity";
import { Person } from "../person/person.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { AgendaItemKind } from "./agenda.enums";
import { AGENDA_ITEM_LIMITS, TOPIC_LIMITS } from "./agenda.rules";

@ObjectType("AgendaItem", {
  simpleResolvers: true,
  implements: Node,
  description: "One item of a meeting's agenda, in order, with its speakers, topics and the theme pillar it serves.",
})
@Entity({ name: "agenda_item" })
@Index("UQ_agenda_item_meeting_position", ["meetingId", "position"], { unique: true })
@Index("IDX_agenda_item_pillar_id", ["pillarId"])
@Index("IDX_agenda_item_meeting_pillar", ["meetingId", "pillarId"])
@Index("IDX_agenda_item_kind", ["kind"])
export class AgendaItem extends TrackedNode {
  static readonly typename = "AgendaItem";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Column({ name: "meeting_id", type: "integer" })
  meetingId!: number;

  @ManyToOne(() => Meeting, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "meeting_id", foreignKeyConstraintName: "FK_agenda_item_meeting" })
  meeting?: Meeting;

  @Field(() => Int, { description: "Order of the item within its meeting, from 1." })
  @Column({ name: "position", type: "integer" })
  position!: number;

  @Field({ description: "Title of the item." })
  @Column({ name: "title", type: "varchar", length: AGENDA_ITEM_LIMITS.title })
  title!: string;

  @Field(() => AgendaItemKind, { description: "What happens in this item." })
  @Column({ name: "kind", type: "varchar", length: 40 })
  kind!: AgendaItemKind;

  @Field(() => String, { nullable: true, description: "What was said or done, in a sentence or two." })
  @Column({ name: "summary", type: "text", nullable: true })
  summary!: string | null;

  @Column({ name: "pillar_id", type: "integer", nullable: true })
  pillarId!: number | null;

  @ManyToOne(() => ThemePillar, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "pillar_id", foreignKeyConstraintName: "FK_agenda_item_pillar" })
  pillar?: ThemePillar | null;
}

/** A speaker of an agenda item, in speaking order. */
@Entity({ name: "agenda_item_speaker" })
@Index("IDX_agenda_item_speaker_person_id", ["personId"])
export class AgendaItemSpeaker {
  @PrimaryColumn({ name: "agenda_item_id", type: "integer" })
  agendaItemId!: number;

  @PrimaryColumn({ name: "person_id", type: "integer" })
  personId!: number;

  @Column({ name: "position", type: "integer" })
  position!: number;

  @ManyToOne(() => AgendaItem, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "agenda_item_id", foreignKeyConstraintName: "FK_agenda_item_speaker_item" })
  agendaItem?: AgendaItem;

  @ManyToOne(() => Person, { onDelete: "RESTRICT", nullable: false })
  @JoinColumn({ name: "person_id", foreignKeyConstraintName: "FK_agenda_item_speaker_person" })
  person?: Person;
}

@ObjectType("Topic", {
  simpleResolvers: true,
  implements: Node,
  description: "A subject agenda items deal with, e.g. `AEO Programme`, `E-Commerce`, `WCO Strategic Plan`.",
})
@Entity({ name: "topic" })
@Index("UQ_topic_name", ["name"], { unique: true })
export class Topic extends TrackedNode {
  static readonly typename = "Topic";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Name of the topic; unique." })
  @Column({ name: "name", type: "varchar", length: TOPIC_LIMITS.name })
  name!: string;
}

/** Tags an agenda item with a topic. */
@Entity({ name: "agenda_item_topic" })
@Index("IDX_agenda_item_topic_topic_id", ["topicId"])
export class AgendaItemTopic {
  @PrimaryColumn({ name: "agenda_item_id", type: "integer" })
  agendaItemId!: number;

  @PrimaryColumn({ name: "topic_id", type: "integer" })
  topicId!: number;

  @ManyToOne(() => AgendaItem, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "agenda_item_id", foreignKeyConstraintName: "FK_agenda_item_topic_item" })
  agendaItem?: AgendaItem;

  @ManyToOne(() => Topic, { onDelete: "RESTRICT", nullable: false })
  @JoinColumn({ name: "topic_id", foreignKeyConstraintName: "FK_agenda_item_topic_topic" })
  topic?: Topic;
}
