import type { MigrationInterface, QueryRunner, TableColumnOptions } from "typeorm";
import { Table } from "typeorm";

/*
 * The maintained activity summary (src/modules/activity/activity.summary.ts): per granularity, region and
 * period, the counts `regionalActivity` reports, and the agenda items per pillar. Distinct counts (hosts,
 * participants) do not add up across periods, so each granularity has its own rows, and a bucket is always
 * recomputed from the meetings, never incremented.
 *
 * Which buckets need recomputing is written by triggers into `activity_stale`, as (region, start date) of every
 * meeting whose counts a statement changed: inserts and deletes of meetings, agenda items and participations,
 * and updates of the columns the counts read. Triggers see every write (mutations, imports, seeds, foreign key
 * cascades) whatever path issued it; the unit of work recomputes the marked buckets before it commits.
 * SQLite fires row triggers (cheap: they run in-process); PostgreSQL fires statement triggers over the
 * statement's transition tables, one INSERT per statement, so an import of thousands of rows per statement
 * pays once per statement rather than once per row.
 *
 * Self-contained: the SQL that fills the summary of an existing directory is written out here, not imported,
 * since a migration must not change when the feature's code does.
 */

const integer = (name: string, isPrimary = false): TableColumnOptions => ({ name, type: "integer", isPrimary });
const key = (name: string): TableColumnOptions => ({ name, type: "varchar", length: "7", isPrimary: true });

/** The period key of a date at each granularity (`2021`, `2021-Q2`, `2021-04`), as the activity feature writes it. */
function periodSql(granularity: string, column: string, postgres: boolean): string {
  if (postgres) {
    if (granularity === "YEAR") return `to_char(${column}, 'YYYY')`;
    if (granularity === "MONTH") return `to_char(${column}, 'YYYY-MM')`;
    return `to_char(${column}, 'YYYY-"Q"Q')`;
  }
  if (granularity === "YEAR") return `substr(${column}, 1, 4)`;
  if (granularity === "MONTH") return `substr(${column}, 1, 7)`;
  return `substr(${column}, 1, 4) || '-Q' || ((CAST(substr(${column}, 6, 2) AS INTEGER) + 2) / 3)`;
}

const SQLITE_TRIGGERS = [
  `CREATE TRIGGER "TRG_activity_meeting_insert" AFTER INSERT ON "meeting"
   WHEN NEW.region_id IS NOT NULL AND NEW.start_date IS NOT NULL
   BEGIN INSERT OR IGNORE INTO activity_stale (region_id, start_date) VALUES (NEW.region_id, NEW.start_date); END`,
  `CREATE TRIGGER "TRG_activity_meeting_delete" AFTER DELETE ON "meeting"
   WHEN OLD.region_id IS NOT NULL AND OLD.start_date IS NOT NULL
   BEGIN INSERT OR IGNORE INTO activity_stale (region_id, start_date) VALUES (OLD.region_id, OLD.start_date); END`,
  `CREATE TRIGGER "TRG_activity_meeting_update" AFTER UPDATE OF region_id, start_date, host_member_id ON "meeting"
   WHEN OLD.region_id IS NOT NEW.region_id OR OLD.start_date IS NOT NEW.start_date
     OR OLD.host_member_id IS NOT NEW.host_member_id
   BEGIN
     INSERT OR IGNORE INTO activity_stale (region_id, start_date)
       SELECT OLD.region_id, OLD.start_date WHERE OLD.region_id IS NOT NULL AND OLD.start_date IS NOT NULL;
     INSERT OR IGNORE INTO activity_stale (region_id, start_date)
       SELECT NEW.region_id, NEW.start_date WHERE NEW.region_id IS NOT NULL AND NEW.start_date IS NOT NULL;
   END`,
  ...["agenda_item", "participation"].flatMap((table) => {
    const other = table === "agenda_item" ? "pillar_id" : "person_id";
    const mark = (row: "NEW" | "OLD") =>
      `INSERT OR IGNORE INTO activity_stale (region_id, start_date)
         SELECT m.region_id, m.start_date FROM meeting m
         WHERE m.id = ${row}.meeting_id AND m.region_id IS NOT NULL AND m.start_date IS NOT NULL;`;
    return [
      `CREATE TRIGGER "TRG_activity_${table}_insert" AFTER INSERT ON "${table}" BEGIN ${mark("NEW")} END`,
      `CREATE TRIGGER "TRG_activity_${table}_delete" AFTER DELETE ON "${table}" BEGIN ${mark("OLD")} END`,
      `CREATE TRIGGER "TRG_activity_${table}_update" AFTER UPDATE OF meeting_id, ${other} ON "${table}"
       WHEN OLD.meeting_id IS NOT NEW.meeting_id OR OLD.${other} IS NOT NEW.${other}
       BEGIN ${mark("OLD")} ${mark("NEW")} END`,
    ];
  }),
];

