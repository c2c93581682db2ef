import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { TestDatabase } from "./helpers/database";
import { createTestDatabase, inspectDatabase } from "./helpers/database";
import { dumpDatabase } from "./helpers/database-dump";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";

/*
 * A list in a directory file describes its owner completely, so an import removes what the list no longer holds.
 * When stored data the file leaves alone still refers to it (agenda items serving a pillar, a speaker's
 * participation), the import is refused with CONFLICT before anything is written, naming the list in the file
 * and the stored objects, as `deleteThemePillar` does; never a foreign key failure. And `npm run import` reads
 * files as editors save them (a UTF-8 byte order mark), and says in one line where a file stops being JSON.
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");
const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const THEME_TITLE = "Recovery, Renewal and Resilience for a Sustainable Supply Chain";
const RECOVERY = { name: "Recovery", focusAreas: ["Innovative facilitation approach", "E-Commerce"] };
const RENEWAL = { name: "Renewal", focusAreas: ["Modernization"] };

/** The 2021 theme without Resilience, and with Recovery renamed: two pillars removed that agenda items serve. */
const PILLARS_REDEFINED = {
  themes: [{ year: 2021, title: THEME_TITLE, pillars: [{ ...RECOVERY, name: "Recovery phase" }, RENEWAL] }],
};

const IMPORT = `mutation($input: ImportDirectoryInput!) {
  importDirectory(input: $input) { dryRun totalChanges changes { entity created updated deleted } }
}`;

interface ImportResult {
  importDirectory: {
    dryRun: boolean;
    totalChanges: number;
    changes: { entity: string; created: number; updated: number; deleted: number }[];
  };
}

interface MeetingRecord {
  slug: string;
  theme: number | null;
  participants: { person: string; role: string }[];
  agenda: { title: string; speakers: string[]; pillar: string | null }[];
}

