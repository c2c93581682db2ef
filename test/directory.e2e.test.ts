import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { directorySections } from "../src/app/features";
import { loadConfig } from "../src/config";
import { exportDirectory, serializeDirectory } from "../src/modules/directory/directory-export";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { createTestDatabase } from "./helpers/database";
import { dumpDatabase } from "./helpers/database-dump";
import { syntheticDirectory } from "./helpers/synthetic-directory";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");

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

describe("directory import and export", () => {
  let t: TestGateway;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await startTestGateway();
    admin = { authorization: `Bearer ${await t.createToken("admin", "Importer")}` };
  });
  afterAll(() => t.stop());

  it("reports a dry run's changes without writing anything", async () => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const result = dataOf(
      await t.query<ImportResult>(
        IMPORT,
        { input: { directory: syntheticDirectory({ meetings: 3, agendaItems: 2 }), dryRun: true } },
        admin,
      ),
    );
    expect(result.importDirectory).toMatchObject({ dryRun: true });
    expect(result.importDirectory.changes).toEqual(
      expect.arrayContaining([{ entity: "Meeting", created: 3, updated: 0, deleted: 0 }]),
    );
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("imports a file in one transaction, and importing it again changes nothing", async () => {
    const file = syntheticDirectory({ meetings: 3, agendaItems: 2 });
    const first = dataOf(await t.query<ImportResult>(IMPORT, { input: { directory: file } }, admin)).importDirectory;
    expect(first.dryRun).toBe(false);
    expect(first.changes).toEqual(
      expect.arrayContaining([{ entity: "AgendaItem", created: 6, updated: 0, deleted: 0 }]),
    );
    const again = dataOf(await t.query<ImportResult>(IMPORT, { input: { directory: file } }, admin)).importDirectory;
    expect(again.totalChanges).toBe(0);
    const trail = dataOf(
      await t.query<{
        auditEntries: { nodes: { actor: string; entityType: string; after: { totalChanges: number } }[] };
      }>(
        `{ auditEntries(filter: { operation: "importDirectory" }) { nodes { actor entityType after } } }`,
        undefined,
        admin,
      ),
    );
    // Newest first: the second, empty import is recorded too, as every successful mutation is.
    expect(trail.auditEntries.nodes.map((n) => [n.actor, n.entityType, n.after.totalChanges])).toEqual([
      ["Importer", "Directory", 0],
      ["Importer", "Directory", first.totalChanges],
    ]);
  });

  it("validates the whole file first: one bad record and nothing is imported", async () => {
    const file = syntheticDirectory({ meetings: 4, agendaItems: 1, slugPrefix: "half" });
    file.meetings[3]!.kind = "PARTY";
    (file.meetings[2] as Record<string, unknown>).host = "ZZ";
    const before = await dumpDatabase(t.gateway.dataSource);
    const error = errorOf(await t.query(IMPORT, { input: { directory: file } }, admin));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.extensions?.problems).toEqual([expect.objectContaining({ path: "input.directory.meetings[3].kind" })]);
    (file.meetings[3] as Record<string, unknown>).kind = "OTHER";
    const unresolved = errorOf(await t.query(IMPORT, { input: { directory: file } }, admin));
    expect(unresolved.extensions?.problems).toEqual([
      expect.objectContaining({ path: "input.directory.meetings[2].host" }),
    ]);
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("refuses control characters anywhere in a file, however they are written, and imports nothing", async () => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const file = syntheticDirectory({ meetings: 2, agendaItems: 1, slugPrefix: "controls" });
    file.meetings[1]!.title = "Bell\u0007 in a title";
    const viaVariables = errorOf(await t.query(IMPORT, { input: { directory: file } }, admin));
    expect(viaVariables.extensions?.code).toBe("BAD_USER_INPUT");
    expect(viaVariables.extensions?.problems).toEqual([
      { path: "input.directory.meetings[1].title", message: expect.stringMatching(/control characters.*U\+0007/) },
    ]);
    // Written as a GraphQL string escape in the document itself.
    const literal = await t.query(
      `mutation { importDirectory(input: { directory: { regions: [{ code: "NUL", name: "a\\u0000b" }] } }) { totalChanges } }`,
      undefined,
      admin,
    );
    expect(literal.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("round-trips: export → import into an empty database → export gives the same bytes", async () => {
    const exported = serializeDirectory(await exportDirectory(t.gateway.dataSource, directorySections));
    const empty = await startTestGateway({ seedWhenEmpty: false });
    try {
      const emptyAdmin = { authorization: `Bearer ${await empty.createToken("admin")}` };
      const imported = dataOf(
        await empty.query<ImportResult>(IMPORT, { input: { directory: JSON.parse(exported) } }, emptyAdmin),
      );
      expect(imported.importDirectory.totalChanges).toBeGreaterThan(100);
      const again = serializeDirectory(await exportDirectory(empty.gateway.dataSource, directorySections));
      expect(again).toBe(exported);
    } finally {
      await empty.stop();
    }
  });

  it("serves the export to admins through GraphQL", async () => {
    const { exportDirectory: file } = dataOf(
      await t.query<{ exportDirectory: { meetings: { slug: string }[] } }>(`{ exportDirectory }`, undefined, admin),
    );
    expect(file.meetings.map((m) => m.slug)).toContain("2021-04-22-americas-caribbean-heads-of-customs");
  });

  it("refuses to export through GraphQL a directory larger than MAX_EXPORT_MEETINGS, pointing to the command", async () => {
    const small = await startTestGateway({ limits: { ...loadConfig({}).limits, maxExportMeetings: 0 } });
    try {
      const token = { authorization: `Bearer ${await small.createToken("admin")}` };
      const error = errorOf(await small.query(`{ exportDirectory }`, undefined, token));
      expect(error.extensions).toMatchObject({ code: "RESULT_TOO_LARGE", meetings: 3, limit: 0 });
      expect(error.message).toMatch(/npm run export/);
    } finally {
      await small.stop();
    }
  });
});

describe("the import and export commands", () => {
  it("import a file with progress, find nothing left to change in a dry run, export it, and refuse a bad file", async () => {
    const database = await createTestDatabase();
    const dir = database.dir;
    const env = { ...process.env, DATABASE_URL: database.url };
    try {
      await run(process.execPath, ["dist/src/app/cli/seed.js"], { cwd: ROOT, env });
      const input = path.join(dir, "in.json");
      fs.writeFileSync(input, JSON.stringify(syntheticDirectory({ meetings: 300, agendaItems: 1 })));
      const first = await run(process.execPath, ["dist/src/app/cli/import.js", input], { cwd: ROOT, env });
      expect(first.stderr).toMatch(/meetings 300\/300 \(100%\)/);
      expect(first.stdout).toMatch(/Meeting: \+300 ~0 -0/);
      const dry = await run(process.execPath, ["dist/src/app/cli/import.js", input, "--dry-run"], { cwd: ROOT, env });
      expect(dry.stdout).toMatch(/^0 change\(s\) would change/m);
      const output = path.join(dir, "out.json");
      await run(process.execPath, ["dist/src/app/cli/export.js", output], { cwd: ROOT, env });
      const exported = JSON.parse(fs.readFileSync(output, "utf8")) as { meetings: unknown[] };
      expect(exported.meetings).toHaveLength(303);
      const broken = path.join(dir, "broken.json");
      fs.writeFileSync(broken, JSON.stringify({ meetings: [{ slug: "Bad Slug", title: "x", kind: "OTHER" }] }));
      await expect(
        run(process.execPath, ["dist/src/app/cli/import.js", broken], { cwd: ROOT, env }),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining("meetings[0].slug"),
      });
      // The API's rule on control characters holds for files too: a NUL stored by SQLite would cut the text.
      const controls = path.join(dir, "controls.json");
      fs.writeFileSync(controls, JSON.stringify({ regions: [{ code: "NUL_REGION", name: "Cut\u0000here" }] }));
      await expect(
        run(process.execPath, ["dist/src/app/cli/import.js", controls], { cwd: ROOT, env }),
      ).rejects.toMatchObject({
        stderr: expect.stringMatching(/regions\[0\]\.name: must not contain control characters.*U\+0000/),
      });
    } finally {
      await database.drop();
    }
  }, 120_000);

  it("issue a token that the gateway accepts", async () => {
    const t = await startTestGateway();
    try {
      const env = { ...process.env, DATABASE_URL: t.database.url };
      const { stdout, stderr } = await run(
        process.execPath,
        ["dist/src/app/cli/token.js", "--role", "admin", "--name", "First admin"],
        { cwd: ROOT, env },
      );
      expect(stderr).toContain('Created ADMIN token "First admin"');
      const secret = stdout.trim();
      const response = await t.query(`{ apiTokens { name role } }`, undefined, { authorization: `Bearer ${secret}` });
      expect(dataOf(response)).toEqual({ apiTokens: [{ name: "First admin", role: "ADMIN" }] });
      await expect(
        run(process.execPath, ["dist/src/app/cli/token.js", "--role", "owner", "--name", "x"], { cwd: ROOT, env }),
      ).rejects.toMatchObject({ code: 2 });
    } finally {
      await t.stop();
    }
  });
});