/**
 * PostgreSQL: one function per table, fired once per statement with the statement's rows as transition tables
 * (`new_rows`, `old_rows`: a trigger with transition tables has one event, so three triggers per table). Updates
 * mark only rows whose counted columns changed, so an update of a meeting's summary or title marks nothing.
 */
function postgresFunction(table: string, columns: string[]): string {
  const meetingOf = table === "meeting" ? "r.id" : "r.meeting_id";
  const mark = (rows: string) => `
    INSERT INTO activity_stale (region_id, start_date)
    SELECT DISTINCT m.region_id, m.start_date FROM ${rows} r JOIN meeting m ON m.id = ${meetingOf}
    WHERE m.region_id IS NOT NULL AND m.start_date IS NOT NULL
    ON CONFLICT DO NOTHING;`;
  // A deleted meeting is gone from `meeting` by now: its old row is its own marker.
  const markOld =
    table === "meeting"
      ? `
    INSERT INTO activity_stale (region_id, start_date)
    SELECT DISTINCT r.region_id, r.start_date FROM old_rows r
    WHERE r.region_id IS NOT NULL AND r.start_date IS NOT NULL
    ON CONFLICT DO NOTHING;`
      : mark("old_rows");
  const changed = columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(" OR ");
  const markChanged =
    table === "meeting"
      ? `
    INSERT INTO activity_stale (region_id, start_date)
    SELECT DISTINCT x.region_id, x.start_date
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.region_id, o.start_date), (n.region_id, n.start_date)) AS x (region_id, start_date)
    WHERE (${changed}) AND x.region_id IS NOT NULL AND x.start_date IS NOT NULL
    ON CONFLICT DO NOTHING;`
      : `
    INSERT INTO activity_stale (region_id, start_date)
    SELECT DISTINCT m.region_id, m.start_date
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    JOIN meeting m ON m.id IN (o.meeting_id, n.meeting_id)
    WHERE (${changed}) AND m.region_id IS NOT NULL AND m.start_date IS NOT NULL
    ON CONFLICT DO NOTHING;`;
  return `CREATE FUNCTION "activity_mark_${table}"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN ${mark("new_rows")}
    ELSIF TG_OP = 'DELETE' THEN ${markOld}
    ELSE ${markChanged}
    END IF;
    RETURN NULL;
  END $$`;
}

const POSTGRES_TABLES: [string, string[]][] = [
  ["meeting", ["region_id", "start_date", "host_member_id"]],
  ["agenda_item", ["meeting_id", "pillar_id"]],
  ["participation", ["meeting_id", "person_id"]],
];

function postgresTriggers(): string[] {
  return POSTGRES_TABLES.flatMap(([table, columns]) => [
    postgresFunction(table, columns),
    `CREATE TRIGGER "TRG_activity_${table}_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION "activity_mark_${table}"()`,
    `CREATE TRIGGER "TRG_activity_${table}_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows
     FOR EACH STATEMENT EXECUTE FUNCTION "activity_mark_${table}"()`,
    `CREATE TRIGGER "TRG_activity_${table}_update" AFTER UPDATE ON "${table}"
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION "activity_mark_${table}"()`,
  ]);
}

