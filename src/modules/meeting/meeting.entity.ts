import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { TrackedNode } from "../../platform/db/entity-columns";
import { Node } from "../../common/node";
import { DateScalar, LocalTimeScalar, TimeZoneScalar } from "../../common/scalars";
import { Member } from "../member/member.entity";
import { Person } from "../person/person.entity";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "../series/series.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { Venue } from "../venue/venue.entity";
import { ONLINE_LINK_LIMITS } from "../venue/venue.rules";
import { MeetingFormat, MeetingKind, MeetingStatus } from "./meeting.enums";
import { MEETING_LIMITS } from "./meeting.rules";

@ObjectType("Meeting", {
  simpleResolvers: true,
  implements: Node,
  description:
    "A customs event: a regional meeting, a webinar, an inauguration… with its host, agenda, participants and the news items that document it.",
})
@Entity({ name: "meeting" })
@Index("UQ_meeting_slug", ["slug"], { unique: true })
@Index("IDX_meeting_start_date", ["startDate"])
// For `MeetingFilter.when`: the time zones of the meetings ending around today (MeetingService.timingZones).
@Index("IDX_meeting_end_date", ["endDate"])
@Index("IDX_meeting_start_date_region_host", ["startDate", "regionId", "hostMemberId"])
@Index("IDX_meeting_title", ["title"])
@Index("IDX_meeting_kind", ["kind"])
@Index("IDX_meeting_region_start_date", ["regionId", "startDate"])
@Index("IDX_meeting_host_member_id", ["hostMemberId"])
@Index("IDX_meeting_convener_person_id", ["convenerPersonId"])
@Index("IDX_meeting_theme_id", ["themeId"])
// A session number is unique within its series (NULLs are distinct: unnumbered meetings repeat freely); the
// index leads with series_id, so it also serves the foreign key and a series' meetings.
@Index("UQ_meeting_series_session", ["seriesId", "sessionNumber"], { unique: true })
@Index("IDX_meeting_venue_id", ["venueId"])
export class Meeting extends TrackedNode {
  static readonly typename = "Meeting";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Stable, URL-safe key, e.g. `2021-04-22-americas-caribbean-heads-of-customs`." })
  @Column({ name: "slug", type: "varchar", length: MEETING_LIMITS.slug })
  slug!: string;

  @Field({ description: "Title of the meeting." })
  @Column({ name: "title", type: "varchar", length: MEETING_LIMITS.title })
  // PostgreSQL's trigram index for `titleContains` (migration PostgresTitleSearch): managed by the migration
  // alone, declared here so that schema comparison neither expects it on SQLite nor drops it on PostgreSQL.
  @Index("IDX_meeting_title_trgm", { synchronize: false })
  title!: string;

  @Field(() => MeetingKind, { description: "What kind of event this is." })
  @Column({ name: "kind", type: "varchar", length: 40 })
  kind!: MeetingKind;

  @Field(() => String, { nullable: true, description: "What the meeting was about, in a sentence or two." })
  @Column({ name: "summary", type: "text", nullable: true })
  summary!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "First day, on the calendar of the meeting's own time zone; null when the sources do not give it.",
  })
  @Column({ name: "start_date", type: "date", nullable: true })
  startDate!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "Last day (equal to `startDate` for a one-day meeting); null when unknown.",
  })
  @Column({ name: "end_date", type: "date", nullable: true })
  endDate!: string | null;

  @Field(() => LocalTimeScalar, {
    nullable: true,
    description:
      "Local time the meeting begins on `startDate`, on the clocks of `timezone`; null when only the date is known. Never set without `startDate` and `timezone`.",
  })
  @Column({ name: "start_time", type: "varchar", length: 5, nullable: true })
  startTime!: string | null;

  @Field(() => LocalTimeScalar, {
    nullable: true,
    description:
      "Local time the meeting ends on `endDate`, on the clocks of `timezone`; null when unknown. Never set without `endDate` and `timezone`.",
  })
  @Column({ name: "end_time", type: "varchar", length: 5, nullable: true })
  endTime!: string | null;

  @Field(() => TimeZoneScalar, {
    nullable: true,
    description: "IANA time zone the dates and times are in; null when unknown.",
  })
  @Column({ name: "timezone", type: "varchar", length: MEETING_LIMITS.timezone, nullable: true })
  timezone!: string | null;

  @Field(() => MeetingFormat, { description: "In person, virtual or hybrid; `UNKNOWN` when the sources do not say." })
  @Column({ name: "format", type: "varchar", length: 20, default: MeetingFormat.UNKNOWN })
  format!: MeetingFormat;

  @Field(() => MeetingStatus, {
    description:
      "Whether the meeting is scheduled, postponed, cancelled or was held, as the sources report; `SCHEDULED` unless they say otherwise.",
  })
  @Column({ name: "status", type: "varchar", length: 20, default: MeetingStatus.SCHEDULED })
  status!: MeetingStatus;

  @Column({ name: "region_id", type: "integer", nullable: true })
  regionId!: number | null;

  @ManyToOne(() => Region, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "region_id", foreignKeyConstraintName: "FK_meeting_region" })
  region?: Region | null;

  @Column({ name: "host_member_id", type: "integer", nullable: true })
  hostMemberId!: number | null;

  @ManyToOne(() => Member, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "host_member_id", foreignKeyConstraintName: "FK_meeting_host_member" })
  host?: Member | null;

  @Column({ name: "convener_person_id", type: "integer", nullable: true })
  convenerPersonId!: number | null;

  @ManyToOne(() => Person, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "convener_person_id", foreignKeyConstraintName: "FK_meeting_convener_person" })
  convener?: Person | null;

  @Column({ name: "theme_id", type: "integer", nullable: true })
  themeId!: number | null;

  @ManyToOne(() => AnnualTheme, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "theme_id", foreignKeyConstraintName: "FK_meeting_theme" })
  theme?: AnnualTheme | null;

  // The series feature (src/modules/series) resolves `series`, `previousSession` and `nextSession` from these.
  @Column({ name: "series_id", type: "integer", nullable: true })
  seriesId!: number | null;

  @ManyToOne(() => MeetingSeries, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "series_id", foreignKeyConstraintName: "FK_meeting_series" })
  series?: MeetingSeries | null;

  @Field(() => Int, {
    nullable: true,
    description: "Which session of its series the meeting is, e.g. 141 for the 141st Council; null when not numbered.",
  })
  @Column({ name: "session_number", type: "integer", nullable: true })
  sessionNumber!: number | null;

  // The venue feature (src/modules/venue) resolves `venue` and `onlineLink` from these columns.
  @Column({ name: "venue_id", type: "integer", nullable: true })
  venueId!: number | null;

  @ManyToOne(() => Venue, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "venue_id", foreignKeyConstraintName: "FK_meeting_venue" })
  venue?: Venue | null;

  @Column({ name: "online_url", type: "varchar", length: ONLINE_LINK_LIMITS.url, nullable: true })
  onlineUrl!: string | null;

  @Column({ name: "online_platform", type: "varchar", length: ONLINE_LINK_LIMITS.platform, nullable: true })
  onlinePlatform!: string | null;
}
