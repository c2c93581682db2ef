import type { MigrationInterface, QueryRunner, TableColumnOptions } from "typeorm";
import { Table, TableForeignKey, TableIndex } from "typeorm";

/*
 * The directory's first schema. Written with TypeORM's Table API, never raw SQL, so that the same file
 * runs on SQLite and PostgreSQL. Self-contained on purpose: a migration must not change when entity
 * code does.
 */

const id: TableColumnOptions = {
  name: "id",
  type: "integer",
  isPrimary: true,
  isGenerated: true,
  generationStrategy: "increment",
};

function tracked(queryRunner: QueryRunner): TableColumnOptions[] {
  const types = queryRunner.connection.driver.mappedDataTypes;
  return [
    { name: "created_at", type: String(types.createDate), default: types.createDateDefault },
    { name: "updated_at", type: String(types.updateDate), default: types.updateDateDefault },
    { name: "version", type: "integer" },
  ];
}

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: "varchar",
  length: String(length),
  isNullable,
});
const integer = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "integer", isNullable });
const date = (name: string, isNullable = true): TableColumnOptions => ({ name, type: "date", isNullable });
const text = (name: string): TableColumnOptions => ({ name, type: "text", isNullable: true });

const fk = (name: string, column: string, table: string, onDelete: "CASCADE" | "RESTRICT") =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ["id"],
    onDelete,
  });
const index = (name: string, columnNames: string[], isUnique = false) =>
  new TableIndex({ name, columnNames, isUnique });

export class InitialSchema1764489600000 implements MigrationInterface {
  name = "InitialSchema1764489600000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const t = () => tracked(queryRunner);
    const create = (table: Table) => queryRunner.createTable(table, false, true, true);

