import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { DateScalar } from "../../common/scalars";
import { Meeting } from "./meeting.entity";
import { SOURCE_LIMITS } from "./meeting.rules";

@ObjectType("Source", {
  simpleResolvers: true,
  implements: Node,
  description: "A published item (news article, press release) that documents one or more meetings.",
})
@Entity({ name: "source" })
@Index("UQ_source_title_published_on", ["title", "publishedOn"], { unique: true })
export class Source extends TrackedNode {
  static readonly typename = "Source";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Headline of the item as published." })
  @Column({ name: "title", type: "varchar", length: SOURCE_LIMITS.title })
  title!: string;

  @Field({ description: "Who published it, e.g. `World Customs Organization`." })
  @Column({ name: "publisher", type: "varchar", length: SOURCE_LIMITS.publisher })
  publisher!: string;

  @Field(() => DateScalar, { description: "Date of publication." })
  @Column({ name: "published_on", type: "date" })
  publishedOn!: string;

  @Field({ description: "Language of the text, as a BCP 47 tag, e.g. `en`." })
  @Column({ name: "language", type: "varchar", length: SOURCE_LIMITS.language })
  language!: string;

  @Field(() => String, { nullable: true, description: "Where it can be read (http or https); null when not recorded." })
  @Column({ name: "url", type: "varchar", length: SOURCE_LIMITS.url, nullable: true })
  url!: string | null;
}

/** Links a meeting to a source that documents it. */
@Entity({ name: "meeting_source" })
@Index("IDX_meeting_source_source_id", ["sourceId"])
export class MeetingSource {
  @PrimaryColumn({ name: "meeting_id", type: "integer" })
  meetingId!: number;

  @PrimaryColumn({ name: "source_id", type: "integer" })
  sourceId!: number;

  @ManyToOne(() => Meeting, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "meeting_id", foreignKeyConstraintName: "FK_meeting_source_meeting" })
  meeting?: Meeting;

  @ManyToOne(() => Source, { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "source_id", foreignKeyConstraintName: "FK_meeting_source_source" })
  source?: Source;
}
