import type { MigrationInterface, QueryRunner } from "typeorm";
import { TableColumn, TableIndex } from "typeorm";

/*
 * A meeting's status (SCHEDULED, POSTPONED, CANCELLED, HELD) and its local start and end times, "HH:MM" in its
 * time zone (src/modules/meeting). Table API and portable SQL only, so that the same file runs on SQLite and
 * PostgreSQL; self-contained (values written out, not imported from the enums).
 *
 * Existing meetings become HELD only where the directory itself documents that they took place, and SCHEDULED
 * (the column's default: nothing on record says otherwise) everywhere else:
 * - a dated meeting with a source published after its last day (its first, when the last is unknown): a news
 *   item written after the meeting reports on it; one published on the last day itself might have been written
 *   before the meeting ended, so it does not count;
 * - the three meetings of the first seed (seeds/002-…json), linked to the WCO news item of 29 April 2021, which
 *   reports all three as past: the regional meeting "hosted … on 22 April 2021", the "inauguration of the
 *   Regional Customs Laboratory" it congratulated SUNAT on, and SUNAT's "recent webinar". Two of them have no
 *   date, so the first rule cannot see them; a database seeded before this migration gets what a fresh seed says.
 * Nothing is marked POSTPONED or CANCELLED: no stored fact says so.
 */

const FIRST_SEED_MEETINGS = [
  "2021-04-22-americas-caribbean-heads-of-customs",
  "sunat-regional-customs-laboratory-inauguration",
  "sunat-chemical-analysis-webinar",
];
const FIRST_SEED_SOURCE = {
  title: "Americas and Caribbean Regional Meeting discusses priorities and shares best practices",
  publishedOn: "2021-04-29",
};

export class MeetingStatusAndTimes1765180800000 implements MigrationInterface {
  name = "MeetingStatusAndTimes1765180800000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === "postgres";
    const p = (n: number) => (postgres ? `$${n}` : "?");
    // One change of the meeting table (SQLite rebuilds the table to add columns with the Table API).
    await queryRunner.addColumns("meeting", [
      new TableColumn({ name: "start_time", type: "varchar", length: "5", isNullable: true }),
      new TableColumn({ name: "end_time", type: "varchar", length: "5", isNullable: true }),
      new TableColumn({ name: "status", type: "varchar", length: "20", default: "'SCHEDULED'" }),
    ]);
    await queryRunner.createIndex(
      "meeting",
      new TableIndex({ name: "IDX_meeting_end_date", columnNames: ["end_date"] }),
    );
    await queryRunner.query(
      `UPDATE meeting SET status = 'HELD' WHERE start_date IS NOT NULL AND EXISTS (
         SELECT 1 FROM meeting_source ms JOIN source s ON s.id = ms.source_id
         WHERE ms.meeting_id = meeting.id AND s.published_on > COALESCE(meeting.end_date, meeting.start_date))`,
    );
    await queryRunner.query(
      `UPDATE meeting SET status = 'HELD' WHERE slug IN (${p(1)}, ${p(2)}, ${p(3)}) AND EXISTS (
         SELECT 1 FROM meeting_source ms JOIN source s ON s.id = ms.source_id
         WHERE ms.meeting_id = meeting.id AND s.title = ${p(4)} AND s.published_on = ${p(5)})`,
      [...FIRST_SEED_MEETINGS, FIRST_SEED_SOURCE.title, FIRST_SEED_SOURCE.publishedOn],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("meeting", "IDX_meeting_end_date");
    await queryRunner.dropColumns("meeting", ["status", "end_time", "start_time"]);
  }
}