    await create(
      new Table({
        name: "region",
        columns: [id, varchar("code", 40), varchar("name", 200), ...t()],
        indices: [index("UQ_region_code", ["code"], true)],
      }),
    );
    await create(
      new Table({
        name: "member",
        columns: [
          id,
          varchar("name", 200),
          varchar("short_name", 60, true),
          varchar("country_name", 200),
          varchar("iso_code", 2),
          integer("region_id"),
          ...t(),
        ],
        foreignKeys: [fk("FK_member_region", "region_id", "region", "RESTRICT")],
        indices: [
          index("UQ_member_iso_code", ["iso_code"], true),
          index("IDX_member_region_id", ["region_id"]),
          index("IDX_member_name", ["name"]),
        ],
      }),
    );
    await create(
      new Table({
        name: "organisation",
        columns: [
          id,
          varchar("slug", 120),
          varchar("name", 200),
          varchar("short_name", 60, true),
          varchar("kind", 40),
          varchar("country_name", 200, true),
          ...t(),
        ],
        indices: [index("UQ_organisation_slug", ["slug"], true)],
      }),
    );
    await create(
      new Table({
        name: "person",
        columns: [id, varchar("slug", 120), varchar("name", 200), varchar("honorific", 20, true), ...t()],
        indices: [index("UQ_person_slug", ["slug"], true), index("IDX_person_name", ["name"])],
      }),
    );
    await create(
      new Table({
        name: "appointment",
        columns: [
          id,
          integer("person_id"),
          varchar("title", 200),
          varchar("kind", 40),
          integer("member_id", true),
          integer("organisation_id", true),
          integer("region_id", true),
          date("start_date"),
          date("end_date"),
          ...t(),
        ],
        foreignKeys: [
          fk("FK_appointment_person", "person_id", "person", "CASCADE"),
          fk("FK_appointment_member", "member_id", "member", "RESTRICT"),
          fk("FK_appointment_organisation", "organisation_id", "organisation", "RESTRICT"),
          fk("FK_appointment_region", "region_id", "region", "RESTRICT"),
        ],
        indices: [
          index("IDX_appointment_person_id", ["person_id"]),
          index("IDX_appointment_member_id", ["member_id"]),
          index("IDX_appointment_organisation_id", ["organisation_id"]),
          index("IDX_appointment_region_id", ["region_id"]),
          index("IDX_appointment_kind", ["kind"]),
        ],
      }),
    );
    await create(
      new Table({
        name: "annual_theme",
        columns: [id, integer("year"), varchar("title", 300), ...t()],
        indices: [index("UQ_annual_theme_year", ["year"], true)],
      }),
    );
    await create(
      new Table({
        name: "theme_pillar",
        columns: [id, integer("theme_id"), integer("position"), varchar("name", 120), ...t()],
        foreignKeys: [fk("FK_theme_pillar_theme", "theme_id", "annual_theme", "CASCADE")],
        indices: [
          index("UQ_theme_pillar_theme_name", ["theme_id", "name"], true),
          index("UQ_theme_pillar_theme_position", ["theme_id", "position"], true),
        ],
      }),
    );
    await create(
      new Table({
        name: "theme_pillar_focus_area",
        columns: [id, integer("pillar_id"), integer("position"), varchar("description", 300)],
        foreignKeys: [fk("FK_focus_area_pillar", "pillar_id", "theme_pillar", "CASCADE")],
        indices: [index("UQ_focus_area_pillar_position", ["pillar_id", "position"], true)],
      }),
    );
    await create(
      new Table({
        name: "meeting",
        columns: [
          id,
          varchar("slug", 160),
          varchar("title", 300),
          varchar("kind", 40),
          text("summary"),
          date("start_date"),
          date("end_date"),
          varchar("timezone", 64, true),
          { ...varchar("format", 20), default: "'UNKNOWN'" },
          integer("region_id", true),
          integer("host_member_id", true),
          integer("convener_person_id", true),
          integer("theme_id", true),
          ...t(),
        ],
        foreignKeys: [
          fk("FK_meeting_region", "region_id", "region", "RESTRICT"),
          fk("FK_meeting_host_member", "host_member_id", "member", "RESTRICT"),
          fk("FK_meeting_convener_person", "convener_person_id", "person", "RESTRICT"),
          fk("FK_meeting_theme", "theme_id", "annual_theme", "RESTRICT"),
        ],
        indices: [
          index("UQ_meeting_slug", ["slug"], true),
          index("IDX_meeting_start_date", ["start_date"]),
          index("IDX_meeting_title", ["title"]),
          index("IDX_meeting_kind", ["kind"]),
          index("IDX_meeting_region_start_date", ["region_id", "start_date"]),
          index("IDX_meeting_host_member_id", ["host_member_id"]),
          index("IDX_meeting_convener_person_id", ["convener_person_id"]),
          index("IDX_meeting_theme_id", ["theme_id"]),
        ],
      }),
    );
    await create(
      new Table({
        name: "participation",
        columns: [id, integer("meeting_id"), integer("person_id"), varchar("role", 20), ...t()],
        foreignKeys: [
          fk("FK_participation_meeting", "meeting_id", "meeting", "CASCADE"),
          fk("FK_participation_person", "person_id", "person", "RESTRICT"),
        ],
        indices: [
          index("UQ_participation_meeting_person_role", ["meeting_id", "person_id", "role"], true),
          index("IDX_participation_person_id", ["person_id"]),
        ],
      }),
    );
    await create(
      new Table({
        name: "source",
        columns: [
          id,
          varchar("title", 300),
          varchar("publisher", 200),
          date("published_on", false),
          varchar("language", 20),
          varchar("url", 500, true),
          ...t(),
        ],
        indices: [index("UQ_source_title_published_on", ["title", "published_on"], true)],
      }),
    );
    await create(
      new Table({
        name: "meeting_source",
        columns: [
          { name: "meeting_id", type: "integer", isPrimary: true },
          { name: "source_id", type: "integer", isPrimary: true },
        ],
        foreignKeys: [
          fk("FK_meeting_source_meeting", "meeting_id", "meeting", "CASCADE"),
          fk("FK_meeting_source_source", "source_id", "source", "CASCADE"),
        ],
        indices: [index("IDX_meeting_source_source_id", ["source_id"])],
      }),
    );
    await create(
      new Table({
        name: "agenda_item",
        columns: [
          id,
          integer("meeting_id"),
          integer("position"),
          varchar("title", 300),
          varchar("kind", 40),
          text("summary"),
          integer("pillar_id", true),
          ...t(),
        ],
        foreignKeys: [
          fk("FK_agenda_item_meeting", "meeting_id", "meeting", "CASCADE"),
          fk("FK_agenda_item_pillar", "pillar_id", "theme_pillar", "RESTRICT"),
        ],
        indices: [
          index("UQ_agenda_item_meeting_position", ["meeting_id", "position"], true),
          index("IDX_agenda_item_pillar_id", ["pillar_id"]),
          index("IDX_agenda_item_kind", ["kind"]),
        ],
      }),
    );
    await create(
      new Table({
        name: "agenda_item_speaker",
        columns: [
          { name: "agenda_item_id", type: "integer", isPrimary: true },
          { name: "person_id", type: "integer", isPrimary: true },
          integer("position"),
        ],
        foreignKeys: [
          fk("FK_agenda_item_speaker_item", "agenda_item_id", "agenda_item", "CASCADE"),
          fk("FK_agenda_item_speaker_person", "person_id", "person", "RESTRICT"),
        ],
        indices: [index("IDX_agenda_item_speaker_person_id", ["person_id"])],
      }),
    );
    await create(
      new Table({
        name: "topic",
        columns: [id, varchar("name", 120), ...t()],
        indices: [index("UQ_topic_name", ["name"], true)],
      }),
    );
    await create(
      new Table({
        name: "agenda_item_topic",
        columns: [
          { name: "agenda_item_id", type: "integer", isPrimary: true },
          { name: "topic_id", type: "integer", isPrimary: true },
        ],
        foreignKeys: [
          fk("FK_agenda_item_topic_item", "agenda_item_id", "agenda_item", "CASCADE"),
          fk("FK_agenda_item_topic_topic", "topic_id", "topic", "RESTRICT"),
        ],
        indices: [index("IDX_agenda_item_topic_topic_id", ["topic_id"])],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Children before parents, so no foreign key is ever left dangling.
    for (const table of [
      "agenda_item_topic",
      "topic",
      "agenda_item_speaker",
      "agenda_item",
      "meeting_source",
      "source",
      "participation",
      "meeting",
      "theme_pillar_focus_area",
      "theme_pillar",
      "annual_theme",
      "appointment",
      "person",
      "organisation",
      "member",
      "region",
    ]) {
      await queryRunner.dropTable(table, false, true, true);
    }
  }
}
