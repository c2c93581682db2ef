import { execFile, spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { promisify } from "node:util";
import sqlite3 from "sqlite3";
import { DataSource } from "typeorm";
import type { DatabaseInspector, TestDatabase } from "./helpers/database";
import { TEST_ENGINE, createTestDatabase, inspectDatabase, onPostgres } from "./helpers/database";
import type { GraphQLResponse, TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { syntheticDirectory } from "./helpers/synthetic-directory";
import { mulberry32 as seededRandom } from "../bench/generate/prng";

/*
 * Fault injection against the real processes: a command-line import killed with SIGKILL at random moments,
 * a gateway stopped with SIGTERM while slow clients are still sending their requests, and concurrent
 * writers and readers (in one gateway, and in a gateway while a command-line import writes the same file).
 */

const ROOT = path.join(__dirname, "..");
const run = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fixed by default so a failure can be replayed; FAULTS_SEED=<n> explores other schedules. */
const SEED = Number(process.env.FAULTS_SEED ?? 20210422);

// ---------------------------------------------------------------------------------------------------------
// Child processes

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface NodeProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  exited: Promise<Exit>;
  /** Resolves with the first line (already printed or still to come) that matches; rejects if the process exits first. */
  waitForLine(stream: "stdout" | "stderr", matches: (line: string) => boolean): Promise<string>;
}

function spawnNode(args: string[], env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  const waiters: { stream: "stdout" | "stderr"; matches: (line: string) => boolean; resolve(line: string): void }[] =
    [];
  for (const stream of ["stdout", "stderr"] as const) {
    readline.createInterface({ input: child[stream] }).on("line", (line) => {
      lines[stream].push(line);
      for (const waiter of [...waiters]) {
        if (waiter.stream === stream && waiter.matches(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
  }
  // "close", not "exit": by then every line of output has been read.
  const exited = new Promise<Exit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: lines.stdout,
    stderr: lines.stderr,
    exited,
    waitForLine(stream, matches) {
      const seen = lines[stream].find(matches);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        waiters.push({ stream, matches, resolve });
        void exited.then((exit) =>
          reject(new Error(`process exited (${JSON.stringify(exit)}) before printing the awaited ${stream} line`)),
        );
      });
    },
  };
}

interface LogLine {
  msg: string;
  url?: string;
  [key: string]: unknown;
}

function parseLog(line: string): LogLine | undefined {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return undefined;
  }
}

/**
 * `node dist/src/app/main.js` on an ephemeral port of 127.0.0.1, once its JSON log says "gateway ready" (an `info`
 * line: LOG_LEVEL must stay at `info` or below).
 */
async function startGatewayProcess(databaseUrl: string, env: Record<string, string> = {}) {
  const gateway = spawnNode(["dist/src/app/main.js"], {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...env,
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    const readyLine = gateway.waitForLine("stdout", (line) => parseLog(line)?.msg === "gateway ready");
    readyLine.catch(() => {}); // if the timeout wins the race, the kill below rejects this one
    const ready = await Promise.race([
      readyLine,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("the gateway was not ready within 20 s")), 20_000);
      }),
    ]).finally(() => clearTimeout(timer));
    return { ...gateway, url: new URL(parseLog(ready)!.url!) };
  } catch (error) {
    gateway.child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${gateway.stdout.join("\n")}\n${gateway.stderr.join("\n")}`);
  }
}

function logMessages(lines: string[]): string[] {
  return lines.map((line) => parseLog(line)?.msg ?? line);
}

// ---------------------------------------------------------------------------------------------------------
// The database, opened directly (no migrations, no TypeORM entities): what a fresh process would find there

/** What one import attempt left behind: its meetings, their agenda items and participants, its people. */
async function importedRows(db: DatabaseInspector, slugPrefix: string) {
  const like = `${slugPrefix}-%`;
  return {
    meetings: await db.count("SELECT COUNT(*) AS n FROM meeting WHERE slug LIKE ?", [like]),
    agendaItems: await db.count(
      "SELECT COUNT(*) AS n FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id WHERE m.slug LIKE ?",
      [like],
    ),
    participations: await db.count(
      "SELECT COUNT(*) AS n FROM participation p JOIN meeting m ON m.id = p.meeting_id WHERE m.slug LIKE ?",
      [like],
    ),
    people: await db.count("SELECT COUNT(*) AS n FROM person WHERE slug LIKE ?", [like]),
  };
}

// ---------------------------------------------------------------------------------------------------------
// GraphQL over HTTP

interface HttpResult<TData> {
  status: number;
  body: GraphQLResponse<TData>;
  retryAfter: string | null;
}

async function post<TData = Record<string, unknown>>(
  url: string | URL,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<HttpResult<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphQLResponse<TData>;
  try {
    body = JSON.parse(text) as GraphQLResponse<TData>;
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body, retryAfter: response.headers.get("retry-after") };
}

const CREATE_REGION = `mutation($input: CreateRegionInput!) { createRegion(input: $input) { region { code } } }`;
const CREATE_PERSON = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { slug } } }`;
const READ = `{ meetings(first: 20) { totalCount nodes { slug agenda { title } } } regions { code } }`;

interface LoadFailure {
  operation: string;
  status: number | "network";
  errors: string;
}

interface LoadReport {
  regions: string[];
  people: string[];
  /** When each acknowledged write was sent and answered (Date.now()). */
  writes: { start: number; end: number }[];
  reads: number;
  failures: LoadFailure[];
}

/**
 * `writers` loops creating regions and people (alternately, with unique keys) and `readers` loops reading
 * meetings and regions, until `stop` resolves. Every acknowledged create is recorded; every failure too.
 */
async function runLoad(options: {
  url: string | URL;
  token: string;
  tag: string;
  writers: number;
  readers: number;
  stop: Promise<void>;
}): Promise<LoadReport> {
  const report: LoadReport = { regions: [], people: [], writes: [], reads: 0, failures: [] };
  let stopped = false;
  void options.stop.then(() => (stopped = true));
  const auth = { authorization: `Bearer ${options.token}` };

  const attempt = async <TData>(operation: string, send: () => Promise<HttpResult<TData>>) => {
    try {
      const result = await send();
      if (result.status !== 200 || result.body.errors?.length || !result.body.data) {
        report.failures.push({ operation, status: result.status, errors: JSON.stringify(result.body.errors) });
        return undefined;
      }
      return result.body.data;
    } catch (error) {
      report.failures.push({ operation, status: "network", errors: String(error) });
      return undefined;
    }
  };

  const writer = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const start = Date.now();
      if (n % 2 === 0) {
        const code = `${options.tag.toUpperCase()}_W${w}_${n}`;
        const data = await attempt<{ createRegion: { region: { code: string } } }>("createRegion", () =>
          post(options.url, CREATE_REGION, { input: { code, name: `Load region ${w}/${n}` } }, auth),
        );
        if (data) report.regions.push(data.createRegion.region.code);
        if (data) report.writes.push({ start, end: Date.now() });
      } else {
        const slug = `${options.tag}-w${w}-${n}`;
        const name = `Load ${options.tag} writer ${w} number ${n}`;
        const data = await attempt<{ createPerson: { person: { slug: string } } }>("createPerson", () =>
          post(options.url, CREATE_PERSON, { input: { slug, name } }, auth),
        );
        if (data) report.people.push(data.createPerson.person.slug);
        if (data) report.writes.push({ start, end: Date.now() });
      }
    }
  };

  const reader = async () => {
    while (!stopped) {
      const data = await attempt<{ meetings: { totalCount: number }; regions: { code: string }[] }>("read", () =>
        post(options.url, READ),
      );
      if (data) {
        report.reads++;
        if (data.meetings.totalCount < 1 || data.regions.length < 6) {
          report.failures.push({ operation: "read", status: 200, errors: `implausible data: ${JSON.stringify(data)}` });
        }
      }
    }
  };

  await Promise.all([
    ...Array.from({ length: options.writers }, (_, w) => writer(w)),
    ...Array.from({ length: options.readers }, () => reader()),
  ]);
  return report;
}

