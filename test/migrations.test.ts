import fs from "node:fs";
import path from "node:path";
import { createDataSource, migrate } from "../src/db/data-source";
import { tempDatabaseFile } from "./helpers/gateway";

describe("migrations", () => {
  it("build the whole schema on an empty database and take it all down again", async () => {
    const file = tempDatabaseFile();
    const dataSource = createDataSource({ engine: "sqlite", url: file });
    await dataSource.initialize();
    try {
      const tables = async () =>
        (
          await dataSource.query(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'migrations' ORDER BY name`,
          )
        ).map((row: { name: string }) => row.name);
      expect(await tables()).toEqual([]);

      expect(await migrate(dataSource)).toEqual(["InitialSchema1764489600000", "TokensAndAudit1764576000000"]);
      expect(await tables()).toHaveLength(18);
      expect(await dataSource.showMigrations()).toBe(false);

      // The entities and the migrations describe the same schema: a generated migration would be empty.
      const drift = await dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);

      await dataSource.undoLastMigration({ transaction: "each" });
      expect(await tables()).toHaveLength(16);
      await dataSource.undoLastMigration({ transaction: "each" });
      expect(await tables()).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(true);

      expect(await migrate(dataSource)).toEqual(["InitialSchema1764489600000", "TokensAndAudit1764576000000"]);
      expect(await tables()).toHaveLength(18);
    } finally {
      await dataSource.destroy();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it("enforce the unique keys the directory relies on", async () => {
    const file = tempDatabaseFile();
    const dataSource = createDataSource({ engine: "sqlite", url: file });
    await dataSource.initialize();
    try {
      await migrate(dataSource);
      const indexes: { name: string }[] = await dataSource.query(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'UQ_%' ORDER BY name`,
      );
      expect(indexes.map((i) => i.name)).toEqual(
        [
          "UQ_agenda_item_meeting_position",
          "UQ_annual_theme_year",
          "UQ_api_token_hash",
          "UQ_focus_area_pillar_position",
          "UQ_meeting_slug",
          "UQ_member_iso_code",
          "UQ_organisation_slug",
          "UQ_participation_meeting_person_role",
          "UQ_person_slug",
          "UQ_region_code",
          "UQ_source_title_published_on",
          "UQ_theme_pillar_theme_name",
          "UQ_theme_pillar_theme_position",
          "UQ_topic_name",
        ].sort(),
      );
      await dataSource.query(`INSERT INTO region (code, name, version) VALUES ('EUROPE', 'Europe', 1)`);
      await expect(
        dataSource.query(`INSERT INTO region (code, name, version) VALUES ('EUROPE', 'Again', 1)`),
      ).rejects.toThrow(/UNIQUE/);
      await expect(
        dataSource.query(
          `INSERT INTO member (name, country_name, iso_code, region_id, version) VALUES ('X', 'X', 'XX', 999, 1)`,
        ),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await dataSource.destroy();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