/** Fills the summary of the directory as it stands (a fresh database: nothing). */
function fillSql(postgres: boolean): string[] {
  const dated = "m.start_date IS NOT NULL AND m.region_id IS NOT NULL";
  return ["YEAR", "QUARTER", "MONTH"].flatMap((granularity) => {
    const period = periodSql(granularity, "m.start_date", postgres);
    return [
      `INSERT INTO activity_period
         (granularity, region_id, period, meeting_count, host_count, agenda_item_count, participant_count)
       SELECT '${granularity}', mm.region_id, mm.period, mm.meetings, mm.hosts,
              COALESCE(ai.items, 0), COALESCE(pp.people, 0)
       FROM (SELECT m.region_id, ${period} AS period, COUNT(*) AS meetings, COUNT(DISTINCT m.host_member_id) AS hosts
             FROM meeting m WHERE ${dated} GROUP BY m.region_id, ${period}) mm
       LEFT JOIN (SELECT m.region_id, ${period} AS period, COUNT(*) AS items
             FROM agenda_item a JOIN meeting m ON +m.id = a.meeting_id WHERE ${dated}
             GROUP BY m.region_id, ${period}) ai ON ai.region_id = mm.region_id AND ai.period = mm.period
       LEFT JOIN (SELECT m.region_id, ${period} AS period, COUNT(DISTINCT p.person_id) AS people
             FROM participation p JOIN meeting m ON +m.id = p.meeting_id WHERE ${dated}
             GROUP BY m.region_id, ${period}) pp ON pp.region_id = mm.region_id AND pp.period = mm.period`,
      `INSERT INTO activity_period_pillar (granularity, region_id, period, pillar_id, agenda_item_count)
       SELECT '${granularity}', m.region_id, ${period}, a.pillar_id, COUNT(*)
       FROM agenda_item a JOIN meeting m ON +m.id = a.meeting_id
       WHERE ${dated} AND a.pillar_id IS NOT NULL
       GROUP BY m.region_id, ${period}, a.pillar_id`,
    ];
  });
}

export class ActivitySummary1765008000000 implements MigrationInterface {
  name = "ActivitySummary1765008000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === "postgres";
    await queryRunner.createTable(
      new Table({
        name: "activity_period",
        // SQLite: rows stored in key order, so a range of periods is one contiguous read (PostgreSQL ignores it).
        withoutRowid: true,
        // The key leads with the period after the granularity: a dashboard reads a range of periods of every region.
        columns: [
          key("granularity"),
          key("period"),
          integer("region_id", true),
          integer("meeting_count"),
          integer("host_count"),
          integer("agenda_item_count"),
          integer("participant_count"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "activity_period_pillar",
        withoutRowid: true,
        columns: [
          key("granularity"),
          key("period"),
          integer("region_id", true),
          integer("pillar_id", true),
          integer("agenda_item_count"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "activity_stale",
        withoutRowid: true,
        columns: [integer("region_id", true), { name: "start_date", type: "date", isPrimary: true }],
      }),
    );
    for (const sql of postgres ? postgresTriggers() : SQLITE_TRIGGERS) await queryRunner.query(sql);
    for (const sql of fillSql(postgres)) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === "postgres";
    for (const table of ["meeting", "agenda_item", "participation"]) {
      for (const event of ["insert", "delete", "update"]) {
        await queryRunner.query(
          `DROP TRIGGER IF EXISTS "TRG_activity_${table}_${event}"${postgres ? ` ON "${table}"` : ""}`,
        );
      }
      if (postgres) await queryRunner.query(`DROP FUNCTION IF EXISTS "activity_mark_${table}"()`);
    }
    await queryRunner.dropTable("activity_stale");
    await queryRunner.dropTable("activity_period_pillar");
    await queryRunner.dropTable("activity_period");
  }
}
