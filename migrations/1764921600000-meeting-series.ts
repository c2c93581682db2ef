import type { MigrationInterface, QueryRunner, TableColumnOptions } from "typeorm";
import { Table, TableColumn, TableForeignKey, TableIndex } from "typeorm";

/*
 * Meeting series, and a meeting's series and session number (src/modules/series). Table API only, so that the
 * same file runs on SQLite and PostgreSQL; self-contained (lengths written out, not imported from
 * series.rules.ts), since a migration must not change when entity code does. A meeting's series is RESTRICT:
 * `deleteMeetingSeries` with `cascade` takes the meetings out of the series first, audited. The unique
 * (series_id, session_number) index is also the index of the foreign key (it leads with series_id); NULLs are
 * distinct in a unique index on both engines, so unnumbered meetings and meetings of no series repeat freely.
 */

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: "varchar",
  length: String(length),
  isNullable,
});

export class MeetingSeries1764921600000 implements MigrationInterface {
  name = "MeetingSeries1764921600000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const types = queryRunner.connection.driver.mappedDataTypes;
    await queryRunner.createTable(
      new Table({
        name: "meeting_series",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("slug", 160),
          varchar("name", 300),
          varchar("short_name", 60, true),
          { name: "description", type: "text", isNullable: true },
          { name: "region_id", type: "integer", isNullable: true },
          { name: "created_at", type: String(types.createDate), default: types.createDateDefault },
          { name: "updated_at", type: String(types.updateDate), default: types.updateDateDefault },
          { name: "version", type: "integer" },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: "FK_meeting_series_region",
            columnNames: ["region_id"],
            referencedTableName: "region",
            referencedColumnNames: ["id"],
            onDelete: "RESTRICT",
          }),
        ],
        indices: [
          new TableIndex({ name: "UQ_meeting_series_slug", columnNames: ["slug"], isUnique: true }),
          new TableIndex({ name: "IDX_meeting_series_region_id", columnNames: ["region_id"] }),
        ],
      }),
      false,
      true,
      true,
    );
    // One change of the meeting table (SQLite rebuilds a table to add a foreign key): columns, then the key.
    await queryRunner.addColumns("meeting", [
      new TableColumn({ name: "series_id", type: "integer", isNullable: true }),
      new TableColumn({ name: "session_number", type: "integer", isNullable: true }),
    ]);
    await queryRunner.createForeignKey(
      "meeting",
      new TableForeignKey({
        name: "FK_meeting_series",
        columnNames: ["series_id"],
        referencedTableName: "meeting_series",
        referencedColumnNames: ["id"],
        onDelete: "RESTRICT",
      }),
    );
    await queryRunner.createIndex(
      "meeting",
      new TableIndex({
        name: "UQ_meeting_series_session",
        columnNames: ["series_id", "session_number"],
        isUnique: true,
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("meeting", "UQ_meeting_series_session");
    await queryRunner.dropForeignKey("meeting", "FK_meeting_series");
    await queryRunner.dropColumns("meeting", ["session_number", "series_id"]);
    await queryRunner.dropTable("meeting_series", true, true, true);
  }
}
