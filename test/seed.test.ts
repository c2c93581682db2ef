import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { createDataSource, migrate } from "../src/platform/db/data-source";
import { seedDirectory } from "../src/modules/directory/seed";
import { validateDirectoryFile, DirectoryValidationError } from "../src/modules/directory/directory-validation";
import type { TestDatabase } from "./helpers/database";
import { createTestDatabase } from "./helpers/database";
import { directorySections, entities } from "../src/app/features";

const TABLES = [
  "region",
  "member",
  "organisation",
  "person",
  "appointment",
  "annual_theme",
  "theme_pillar",
  "theme_pillar_focus_area",
  "meeting",
  "participation",
  "source",
  "meeting_source",
  "agenda_item",
  "agenda_item_speaker",
  "topic",
  "agenda_item_topic",
];

async function dump(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
  return out;
}

describe("seeding", () => {
  let dataSource: DataSource;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ engine: database.engine, url: database.url }, { entities });
    await dataSource.initialize();
    await migrate(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it("is idempotent: a second run changes no row", async () => {
    const first = await seedDirectory(dataSource, directorySections);
    expect(first.reduce((n, r) => n + r.report.total, 0)).toBeGreaterThan(50);
    const afterFirst = await dump(dataSource);
    expect(afterFirst.meeting).toHaveLength(3);
    expect(afterFirst.region).toHaveLength(6);
    expect(afterFirst.person).toHaveLength(5);
    expect(afterFirst.agenda_item).toHaveLength(8);

    const second = await seedDirectory(dataSource, directorySections);
    expect(second.map((r) => r.report.total)).toEqual([0, 0]);
    expect(await dump(dataSource)).toEqual(afterFirst);
  });

  it("restores a seeded fact that was changed in the database", async () => {
    await dataSource.query(
      `UPDATE meeting SET title = 'Tampered' WHERE slug = '2021-04-22-americas-caribbean-heads-of-customs'`,
    );
    const results = await seedDirectory(dataSource, directorySections);
    const meetings = results[1]!.report.entries.find((e) => e.entity === "Meeting");
    expect(meetings).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    const [row] = await dataSource.query(
      `SELECT title, version FROM meeting WHERE slug = '2021-04-22-americas-caribbean-heads-of-customs'`,
    );
    expect(row).toEqual({ title: "Heads of Customs Meeting of the Americas/Caribbean Region", version: 2 });
  });

  it("applies each file as an audited mutation: one entry per file and run, by the actor seed", async () => {
    // Seeding runs through MutationRunner (write lock, one transaction, audit), as mutations and imports do: the
    // two runs of the first test and the restoring run above each left one entry per file, empty runs included.
    const rows = await dataSource.query<
      {
        actor: string;
        token_id: number | null;
        operation: string;
        entity_type: string;
        entity_id: string;
        after: string;
      }[]
    >(`SELECT actor, token_id, operation, entity_type, entity_id, after FROM audit_entry ORDER BY id`);
    expect(
      rows.map((row) => ({ ...row, after: JSON.parse(row.after) as { file: string; totalChanges: number } })),
    ).toEqual(
      [
        ["001-wco-regions.json", expect.any(Number)],
        ["002-americas-caribbean-heads-of-customs-2021.json", expect.any(Number)],
        ["001-wco-regions.json", 0],
        ["002-americas-caribbean-heads-of-customs-2021.json", 0],
        ["001-wco-regions.json", 0],
        ["002-americas-caribbean-heads-of-customs-2021.json", 1],
      ].map(([file, totalChanges]) => ({
        actor: "seed",
        token_id: null,
        operation: "seedDirectory",
        entity_type: "Directory",
        entity_id: "seed",
        after: expect.objectContaining({ file, totalChanges }),
      })),
    );
  });

  it("validates files before loading them: unknown fields, bad enums, unknown references", () => {
    const attempt = (input: unknown) => {
      try {
        validateDirectoryFile(input, directorySections);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(DirectoryValidationError);
        return (error as DirectoryValidationError).problems.map((p) => p.path);
      }
    };
    expect(attempt({ regions: [{ code: "EUROPE", name: "Europe", colour: "blue" }] })).toEqual(["regions[0].colour"]);
    expect(attempt({ meetings: [{ slug: "x", title: "X", kind: "PARTY" }] })).toEqual(["meetings[0].kind"]);
    expect(
      attempt({ meetings: [{ slug: "x", title: "X", kind: "OTHER", startDate: "2021-05-02", endDate: "2021-05-01" }] }),
    ).toEqual(["meetings[0].endDate"]);
    expect(
      attempt({
        meetings: [
          {
            slug: "x",
            title: "X",
            kind: "OTHER",
            participants: [],
            agenda: [{ title: "A", kind: "OTHER", speakers: ["someone"], topics: [] }],
          },
        ],
      }),
    ).toEqual(["meetings[0].agenda[0].speakers[0]"]);
    expect(attempt([])).toEqual([""]);
  });
});

describe("the seed files' provenance", () => {
  const root = path.join(__dirname, "..");
  const seeds = fs
    .readdirSync(path.join(root, "seeds"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => ({
      name,
      file: JSON.parse(fs.readFileSync(path.join(root, "seeds", name), "utf8")) as {
        provenance?: string;
        sources?: { title: string; publisher: string; publishedOn: string }[];
      },
    }));

  it.each(seeds.map(({ name, file }) => [name, file.provenance ?? ""]))(
    "of %s cites no file that is not in the repository",
    (_name, provenance) => {
      expect(provenance.length).toBeGreaterThan(0);
      const files = [...provenance.matchAll(/[\w.-]+(?:\/[\w.-]+)*\.(?:txt|md|json|html|pdf)\b/g)].map(
        ([cited]) => cited,
      );
      expect(files.filter((cited) => !fs.existsSync(path.join(root, cited)))).toEqual([]);
    },
  );

  it("cites the WCO news item by its title and date, and says how the agenda was reconstructed", () => {
    const { file } = seeds.find(({ name }) => name.startsWith("002-"))!;
    const source = file.sources![0]!;
    expect(source).toMatchObject({ publisher: "World Customs Organization", publishedOn: "2021-04-29" });
    expect(file.provenance).toContain(`"${source.title}"`);
    expect(file.provenance).toContain("World Customs Organization on 29 April 2021");
    expect(file.provenance).toMatch(/agenda is reconstructed/);
    expect(file.provenance).toMatch(
      /agenda items, their order and their titles follow the order in which the item mentions/,
    );
    // The meeting's series is named as the item names the meeting; the item numbers no session, so none is recorded.
    expect(file.provenance).toMatch(/no session number, so none is recorded/);
  });
});