/** Every person the load created, read back through the API (paginated search on the tag). */
async function peopleOfTag(url: string | URL, tag: string): Promise<string[]> {
  const slugs: string[] = [];
  let after: string | null = null;
  for (;;) {
    const result: HttpResult<{
      people: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { slug: string }[] };
    }> = await post(
      url,
      `query($search: String!, $after: String) {
        people(filter: { search: $search }, first: 100, after: $after) {
          pageInfo { hasNextPage endCursor } nodes { slug }
        }
      }`,
      { search: `Load ${tag} writer`, after },
    );
    const { people } = dataOf(result.body);
    slugs.push(...people.nodes.map((n) => n.slug));
    if (!people.pageInfo.hasNextPage) return slugs;
    after = people.pageInfo.endCursor;
  }
}

async function regionCodes(url: string | URL): Promise<string[]> {
  return dataOf((await post<{ regions: { code: string }[] }>(url, "{ regions { code } }")).body).regions.map(
    (r) => r.code,
  );
}

/** Acknowledged region codes that the readers' own query does not list. */
async function regionsMissingFromRead(url: string | URL, acknowledged: string[]): Promise<string[]> {
  const { regions } = dataOf((await post<{ regions: { code: string }[] }>(url, READ)).body);
  const listed = new Set(regions.map((r) => r.code));
  return acknowledged.filter((code) => !listed.has(code));
}