describe("importDirectory refuses to remove what stored data still refers to", () => {
  let t: TestGateway;
  let admin: Record<string, string>;
  let seededMeeting: MeetingRecord & Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestGateway();
    admin = { authorization: `Bearer ${await t.createToken("admin")}` };
    const { exportDirectory } = dataOf(
      await t.query<{ exportDirectory: { meetings: (MeetingRecord & Record<string, unknown>)[] } }>(
        `{ exportDirectory }`,
        undefined,
        admin,
      ),
    );
    seededMeeting = exportDirectory.meetings.find((m) => m.slug === SEEDED)!;
  });
  afterAll(() => t.stop());

  it("reports each pillar the file removes while agenda items serve it, with paths, dry run or not; nothing changes", async () => {
    const before = await dumpDatabase(t.gateway.dataSource);
    for (const dryRun of [true, false]) {
      const error = errorOf(await t.query(IMPORT, { input: { directory: PILLARS_REDEFINED, dryRun } }, admin));
      expect(error.message).not.toMatch(/FOREIGN KEY|SqliteError|violates|constraint/i);
      expect(error.extensions).toEqual({
        code: "CONFLICT",
        references: { agendaItems: 2, speakingSlots: 0 },
        problems: [
          {
            path: "input.directory.themes[0].pillars",
            message: expect.stringMatching(
              new RegExp(`removes the pillar Recovery, .*${SEEDED} item 5 \\("Experience sharing: Recovery"\\)`),
            ),
            references: { agendaItems: [{ meeting: SEEDED, position: 5, title: "Experience sharing: Recovery" }] },
          },
          {
            path: "input.directory.themes[0].pillars",
            message: expect.stringContaining("removes the pillar Resilience"),
            references: { agendaItems: [{ meeting: SEEDED, position: 7, title: "Experience sharing: Resilience" }] },
          },
        ],
      });
    }
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("reports a participant the file drops while they still speak, and a meeting moved off the theme its agenda serves", async () => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const { agenda: _keptAgenda, ...withoutAgenda } = seededMeeting;
    const meeting = {
      ...withoutAgenda,
      theme: null,
      participants: seededMeeting.participants.filter((p) => p.person !== "kunio-mikuriya"),
    };
    for (const dryRun of [true, false]) {
      const error = errorOf(await t.query(IMPORT, { input: { directory: { meetings: [meeting] }, dryRun } }, admin));
      expect(error.extensions).toEqual({
        code: "CONFLICT",
        references: { agendaItems: 3, speakingSlots: 1 },
        problems: [
          {
            path: "input.directory.meetings[0].participants",
            message: expect.stringContaining("removes kunio-mikuriya from the participants, who still speaks"),
            references: { speakingSlots: [{ meeting: SEEDED, position: 1, title: "Opening ceremony" }] },
          },
          {
            path: "input.directory.meetings[0].theme",
            message: expect.stringContaining("moves the meeting off the 2021 theme"),
            references: {
              agendaItems: [5, 6, 7].map((position) => expect.objectContaining({ meeting: SEEDED, position })),
            },
          },
        ],
      });
    }
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("refuses speakers who are not participants when a file gives an agenda without its participants", async () => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const error = errorOf(
      await t.query(
        IMPORT,
        {
          input: {
            directory: {
              meetings: [
                {
                  slug: "speakers-without-participants",
                  title: "A webinar",
                  kind: "WEBINAR",
                  agenda: [{ title: "Welcome", kind: "OPENING", speakers: ["kunio-mikuriya"], topics: [] }],
                },
              ],
            },
          },
        },
        admin,
      ),
    );
    expect(error.extensions).toEqual({
      code: "BAD_USER_INPUT",
      problems: [
        {
          path: "input.directory.meetings[0].agenda[0].speakers[0]",
          message: "kunio-mikuriya is not a participant of the meeting",
        },
      ],
    });
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("removes the pillars and the participant when the file restates the meeting's agenda without them", async () => {
    const meeting = {
      ...seededMeeting,
      participants: seededMeeting.participants.filter((p) => p.person !== "kunio-mikuriya"),
      agenda: seededMeeting.agenda.map((item, i) => ({
        ...item,
        speakers: item.speakers.filter((s) => s !== "kunio-mikuriya"),
        pillar: i === 4 ? "Recovery phase" : i === 6 ? null : item.pillar,
      })),
    };
    const directory = { ...PILLARS_REDEFINED, meetings: [meeting] };
    const dry = dataOf(await t.query<ImportResult>(IMPORT, { input: { directory, dryRun: true } }, admin));
    const real = dataOf(await t.query<ImportResult>(IMPORT, { input: { directory } }, admin));
    for (const result of [dry, real]) {
      expect(result.importDirectory.changes).toEqual(
        expect.arrayContaining([
          { entity: "ThemePillar", created: 1, updated: 0, deleted: 2 },
          { entity: "AgendaItem", created: 0, updated: 2, deleted: 0 },
          { entity: "Participation", created: 0, updated: 0, deleted: 1 },
        ]),
      );
    }
    const stored = dataOf(
      await t.query<{
        theme: { pillars: { name: string }[] };
        meeting: { agenda: { position: number; pillar: { name: string } | null }[] };
      }>(
        `{ theme(year: 2021) { pillars { name } } meeting(slug: "${SEEDED}") { agenda { position pillar { name } } } }`,
      ),
    );
    expect(stored.theme.pillars.map((p) => p.name)).toEqual(["Recovery phase", "Renewal"]);
    expect(stored.meeting.agenda.filter((item) => item.pillar)).toEqual([
      { position: 5, pillar: { name: "Recovery phase" } },
      { position: 6, pillar: { name: "Renewal" } },
    ]);
    expect((await inspectDatabase(t.database, (db) => db.structuralProblems())).foreignKeys).toEqual([]);
  });
});

describe("npm run import", () => {
  let database: TestDatabase;
  const cli = (script: string, args: string[]) =>
    run(process.execPath, [`dist/src/app/cli/${script}.js`, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
  /** Runs a command that must fail; returns its exit code and standard error. */
  const failing = async (script: string, args: string[]): Promise<{ code: unknown; stderr: string }> => {
    try {
      await cli(script, args);
    } catch (error) {
      const failure = error as { code?: unknown; stderr?: string };
      return { code: failure.code, stderr: failure.stderr ?? "" };
    }
    throw new Error(`${script} ${args.join(" ")} succeeded`);
  };
  const exported = async () => {
    const file = path.join(database.dir, `export-${Date.now()}.json`);
    await cli("export", [file]);
    return fs.readFileSync(file, "utf8");
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    await cli("seed", []);
  }, 60_000);
  afterAll(() => database.drop());

  it("reports what still refers to what a file would remove, exits 1 without SQL or stack, and changes nothing", async () => {
    const file = path.join(database.dir, "pillars.json");
    fs.writeFileSync(file, JSON.stringify(PILLARS_REDEFINED, null, 2));
    const before = await exported();
    for (const args of [[file, "--dry-run"], [file]]) {
      const { code, stderr } = await failing("import", args);
      expect(code).toBe(1);
      expect(stderr).toContain(`${file}.themes[0].pillars: removes the pillar Recovery`);
      expect(stderr).toContain(`${file}.themes[0].pillars: removes the pillar Resilience`);
      expect(stderr).toContain(`${SEEDED} item 7 ("Experience sharing: Resilience")`);
      expect(stderr).not.toMatch(/FOREIGN KEY|SqliteError|QueryFailedError|violates|\n\s+at /);
    }
    expect(await exported()).toBe(before);
  }, 60_000);

  it("reads a UTF-8 file that starts with a byte order mark", async () => {
    const file = path.join(database.dir, "bom.json");
    const directory = { people: [{ slug: "byte-order-mark", name: "Saved by Notepad" }] };
    fs.writeFileSync(file, `\uFEFF${JSON.stringify(directory, null, 2)}`, "utf8");
    expect(fs.readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const { stdout } = await cli("import", [file]);
    expect(stdout).toMatch(/^Person: \+1 ~0 -0$/m);
  }, 60_000);

  it("refuses a file that is not JSON in one line naming the file and the place, with a non-zero exit", async () => {
    const cases: { name: string; bytes: Buffer; says: string }[] = [
      {
        name: "trailing-comma.json",
        bytes: Buffer.from(`{\n  "people": [\n    { "slug": "x", "name": "X" },\n  ]\n}\n`),
        says: `not valid JSON at line 4, column 3: Unexpected token ']' near "  ]"`,
      },
      {
        name: "missing-colon.json",
        bytes: Buffer.from(`{\n  "people" []\n}`),
        says: "not valid JSON at line 2, column 12: Expected ':' after property name",
      },
      {
        name: "truncated.json",
        bytes: Buffer.from(`{"people": [`),
        says: "not valid JSON at the end (line 1, column 13)",
      },
      {
        name: "utf16.json",
        bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]),
        says: "is encoded in UTF-16",
      },
      {
        name: "latin1.json",
        bytes: Buffer.from(`{"people": [{"slug": "x", "name": "Mu\xf1oz"}]}`, "latin1"),
        says: "is not UTF-8",
      },
    ];
    for (const { name, bytes, says } of cases) {
      const file = path.join(database.dir, name);
      fs.writeFileSync(file, bytes);
      const { code, stderr } = await failing("import", [file]);
      expect({ name, code }).toEqual({ name, code: 1 });
      const lines = stderr.trimEnd().split("\n");
      expect({ name, lines }).toEqual({ name, lines: [expect.stringContaining(`${file}: ${says}`)] });
      // V8's own message quotes the file, newlines and all; the line says where instead.
      expect(stderr).not.toMatch(/is not valid JSON|SyntaxError|\n\s+at /);
    }
  }, 60_000);
});
