import type { MigrationInterface, QueryRunner, TableColumnOptions } from "typeorm";
import { Table, TableColumn, TableForeignKey, TableIndex } from "typeorm";

/*
 * Venues, and a meeting's venue and online link (src/modules/venue). Table API only, so that the same file runs
 * on SQLite and PostgreSQL; self-contained (lengths written out, not imported from venue.rules.ts), since a
 * migration must not change when entity code does. A meeting's venue is RESTRICT: `deleteVenue` with `cascade`
 * detaches the meetings first, audited, as `deleteMember` detaches the meetings a Member hosted.
 */

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: "varchar",
  length: String(length),
  isNullable,
});

export class Venues1764835200000 implements MigrationInterface {
  name = "Venues1764835200000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const types = queryRunner.connection.driver.mappedDataTypes;
    await queryRunner.createTable(
      new Table({
        name: "venue",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("slug", 120),
          varchar("name", 200),
          varchar("city", 120, true),
          varchar("country_code", 2, true),
          varchar("address", 500, true),
          varchar("timezone", 64, true),
          { name: "created_at", type: String(types.createDate), default: types.createDateDefault },
          { name: "updated_at", type: String(types.updateDate), default: types.updateDateDefault },
          { name: "version", type: "integer" },
        ],
        indices: [
          new TableIndex({ name: "UQ_venue_slug", columnNames: ["slug"], isUnique: true }),
          new TableIndex({ name: "IDX_venue_country_code", columnNames: ["country_code"] }),
          new TableIndex({ name: "IDX_venue_name", columnNames: ["name"] }),
        ],
      }),
      false,
      true,
      true,
    );
    // One change of the meeting table (SQLite rebuilds a table to add a foreign key): columns, then the key.
    await queryRunner.addColumns("meeting", [
      new TableColumn({ name: "venue_id", type: "integer", isNullable: true }),
      new TableColumn(varchar("online_url", 500, true)),
      new TableColumn(varchar("online_platform", 100, true)),
    ]);
    await queryRunner.createForeignKey(
      "meeting",
      new TableForeignKey({
        name: "FK_meeting_venue",
        columnNames: ["venue_id"],
        referencedTableName: "venue",
        referencedColumnNames: ["id"],
        onDelete: "RESTRICT",
      }),
    );
    await queryRunner.createIndex(
      "meeting",
      new TableIndex({ name: "IDX_meeting_venue_id", columnNames: ["venue_id"] }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("meeting", "IDX_meeting_venue_id");
    await queryRunner.dropForeignKey("meeting", "FK_meeting_venue");
    await queryRunner.dropColumns("meeting", ["online_platform", "online_url", "venue_id"]);
    await queryRunner.dropTable("venue", true, true, true);
  }
}