function writeLatency(report: LoadReport): string {
  const ms = report.writes.map((w) => w.end - w.start).sort((a, b) => a - b);
  if (!ms.length) return "no writes";
  return `write latency p50 ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms`;
}

/** Errors of a writer that gave up waiting for another: SQLite's busy timeout, PostgreSQL's lock troubles. */
const LOCK_ERROR =
  /SQLITE_BUSY|database is locked|deadlock detected|could not serialize|canceling statement|lock timeout/i;

function describeFailures(failures: LoadFailure[]): string {
  const busy = failures.filter((f) => LOCK_ERROR.test(f.errors));
  return `${failures.length} failed request(s), ${busy.length} with lock errors; first ones:\n${failures
    .slice(0, 5)
    .map((f) => `${f.operation} ${f.status}: ${f.errors}`)
    .join("\n")}`;
}

// =========================================================================================================

describe(`SIGKILL in the middle of a command-line import (${TEST_ENGINE})`, () => {
  // About 2 s per import on an idle 2-core machine (half of it start-up): 3,000 meetings, 9,000 agenda
  // items, 6,000 participations, in one transaction.
  const MEETINGS = 3000;
  const AGENDA_ITEMS = 3;
  /** Kills at a random moment of each eighth of a calibrated run, from spawn to exit. */
  const TIME_KILLS = 6;
  /** Kills a random moment after the first progress line ("meetings 500/4000"): inside the transaction. */
  const PROGRESS_KILLS = 2;
  /** Kills a random moment after the last progress line ("(100%)"): around the commit. */
  const TAIL_KILLS = 2;
  /** Kills as soon as the command prints its report (after the commit, before it closes the database). */
  const REPORT_KILLS = 1;

  it(
    "leaves the database intact, with each killed import's rows all there or not at all",
    async () => {
      const started = Date.now();
      const database = await createTestDatabase();
      const dir = database.dir;
      const env = { DATABASE_URL: database.url };
      const random = seededRandom(SEED);
      try {
        await run(process.execPath, ["dist/src/app/cli/seed.js"], { cwd: ROOT, env: { ...process.env, ...env } });
        const auditedImports = () =>
          inspectDatabase(database, (db) =>
            db.count("SELECT COUNT(*) AS n FROM audit_entry WHERE operation = 'importDirectory'"),
          );
        let committedImports = await auditedImports();

        const writeFile = (slugPrefix: string) => {
          const file = path.join(dir, `${slugPrefix}.json`);
          const content = syntheticDirectory({ meetings: MEETINGS, agendaItems: AGENDA_ITEMS, slugPrefix });
          fs.writeFileSync(file, JSON.stringify(content));
          return file;
        };
        const complete = {
          meetings: MEETINGS,
          agendaItems: MEETINGS * AGENDA_ITEMS,
          participations: MEETINGS * 2,
          people: 6,
        };
        const nothing = { meetings: 0, agendaItems: 0, participations: 0, people: 0 };
        const isFirstProgress = (line: string) => line.startsWith("meetings ");
        const isDone = (line: string) => line.includes(`meetings ${MEETINGS}/${MEETINGS} (100%)`);

        // Calibration: one import that completes, timed from spawn to its first and last progress lines and exit.
        const calibration = spawnNode(["dist/src/app/cli/import.js", writeFile("calibrate")], env);
        const t0 = Date.now();
        // NaN if a line never comes; the exit status below then fails the test.
        const firstAt = calibration.waitForLine("stderr", isFirstProgress).then(
          () => Date.now() - t0,
          () => NaN,
        );
        const doneAt = calibration.waitForLine("stderr", isDone).then(
          () => Date.now() - t0,
          () => NaN,
        );
        const calibrationExit = await calibration.exited;
        const duration = Date.now() - t0;
        expect(calibrationExit).toEqual({ code: 0, signal: null });
        // Between the first and the last progress lines the transaction is writing meetings; after the last,
        // it writes the audit entry and commits, then the command prints its report and closes the file.
        const writing = Math.max(50, (await doneAt) - (await firstAt));
        const tail = Math.max(30, duration - (await doneAt));
        committedImports++;

        // Kills spread over the whole run (start-up, validation, the transaction, commit), one per stratum,
        // then kills inside the transaction, around the commit, and just after it.
        const strata = Array.from({ length: TIME_KILLS }, (_, k) => k);
        for (let k = strata.length - 1; k > 0; k--) {
          const j = Math.floor(random() * (k + 1));
          [strata[k], strata[j]] = [strata[j]!, strata[k]!];
        }
        const plan = [
          ...strata.map((k) => ({
            after: "spawn" as const,
            delayMs: Math.round(duration * (0.02 + (0.88 * (k + random())) / TIME_KILLS)),
          })),
          ...Array.from({ length: PROGRESS_KILLS }, () => ({
            after: "first progress line" as const,
            delayMs: Math.round(random() * writing * 0.8),
          })),
          ...Array.from({ length: TAIL_KILLS }, () => ({
            after: "last progress line" as const,
            delayMs: Math.round(random() * tail),
          })),
          ...Array.from({ length: REPORT_KILLS }, () => ({ after: "report line" as const, delayMs: 0 })),
        ];

        const outcomes: { attempt: number; after: string; delayMs: number; outcome: string; meetings: number }[] = [];
        for (const [attempt, { after, delayMs }] of plan.entries()) {
          const slugPrefix = `kill${String(attempt).padStart(2, "0")}`;
          const file = writeFile(slugPrefix);
          const importer = spawnNode(["dist/src/app/cli/import.js", file], env);
          // A line that never comes (the process failed) is caught below by its exit status.
          if (after === "first progress line") await importer.waitForLine("stderr", isFirstProgress).catch(() => {});
          if (after === "last progress line") await importer.waitForLine("stderr", isDone).catch(() => {});
          if (after === "report line") await importer.waitForLine("stdout", () => true).catch(() => {});
          await sleep(delayMs);
          importer.child.kill("SIGKILL");
          const exit = await importer.exited;

          const state = await inspectDatabase(database, async (db) => ({
            ...(await db.structuralProblems()),
            rows: await importedRows(db, slugPrefix),
          }));
          const context = `attempt ${attempt} (${after} + ${delayMs} ms, exit ${JSON.stringify(exit)})`;
          expect({ context, integrity: state.integrity }).toEqual({ context, integrity: ["ok"] });
          expect({ context, foreignKeys: state.foreignKeys }).toEqual({ context, foreignKeys: [] });
          expect({ context, rows: [nothing, complete] }).toEqual({
            context,
            rows: expect.arrayContaining([state.rows]),
          });

          let outcome: string;
          if (exit.signal === "SIGKILL")
            outcome = state.rows.meetings === 0 ? "killed before commit" : "killed after commit";
          else {
            // The kill came after the process had exited on its own: it must have succeeded.
            expect({ context, exit, rows: state.rows }).toEqual({
              context,
              exit: { code: 0, signal: null },
              rows: complete,
            });
            outcome = "finished before the kill";
          }
          if (state.rows.meetings > 0) committedImports++;
          // The audit entry of an import is written in its transaction: it exists exactly when the rows do.
          expect({ context, audited: await auditedImports() }).toEqual({ context, audited: committedImports });
          outcomes.push({ attempt, after, delayMs, outcome, meetings: state.rows.meetings });
        }

        // One last import, left to finish, on the file that every kill left behind.
        const final = spawnNode(["dist/src/app/cli/import.js", writeFile("final")], env);
        expect(await final.exited).toEqual({ code: 0, signal: null });
        const finalState = await inspectDatabase(database, async (db) => ({
          ...(await db.structuralProblems()),
          rows: await importedRows(db, "final"),
          calibration: await importedRows(db, "calibrate"),
        }));
        expect(finalState).toEqual({ integrity: ["ok"], foreignKeys: [], rows: complete, calibration: complete });

        const tally = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).length;
        const landed = tally("killed before commit") + tally("killed after commit");
        console.log(
          `SIGKILL summary (seed ${SEED}): ${outcomes.length} kills tried on imports of ${MEETINGS} meetings ` +
            `(calibrated run ${duration} ms: ${writing} ms between first and last progress lines, ${tail} ms from the last to exit); ${landed} landed: ` +
            `${tally("killed before commit")} before commit (0 rows), ${tally("killed after commit")} after commit ` +
            `(all rows), ${tally("finished before the kill")} imports finished before their kill; ` +
            `integrity, foreign keys and all-or-nothing held after every one; final import complete; ` +
            `${((Date.now() - started) / 1000).toFixed(1)} s.\n` +
            outcomes.map((o) => `  #${o.attempt} ${o.after}+${o.delayMs}ms: ${o.outcome}`).join("\n"),
        );
        expect(landed).toBeGreaterThanOrEqual(8);
      } finally {
        await database.drop();
      }
    },
    // PostgreSQL: each inspection opens a connection and checks every index with amcheck; allow for it.
    onPostgres ? 180_000 : 110_000,
  );
});

