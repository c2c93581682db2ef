import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { dumpDatabase } from "./helpers/database-dump";
import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

const run = promisify(execFile);

/** Each ```graphql block of the README followed by a ```json block: the query and its exact answer. */
function readmeExamples(): { query: string; expected: unknown }[] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang, body: body! }));
  const examples = [];
  for (let i = 0; i < blocks.length - 1; i++) {
    if (blocks[i]!.lang === "graphql" && blocks[i + 1]!.lang === "json") {
      examples.push({ query: blocks[i]!.body, expected: JSON.parse(blocks[i + 1]!.body) });
    }
  }
  return examples;
}

/** Every ```graphql block that is a mutation: the administrators' examples. */
function readmeMutations(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  return [...readme.matchAll(/```graphql\n(mutation[\s\S]*?)```/g)].map(([, body]) => body!);
}

describe("README examples", () => {
  const examples = readmeExamples();
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it("has the nine documented examples", () => {
    expect(examples).toHaveLength(9);
  });

  it.each(examples.map((example, i) => [i + 1, example] as const))(
    "example %i answers exactly as documented",
    async (_n, example) => {
      expect(await t.query(example.query)).toEqual(example.expected);
    },
  );

  it("has a mutation example that works with an editor token and adds to the seeded directory, changing none of it", async () => {
    const mutations = readmeMutations();
    expect(mutations).toHaveLength(3);
    const named = (field: string) => mutations.find((mutation) => mutation.includes(`${field}(`))!;
    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const seeded = await dumpDatabase(t.gateway.dataSource);
    const response = await t.query<{ createTheme: { theme: { id: string; year: number; version: number } } }>(
      named("createTheme"),
      undefined,
      editor,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.createTheme.theme).toEqual({ id: expect.any(String), year: 2022, version: 1 });
    const series = await t.query<{ createMeetingSeries: { series: { id: string; slug: string; version: number } } }>(
      named("createMeetingSeries"),
      undefined,
      editor,
    );
    expect(series.errors).toBeUndefined();
    expect(series.data?.createMeetingSeries.series).toEqual({
      id: expect.any(String),
      slug: "wco-council",
      version: 1,
    });
    const venue = await t.query<{ createVenue: { venue: { id: string; slug: string; countryCode: string } } }>(
      named("createVenue"),
      undefined,
      editor,
    );
    expect(venue.errors).toBeUndefined();
    expect(venue.data?.createVenue.venue).toEqual({
      id: expect.any(String),
      slug: "wco-headquarters-brussels",
      countryCode: "BE",
      version: 1,
    });
    // What the sources say stays as they say it: the example only added rows.
    const after = await dumpDatabase(t.gateway.dataSource);
    for (const [table, rows] of Object.entries(seeded)) expect(after[table]).toEqual(expect.arrayContaining(rows));
  });
});

/** Every command of the README's shell blocks that runs `token:create`. */
function readmeTokenCommands(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, body]) => body!);
  const inline = [...readme.matchAll(/`([^`\n]*token:create[^`\n]*)`/g)].map(([, code]) => code!);
  return [...blocks.flatMap((body) => body.split("\n")), ...inline].filter((line) => /\btoken:create\b/.test(line));
}

describe("the README's token:create command", () => {
  it("is always shown with `npm run -s`, which keeps npm's banner out of what a script captures", () => {
    const commands = readmeTokenCommands();
    expect(commands.length).toBeGreaterThanOrEqual(2);
    // The table of scripts names each script without its options; every command shown to be run has -s.
    const runnable = commands.filter((command) => command.includes("--role"));
    expect(runnable.length).toBeGreaterThanOrEqual(2);
    for (const command of runnable) expect(command).toMatch(/(^|\$\()npm run -s token:create -- /);
  });

  it("prints the token alone on stdout, as documented", async () => {
    const command = readmeTokenCommands().find((line) => line.startsWith("npm run -s token:create -- --role admin"))!;
    const t = await startTestGateway();
    try {
      const { stdout } = await run("sh", ["-c", command], {
        cwd: path.join(__dirname, ".."),
        env: { ...process.env, DATABASE_URL: t.database.url },
      });
      expect(stdout).toMatch(/^ceg_[A-Za-z0-9_-]+\n$/);
      const response = await t.query(`{ apiTokens { name role } }`, undefined, {
        authorization: `Bearer ${stdout.trim()}`,
      });
      expect(response.data).toEqual({ apiTokens: [{ name: "Jane Doe (secretariat)", role: "ADMIN" }] });
    } finally {
      await t.stop();
    }
  }, 60_000);
});