describe("SIGTERM while slow requests are in flight", () => {
  /** A POST whose body is sent in two halves; `finish` sends the second. */
  function slowPost(url: URL, query: string) {
    const body = Buffer.from(JSON.stringify({ query }), "utf8");
    const half = Math.floor(body.length / 2);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": String(body.length) },
    });
    const response = new Promise<{ status: number; body: GraphQLResponse }>((resolve, reject) => {
      request.once("error", reject);
      request.once("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("error", reject);
        res.once("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as GraphQLResponse });
          } catch {
            reject(new Error(`status ${res.statusCode}, not JSON: ${text.slice(0, 200)}`));
          }
        });
      });
    });
    const firstHalfSent = new Promise<void>((resolve, reject) =>
      request.write(body.subarray(0, half), (error) => (error ? reject(error) : resolve())),
    );
    return { firstHalfSent, response, finish: () => request.end(body.subarray(half)) };
  }

  /** A request on a brand-new connection: refused, or answered with some status. */
  function newConnection(url: URL): Promise<"refused" | number> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ query: "{ regions { code } }" });
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          agent: false,
          headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      request.once("error", (error: NodeJS.ErrnoException) =>
        error.code === "ECONNREFUSED" || error.code === "ECONNRESET" ? resolve("refused") : reject(error),
      );
      request.end(body);
    });
  }

  it("finishes every request already received, refuses new ones, and exits with 0", async () => {
    const database = await createTestDatabase();
    const gateway = await startGatewayProcess(database.url);
    try {
      const cases = [
        {
          query: `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { host { shortName } } }`,
          data: { meeting: { host: { shortName: "SUNAT" } } },
        },
        {
          query: `{ theme(year: 2021) { pillars { name } } }`,
          data: { theme: { pillars: [{ name: "Recovery" }, { name: "Renewal" }, { name: "Resilience" }] } },
        },
        {
          query: `{ region(code: "AMERICAS_CARIBBEAN") { name } }`,
          data: { region: { name: "Americas and Caribbean" } },
        },
        {
          query: `{ meetings(first: 5) { totalCount } }`,
          data: { meetings: { totalCount: 3 } },
        },
        { query: `{ member(isoCode: "PE") { shortName } }`, data: { member: { shortName: "SUNAT" } } },
      ];
      const requests = cases.map((c) => slowPost(gateway.url, c.query));
      await Promise.all(requests.map((r) => r.firstHalfSent));
      // One round trip on another connection, and a pause: the gateway has read every request's headers.
      expect((await fetch(new URL("/healthz", gateway.url))).status).toBe(200);
      await sleep(150);

      const signalled = Date.now();
      gateway.child.kill("SIGTERM");
      await gateway.waitForLine("stdout", (line) => parseLog(line)?.msg.startsWith("shutting down") === true);
      const lateComer = await newConnection(gateway.url);
      expect(["refused", 503]).toContain(lateComer);

      await sleep(Math.max(0, 300 - (Date.now() - signalled)));
      expect(gateway.child.exitCode).toBeNull();
      for (const request of requests) request.finish();
      const responses = await Promise.all(requests.map((r) => r.response));
      expect(responses.map((r) => ({ status: r.status, data: r.body.data, errors: r.body.errors }))).toEqual(
        cases.map((c) => ({ status: 200, data: c.data, errors: undefined })),
      );

      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      expect(logMessages(gateway.stdout)).toContain("stopped");
      console.log(
        `SIGTERM: ${requests.length} slow requests answered 200 after the signal; a new connection was ${lateComer === "refused" ? "refused" : `answered ${lateComer}`}; exit 0`,
      );
    } finally {
      gateway.child.kill("SIGKILL");
      await gateway.exited;
      await database.drop();
    }
  });
});

describe("concurrent writers and readers", () => {
  const WRITERS = 6;
  const READERS = 6;

  it("answers every request and keeps every acknowledged write (in-process gateway, ~5 s)", async () => {
    const t: TestGateway = await startTestGateway();
    try {
      const token = await t.createToken("editor", "Load writer");
      const seededRegions = await regionCodes(t.gateway.url);
      const report = await runLoad({
        url: t.gateway.url,
        token,
        tag: "inproc",
        writers: WRITERS,
        readers: READERS,
        stop: sleep(5_000),
      });
      expect(report.failures).toEqual([]);
      // Mutations run one at a time, each a few round trips through the event loop that the readers keep
      // busy: on 2 loaded cores that can be as few as ~3 writes a second. Every writer must get some through.
      expect(report.regions.length + report.people.length).toBeGreaterThanOrEqual(WRITERS);
      expect(report.reads).toBeGreaterThan(20);

      expect((await regionCodes(t.gateway.url)).sort()).toEqual([...seededRegions, ...report.regions].sort());
      // The very document the readers sent (anonymous, so the one a response cache would serve).
      expect(await regionsMissingFromRead(t.gateway.url, report.regions)).toEqual([]);
      expect((await peopleOfTag(t.gateway.url, "inproc")).sort()).toEqual([...report.people].sort());
      const stored = await t.gateway.dataSource.query<{ code: string }[]>(
        "SELECT code FROM region WHERE code LIKE 'INPROC%'",
      );
      expect(stored.map((r) => r.code).sort()).toEqual([...report.regions].sort());
      const people = await t.gateway.dataSource.query<{ slug: string }[]>(
        "SELECT slug FROM person WHERE slug LIKE 'inproc-%'",
      );
      expect(people.map((r) => r.slug).sort()).toEqual([...report.people].sort());
      console.log(
        `in-process load (${WRITERS} writers, ${READERS} readers, 5 s): ${report.regions.length} regions and ` +
          `${report.people.length} people created (${writeLatency(report)}), ${report.reads} reads, 0 failures`,
      );
    } finally {
      await t.stop();
    }
  }, 30_000);

  it("answers every request while a command-line import writes the same database (gateway process)", async () => {
    // On SQLite, long enough to hold the write lock for a second or two, well inside SQLITE_BUSY_TIMEOUT_MS
    // (5 s); on PostgreSQL the import's transaction locks only its own rows and the gateway's writes proceed.
    const IMPORT_MEETINGS = 1000;
    const database = await createTestDatabase();
    const dir = database.dir;
    // Not production: error messages (an SQLITE_BUSY among them) reach the client, and errors are logged.
    const gateway = await startGatewayProcess(database.url, {
      NODE_ENV: "development",
      RATE_LIMIT_ENABLED: "false",
    });
    try {
      const env = { ...process.env, DATABASE_URL: database.url };
      const issued = await run(process.execPath, ["dist/src/app/cli/token.js", "--role", "editor", "--name", "Load"], {
        cwd: ROOT,
        env,
      });
      const token = issued.stdout.trim();
      const seededRegions = await regionCodes(gateway.url);
      const file = path.join(dir, "concurrent.json");
      fs.writeFileSync(
        file,
        JSON.stringify(syntheticDirectory({ meetings: IMPORT_MEETINGS, agendaItems: 3, slugPrefix: "concurrent" })),
      );

      let importer: NodeProcess | undefined;
      let importMs = 0;
      // From the first progress line to exit, the import's transaction holds the write lock.
      const locked = { from: 0, to: 0 };
      const importDone = (async () => {
        await sleep(500);
        const t0 = Date.now();
        importer = spawnNode(["dist/src/app/cli/import.js", file], { DATABASE_URL: database.url });
        void importer
          .waitForLine("stderr", (line) => line.startsWith("meetings "))
          .then(
            () => (locked.from = Date.now()),
            () => {},
          );
        const exit = await importer.exited;
        locked.to = Date.now();
        importMs = locked.to - t0;
        await sleep(500);
        return exit;
      })();
      const report = await runLoad({
        url: gateway.url,
        token,
        tag: "crossproc",
        writers: WRITERS,
        readers: READERS,
        stop: importDone.then(() => undefined),
      });
      const importExit = await importDone;
      const busyLogs = gateway.stdout.filter((line) => LOCK_ERROR.test(line));
      // Acknowledged writes that were in flight while the import was writing: they waited for its lock.
      const overlapping = report.writes.filter((w) => w.start < locked.to && w.end > locked.from).length;

      console.log(
        `load during a command-line import (${IMPORT_MEETINGS} meetings, ${importMs} ms, writing for ` +
          `${locked.from ? `${locked.to - locked.from} ms` : "(never started)"} after its first progress line, exit ${JSON.stringify(importExit)}): ` +
          `${report.regions.length} regions and ${report.people.length} people created (${writeLatency(report)}; ` +
          `${overlapping} overlapping the import's writing), ${report.reads} reads; ` +
          describeFailures(report.failures) +
          (busyLogs.length ? `\ngateway logged ${busyLogs.length} lock error(s): ${busyLogs[0]!.slice(0, 400)}` : ""),
      );
      expect({ importExit, stderr: importer!.stderr }).toEqual({
        importExit: { code: 0, signal: null },
        stderr: expect.arrayContaining([`meetings ${IMPORT_MEETINGS}/${IMPORT_MEETINGS} (100%)`]),
      });
      expect(describeFailures(report.failures)).toBe(describeFailures([]));
      expect(busyLogs).toEqual([]);
      expect(report.regions.length + report.people.length).toBeGreaterThanOrEqual(WRITERS);
      expect(locked.from).toBeGreaterThan(0);
      expect(overlapping).toBeGreaterThan(0);

      expect((await regionCodes(gateway.url)).sort()).toEqual([...seededRegions, ...report.regions].sort());
      // The very document the readers sent (anonymous, so the one a response cache would serve).
      expect(await regionsMissingFromRead(gateway.url, report.regions)).toEqual([]);
      expect((await peopleOfTag(gateway.url, "crossproc")).sort()).toEqual([...report.people].sort());

      gateway.child.kill("SIGTERM");
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      const stored = await inspectDatabase(database, async (db) => ({
        ...(await db.structuralProblems()),
        regions: (await db.all<{ code: string }>("SELECT code FROM region WHERE code LIKE 'CROSSPROC%'")).map(
          (r) => r.code,
        ),
        people: (await db.all<{ slug: string }>("SELECT slug FROM person WHERE slug LIKE 'crossproc-%'")).map(
          (r) => r.slug,
        ),
        imported: await importedRows(db, "concurrent"),
      }));
      expect({ ...stored, regions: stored.regions.sort(), people: stored.people.sort() }).toEqual({
        integrity: ["ok"],
        foreignKeys: [],
        regions: [...report.regions].sort(),
        people: [...report.people].sort(),
        imported: {
          meetings: IMPORT_MEETINGS,
          agendaItems: IMPORT_MEETINGS * 3,
          participations: IMPORT_MEETINGS * 2,
          people: 6,
        },
      });
    } finally {
      gateway.child.kill("SIGKILL");
      await gateway.exited;
      await database.drop();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------

/**
 * Blocks the gateway's writes from a connection of its own, as another process's long write (a command-line
 * import) does, until `release`: on SQLite a BEGIN IMMEDIATE transaction, which holds the database's write
 * lock; on PostgreSQL a transaction holding a lock on the region table that every insert into it waits for
 * (reads go on, as they do beside an import).
 */
async function blockWrites(database: TestDatabase): Promise<{ release(): Promise<void> }> {
  if (database.engine === "sqlite") {
    const connection = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(database.url, (error) => (error ? reject(error) : resolve(db)));
    });
    const exec = (sql: string) =>
      new Promise<void>((resolve, reject) => connection.exec(sql, (error) => (error ? reject(error) : resolve())));
    await exec("BEGIN IMMEDIATE");
    return {
      async release() {
        await exec("ROLLBACK");
        await new Promise<void>((resolve) => connection.close(() => resolve()));
      },
    };
  }
  const session = new DataSource({ type: "postgres", url: database.url, poolSize: 1 });
  await session.initialize();
  const runner = session.createQueryRunner();
  await runner.connect();
  await runner.query("BEGIN");
  await runner.query("LOCK TABLE region IN SHARE ROW EXCLUSIVE MODE");
  return {
    async release() {
      await runner.query("ROLLBACK");
      await runner.release();
      await session.destroy();
    },
  };
}

/** Sends one operation and measures how long its answer took. */
async function timed<TData>(send: () => Promise<HttpResult<TData>>): Promise<HttpResult<TData> & { ms: number }> {
  const started = performance.now();
  const result = await send();
  return { ...result, ms: performance.now() - started };
}

describe(`writes while another connection holds the write lock (${TEST_ENGINE})`, () => {
  const WAITING_MUTATIONS = 12;
  const createRegion = (url: string, token: string, code: string) =>
    post<{ createRegion: { region: { code: string } } }>(
      url,
      CREATE_REGION,
      { input: { code, name: `Region ${code}` } },
      { authorization: `Bearer ${token}` },
    );
  const readRegions = (url: string) => post<{ regions: { code: string }[] }>(url, "{ regions { code } }");

  it("refuses a write that cannot get the lock in time with DATABASE_BUSY, 503 and Retry-After, changing nothing", async () => {
    const LOCK_TIMEOUT_MS = 1_500;
    const t = await startTestGateway({ sqliteBusyTimeoutMs: LOCK_TIMEOUT_MS, responseCacheTtlSeconds: 0 });
    const url = t.gateway.url;
    try {
      const token = await t.createToken("editor", "Blocked writer");
      const lock = await blockWrites(t.database);
      let answers: (HttpResult<{ createRegion: { region: { code: string } } }> & { ms: number })[];
      try {
        // One waits for the lock, the others behind it in the gateway's queue: each is answered within the
        // timeout of its own arrival, not one timeout per mutation ahead of it.
        answers = await Promise.all(
          Array.from({ length: WAITING_MUTATIONS }, (_, i) => timed(() => createRegion(url, token, `BUSY_${i}`))),
        );
      } finally {
        await lock.release();
      }
      for (const answer of answers) {
        expect({ status: answer.status, retryAfter: answer.retryAfter, body: answer.body }).toEqual({
          status: 503,
          retryAfter: "1",
          body: {
            errors: [
              expect.objectContaining({
                message: expect.stringContaining("Nothing was changed"),
                extensions: { code: "DATABASE_BUSY", retryAfterSeconds: 1 },
              }),
            ],
          },
        });
        expect(answer.ms).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 50);
        expect(answer.ms).toBeLessThan(LOCK_TIMEOUT_MS + 1_000);
      }

      // Nothing of them was written, nor audited.
      const listed = dataOf((await readRegions(url)).body).regions.map((r) => r.code);
      expect(listed.filter((code) => code.startsWith("BUSY_"))).toEqual([]);
      const stored = await t.gateway.dataSource.query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM region WHERE code LIKE 'BUSY%'",
      );
      const audited = await t.gateway.dataSource.query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM audit_entry WHERE operation = 'createRegion'",
      );
      expect({ stored: Number(stored[0]!.n), audited: Number(audited[0]!.n) }).toEqual({ stored: 0, audited: 0 });

      // The lock is free again: the client's retry goes through.
      const retried = await createRegion(url, token, "BUSY_0");
      expect({ status: retried.status, data: retried.body.data }).toEqual({
        status: 200,
        data: { createRegion: { region: { code: "BUSY_0" } } },
      });
    } finally {
      await t.stop();
    }
  }, 30_000);

  it("keeps answering reads at once while a dozen mutations wait for the lock, then applies them all", async () => {
    // The mutations outnumber the execution slots (MAX_CONCURRENT_OPERATIONS, 10): were they holding them
    // while they wait, every read would wait for the lock too. Held for well under the lock timeout (5 s).
    const HOLD_MS = 3_000;
    const MUTATIONS = WAITING_MUTATIONS + 3;
    const t = await startTestGateway({ responseCacheTtlSeconds: 0 });
    const url = t.gateway.url;
    try {
      const token = await t.createToken("editor", "Waiting writer");
      const seeded = dataOf((await readRegions(url)).body).regions.map((r) => r.code);
      const lock = await blockWrites(t.database);
      // Released on a timer, whatever the reads meet: they must not be what ends the wait.
      const released = sleep(HOLD_MS).then(() => lock.release());
      const writes = Promise.all(Array.from({ length: MUTATIONS }, (_, i) => createRegion(url, token, `WAIT_${i}`)));
      await sleep(300);
      // Reads one after another, then a burst of them side by side, all while every mutation waits.
      const reads: (HttpResult<{ regions: { code: string }[] }> & { ms: number })[] = [];
      for (let i = 0; i < 5; i++) reads.push(await timed(() => readRegions(url)));
      reads.push(...(await Promise.all(Array.from({ length: 10 }, () => timed(() => readRegions(url))))));
      await released;
      for (const read of reads) {
        expect(read.ms).toBeLessThan(1_000);
        // Answered before any of the waiting writes was applied.
        expect({ status: read.status, regions: read.body.data?.regions.map((r) => r.code) }).toEqual({
          status: 200,
          regions: seeded,
        });
      }
      const answered = await writes;
      expect(answered.map((w) => ({ status: w.status, data: w.body.data, errors: w.body.errors }))).toEqual(
        Array.from({ length: MUTATIONS }, (_, i) => ({
          status: 200,
          data: { createRegion: { region: { code: `WAIT_${i}` } } },
          errors: undefined,
        })),
      );
      console.log(
        `${MUTATIONS} mutations waiting ${HOLD_MS} ms for the write lock; ${reads.length} reads meanwhile, the slowest in ` +
          `${Math.round(Math.max(...reads.map((r) => r.ms)))} ms`,
      );
    } finally {
      await t.stop();
    }
  }, 30_000);

  it("refuses mutations beyond MAX_QUEUED_MUTATIONS at once with 503 OVERLOADED, and applies those it kept", async () => {
    const t = await startTestGateway({ maxQueuedMutations: 4, responseCacheTtlSeconds: 0 });
    const url = t.gateway.url;
    try {
      const token = await t.createToken("editor", "Queued writer");
      const lock = await blockWrites(t.database);
      const sent = Array.from({ length: 6 }, (_, i) => timed(() => createRegion(url, token, `QUEUED_${i}`)));
      try {
        await sleep(1_000);
      } finally {
        await lock.release();
      }
      const answers = await Promise.all(sent);
      const refused = answers.filter((a) => a.status === 503);
      const applied = answers.filter((a) => a.status === 200);
      expect({ refused: refused.length, applied: applied.length }).toEqual({ refused: 2, applied: 4 });
      for (const answer of refused) {
        expect(answer.body.errors?.[0]?.extensions?.code).toBe("OVERLOADED");
        expect(answer.retryAfter).toBe("1");
        // Refused as they arrived, not after waiting for the lock.
        expect(answer.ms).toBeLessThan(1_000);
      }
      const codes = dataOf((await readRegions(url)).body).regions.map((r) => r.code);
      expect(codes.filter((code) => code.startsWith("QUEUED_")).sort()).toEqual(
        applied.map((a) => a.body.data!.createRegion.region.code).sort(),
      );
    } finally {
      await t.stop();
    }
  }, 30_000);
});
