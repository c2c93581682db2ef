import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Profile } from "./config";
import { DRIVERS, Q2_PAGE, Q3_FILTER, TEXT_SEARCH } from "./config";
import { Q4_NAME } from "./dashboard";
import { ResponseMismatch, assertSameResponses } from "./equality";
import { captureSql, explainAll } from "./explain";
import { ensureDatabase, removeWorkingCopy, workingCopy } from "./generate/cache";
import type { GenerationMeta } from "./generate/generate";
import { rngFor } from "./generate/prng";
import type { LoadResult } from "./load/runner";
import { quiesce, runLoad } from "./load/runner";
import { TOKEN_CLI } from "./paths";
import type { Inputs } from "./prepare";
import { prepareInputs } from "./prepare";
import { startBaseline } from "./process/baseline";
import type { RunningServer } from "./process/gateway";
import { loadedSqliteDrivers, measureStartup, sqlStatementCount, startGateway } from "./process/gateway";
import type { Pinning } from "./process/proc";
import { memory } from "./process/proc";
import { Q1, Q1_NAME, Q2, Q2_NAME, Q3, Q3_NAME, Q5, Q5_NAME, Q6, Q6_NAME, Q7, Q7_NAME, body, post } from "./queries";
import { findRun } from "./report/checks";
import type { DriverComparison, HeadOfLine, QueryId, QueryRun, ScaleResult, Server } from "./report/types";

export interface ScaleContext {
  profile: Profile;
  pinning: Pinning;
  seed: number;
  regenerate: boolean;
  log: (message: string) => void;
}

/** One measured operation: how to build each request, and whether the baseline answers it too. */
export interface QuerySpec {
  id: QueryId;
  /** Key in sqlPerRequest, when this query's statements are counted. */
  sqlKey?: string;
  body: () => string;
  headers?: Record<string, string>;
  withBaseline: boolean;
}

/**
 * The gateway caches anonymous query responses (src/platform/cache/response-cache.ts, keyed by document, operation
 * name and variables). To measure the resolution path, each request carries a `benchNonce` variable that
 * the operations do not declare: GraphQL ignores it, the cache key does not. `Q2-cached` repeats one
 * request as a polling client would, to measure the cache itself.
 */
function nonced(query: string, operationName: string, variables: () => Record<string, unknown>): () => string {
  let nonce = 0;
  return () => body(query, operationName, { ...variables(), benchNonce: ++nonce });
}

/** The read queries (Q1–Q4) at one scale; the same random slugs in every run with the same seed. */
export function readSpecs(meta: GenerationMeta, inputs: Inputs, seed: number): QuerySpec[] {
  const q1Pick = rngFor(seed, "q1", meta.scale);
  const slugs = meta.probeSlugs;
  const specs: QuerySpec[] = [
    {
      id: "Q1",
      sqlKey: "Q1",
      body: nonced(Q1, Q1_NAME, () => ({ slug: slugs[Math.floor(q1Pick() * slugs.length)] })),
      withBaseline: true,
    },
    { id: "Q2", sqlKey: "Q2 first:50", body: nonced(Q2, Q2_NAME, () => ({ first: Q2_PAGE })), withBaseline: true },
    { id: "Q2-cached", body: () => body(Q2, Q2_NAME, { first: Q2_PAGE }), withBaseline: false },
    {
      id: "Q3",
      sqlKey: "Q3",
      body: nonced(Q3, Q3_NAME, () => ({ filter: inputs.q3Filter, first: Q3_FILTER.pageSize, after: inputs.q3Cursor })),
      withBaseline: false,
    },
    {
      id: "Q6",
      sqlKey: "Q6",
      body: nonced(Q6, Q6_NAME, () => ({ text: TEXT_SEARCH.titleContains })),
      withBaseline: false,
    },
    { id: "Q7", sqlKey: "Q7", body: nonced(Q7, Q7_NAME, () => ({ text: TEXT_SEARCH.search })), withBaseline: false },
  ];
  if (inputs.dashboard.query) {
    specs.push({
      id: "Q4",
      sqlKey: "Q4",
      body: nonced(inputs.dashboard.query, Q4_NAME, () => ({})),
      withBaseline: false,
    });
  }
  return specs;
}

function querySpecs(meta: GenerationMeta, inputs: Inputs, token: string, seed: number): QuerySpec[] {
  const q5Pick = rngFor(seed, "q5", meta.scale);
  let edits = 0;
  const specs = readSpecs(meta, inputs, seed);
  specs.push({
    id: "Q5",
    sqlKey: "Q5",
    body: () => {
      edits += 1;
      const id = inputs.meetingIds[Math.floor(q5Pick() * inputs.meetingIds.length)]!;
      return body(Q5, Q5_NAME, { input: { id, summary: `Benchmark edit ${edits}` } });
    },
    headers: { authorization: `Bearer ${token}` },
    withBaseline: false,
  });
  return specs;
}

/** `node dist/src/app/cli/token.js --role editor --name bench` over the working copy; returns the secret. */
export async function createEditorToken(database: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [TOKEN_CLI, "--role", "editor", "--name", "bench"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database },
  });
  const secret = stdout.trim().split("\n").pop();
  if (!secret) throw new Error("token.js printed no token");
  return secret;
}

/** One request of each query, before anything is counted or timed: a query that fails is left out. */
async function smokeTest(gateway: RunningServer, specs: QuerySpec[]) {
  const working: QuerySpec[] = [];
  const failures: string[] = [];
  for (const spec of specs) {
    const response = await post(gateway.url, spec.body(), spec.headers, true);
    const error = response.errors?.[0];
    if (!error && response.data) working.push(spec);
    else {
      const code = error?.extensions?.code ?? "no data";
      failures.push(
        `${spec.id} answers ${code}: ${error?.message ?? "no data"}${error?.path ? ` at ${error.path.join(".")}` : ""}`,
      );
    }
  }
  return { working, failures };
}

const MIN_SQL_SAMPLE = 3;
const SQL_SAMPLE_MS = 10_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/**
 * SQL statements per request: /metrics before and after each of up to `n` sequential (uncached) requests;
 * the median, so that a statement some background task runs meanwhile does not count. Also the mean time
 * of one request alone, which bounds how many can sensibly be in flight at once.
 */
async function sqlPerRequest(gateway: RunningServer, n: number, spec: Pick<QuerySpec, "body" | "headers">) {
  const counts: number[] = [];
  let elapsed = 0;
  // n requests, but no more than SQL_SAMPLE_MS of them once MIN_SQL_SAMPLE are done (slow aggregates).
  while (counts.length < n && (counts.length < MIN_SQL_SAMPLE || elapsed < SQL_SAMPLE_MS)) {
    const before = await sqlStatementCount(gateway.origin);
    const started = performance.now();
    await post(gateway.url, spec.body(), spec.headers);
    elapsed += performance.now() - started;
    counts.push((await sqlStatementCount(gateway.origin)) - before);
  }
  return { statements: median(counts), max: Math.max(...counts), meanMs: elapsed / counts.length };
}

async function measureSql(gateway: RunningServer, specs: QuerySpec[], n: number) {
  const statements: Record<string, number> = {};
  const aloneMs: Record<string, number> = {};
  const outliers: string[] = [];
  const sample = async (key: string, spec: Pick<QuerySpec, "body" | "headers">) => {
    const measured = await sqlPerRequest(gateway, n, spec);
    statements[key] = measured.statements;
    aloneMs[key] = Math.round(measured.meanMs * 10) / 10;
    if (measured.max !== measured.statements) {
      outliers.push(`${key}: a request counted ${measured.max} SQL statements (median ${measured.statements})`);
    }
  };
  for (const spec of specs) {
    if (!spec.sqlKey) continue;
    if (spec.id === "Q2") await sample("Q2 first:10", { body: nonced(Q2, Q2_NAME, () => ({ first: 10 })) });
    await sample(spec.sqlKey, spec);
  }
  return { statements, aloneMs, outliers };
}

/**
 * One measured round: `connections` clients send `spec` for the profile's warm-up and window; then the bench
 * waits until the server is idle and reads its resident memory.
 */
export async function measureRound(
  server: RunningServer,
  spec: Pick<QuerySpec, "body" | "headers">,
  connections: number,
  ctx: ScaleContext,
): Promise<{ load: LoadResult; rssAfterBytes: number }> {
  const load = await runLoad(
    { url: server.url, body: spec.body, headers: spec.headers },
    {
      connections,
      warmupSeconds: ctx.profile.warmupSeconds,
      durationSeconds: ctx.profile.durationSeconds,
      serverPid: server.child.pid,
      serverCore: ctx.pinning.serverCore,
    },
  );
  await quiesce(server.child.pid);
  return { load, rssAfterBytes: memory(server.child.pid).rssBytes };
}

function headOfLineLine(driver: string, h: HeadOfLine): string {
  return (
    `    Q2-cached ${driver} c=${h.connections} while Q4 loops: ${h.load.requestsPerSecond.toFixed(0)} req/s` +
    `  p50 ${h.load.latencyMs.p50.toFixed(2)} ms  p99 ${h.load.latencyMs.p99.toFixed(2)} ms` +
    `  (${h.aggregatesCompleted} Q4 answered, ${h.aggregateMeanMs ?? "—"} ms each)`
  );
}

/** Queries a fresh gateway is warmed with, untimed; Q4 is left out (seconds per request at 100,000 meetings). */
const WARM_UP_QUERIES: QueryId[] = ["Q1", "Q2", "Q3"];

/**
 * Untimed load on a freshly started gateway, before its first timed round: V8 optimises the hot paths over
 * the first thousands of requests, and without this the first round (Q1 at 10 connections) measured a
 * process still compiling: up to 1.5× the CPU per request of the same round a minute later.
 */
export async function warmUp(server: RunningServer, specs: QuerySpec[], ctx: ScaleContext): Promise<void> {
  const seconds = ctx.profile.processWarmUpSeconds;
  if (seconds <= 0) return;
  for (const spec of specs.filter((s) => WARM_UP_QUERIES.includes(s.id))) {
    await measureRound(server, spec, 10, {
      ...ctx,
      profile: { ...ctx.profile, warmupSeconds: 0, durationSeconds: seconds },
    });
  }
}

/**
 * Cached Q2 at DRIVERS.connections while one more client sends uncached Q4 (the dashboard aggregate) back to
 * back: how far one slow statement holds up requests that need no SQL at all. Run at the run's largest scale
 * on each driver's gateway. With sqlite3 the statement runs on a worker thread and the event loop goes on;
 * better-sqlite3 runs it on the event loop, which answers nothing else until it returns.
 */
async function measureHeadOfLine(
  scale: number,
  server: RunningServer,
  specs: QuerySpec[],
  ctx: ScaleContext,
): Promise<HeadOfLine | null> {
  // Only at the run's largest scale, where Q4 takes longest.
  if (scale !== Math.max(...ctx.profile.scales)) return null;
  const cached = specs.find((s) => s.id === "Q2-cached");
  const aggregate = specs.find((s) => s.id === "Q4");
  if (!cached || !aggregate) return null;
  await post(server.url, cached.body());
  let stopped = false;
  let completed = 0;
  let aggregateMs = 0;
  let failure: unknown;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      await post(server.url, aggregate.body());
      aggregateMs += performance.now() - started;
      completed += 1;
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  let load: LoadResult;
  try {
    // Not measureRound: it waits for the server to go idle, which it does not while the aggregates loop.
    load = await runLoad(
      { url: server.url, body: cached.body },
      {
        connections: DRIVERS.connections,
        warmupSeconds: ctx.profile.warmupSeconds,
        durationSeconds: ctx.profile.durationSeconds,
        serverPid: server.child.pid,
        serverCore: ctx.pinning.serverCore,
      },
    );
  } finally {
    stopped = true;
    await loop;
  }
  await quiesce(server.child.pid);
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return {
    connections: DRIVERS.connections,
    load,
    aggregatesCompleted: completed,
    aggregateMeanMs: completed ? Math.round(aggregateMs / completed) : null,
  };
}

/**
 * A round is skipped when its connections would queue more than this much work at once: the requests it
 * abandons at the end keep the server busy long after it (the server does not cancel them), and each
 * answer would take longer than the round itself.
 */
const MAX_QUEUED_WORK_MS = 10_000;

export function roundLine(query: QueryId, server: string, load: LoadResult, rssAfterBytes: number): string {
  return (
    `    ${query.padEnd(9)} ${server.padEnd(8)} c=${String(load.connections).padStart(2)} ${load.requestsPerSecond.toFixed(0).padStart(6)} req/s` +
    `  p50 ${load.latencyMs.p50.toFixed(2)} ms  p99 ${load.latencyMs.p99.toFixed(2)} ms  CPU ${load.cpuMicrosPerRequest} µs/req` +
    (load.cacheHitPercent ? `  cache hits ${load.cacheHitPercent}%` : "") +
    `  RSS ${(rssAfterBytes / 1024 / 1024).toFixed(0)} MB` +
    (load.serverCoreOtherPercent ? `  (others on the core: ${load.serverCoreOtherPercent}%)` : "")
  );
}

async function measureLoad(
  gateway: RunningServer,
  baseline: RunningServer,
  specs: QuerySpec[],
  aloneMs: Record<string, number>,
  ctx: ScaleContext,
): Promise<{ runs: QueryRun[]; skipped: string[] }> {
  const { profile, log } = ctx;
  const runs: QueryRun[] = [];
  const skipped: string[] = [];
  const run = async (spec: QuerySpec, server: Server, connections: number) => {
    const s = server === "gateway" ? gateway : baseline;
    const alone = server === "gateway" && spec.sqlKey ? aloneMs[spec.sqlKey] : undefined;
    if (alone !== undefined && alone * connections > MAX_QUEUED_WORK_MS) {
      const reason = `${spec.id} at ${connections} connections not run: one request alone takes ${alone.toFixed(0)} ms, so ${connections} in flight queue ${((alone * connections) / 1000).toFixed(0)} s of work`;
      skipped.push(reason);
      log(`    ${reason}`);
      return;
    }
    const { load, rssAfterBytes } = await measureRound(s, spec, connections, ctx);
    runs.push({ query: spec.id, server, load, rssAfterBytes });
    log(roundLine(spec.id, server, load, rssAfterBytes));
  };
  const reads = specs.filter((s) => s.id !== "Q5");
  for (const c of profile.connections) {
    for (const spec of reads) {
      if (spec.id === "Q2-cached" && c !== profile.cacheConnections) continue;
      if ((spec.id === "Q6" || spec.id === "Q7") && c !== TEXT_SEARCH.connections) continue;
      await run(spec, "gateway", c);
      if (spec.withBaseline) await run(spec, "baseline", c);
    }
  }
  // Writes last: they change summaries, versions and the audit trail of the working copy.
  const write = specs.find((s) => s.id === "Q5");
  if (write) for (const c of profile.connections) await run(write, "gateway", c);
  return { runs, skipped };
}

/**
 * The same gateway on the other SQLite driver: started exactly like the first (same working copy, pinning
 * and environment) but with SQLITE_DRIVER=better-sqlite3, while the first still runs. Its Q1 and Q2 `data`
 * must equal the first's (uncached requests to both); then `release` stops the first gateway and the
 * baseline, and Q1, Q2 and Q4 (uncached) run at DRIVERS.connections with the profile's durations. A query
 * is run only when the sqlite3 gateway has a round to compare it with. A mismatch is recorded (and fails
 * the run as an assertion in checks.ts) and nothing is timed.
 */
async function compareDrivers(
  scale: number,
  first: RunningServer,
  work: string,
  specs: QuerySpec[],
  mainRuns: QueryRun[],
  equality: { slugs: string[]; pages: number[] },
  release: () => Promise<void>,
  ctx: ScaleContext,
): Promise<DriverComparison> {
  const { log } = ctx;
  const connections = DRIVERS.connections;
  const phases: DriverComparison["phasesMs"] = { start: 0, equality: 0, sql: 0, rounds: 0, stop: 0 };
  let mark = performance.now();
  const lap = (phase: keyof typeof phases) => {
    const now = performance.now();
    phases[phase] += Math.round(now - mark);
    mark = now;
  };
  const comparison: DriverComparison = {
    driver: "better-sqlite3",
    connections,
    driverLoaded: false,
    spawnToReadyzMs: null,
    equality: { pass: false, detail: "", q1Slugs: equality.slugs.length, q2Pages: equality.pages },
    sqlPerRequest: {},
    aloneMs: {},
    runs: [],
    skipped: [],
    headOfLine: null,
    peakRssBytes: 0,
    phasesMs: phases,
    wallMs: 0,
  };
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 600);
  let gateway: RunningServer;
  try {
    gateway = await startGateway({ database: work, core: ctx.pinning.serverCore, sqliteDriver: "better-sqlite3" });
  } catch (error) {
    // Recorded as a failed assertion (checks.ts), so the rest of the run is still reported.
    comparison.equality.detail = `the better-sqlite3 gateway did not start: ${message(error)}`;
    log(`  ${comparison.equality.detail}`);
    lap("start");
    comparison.wallMs = phases.start;
    return comparison;
  }
  lap("start");
  comparison.spawnToReadyzMs = gateway.readyMs;
  try {
    comparison.driverLoaded = loadedSqliteDrivers(gateway.child.pid).includes("better-sqlite3");
    try {
      await assertSameResponses([first.url, gateway.url], equality.slugs, equality.pages, {
        names: ["sqlite3", "better-sqlite3"],
        nonce: true,
      });
      comparison.equality.pass = true;
      comparison.equality.detail = `Q1 for ${equality.slugs.length} slugs, Q2 first: ${equality.pages.join("/")}, uncached on both gateways`;
    } catch (error) {
      // A different answer, or an error instead of one: either way a failed assertion, and nothing timed.
      comparison.equality.detail =
        error instanceof ResponseMismatch ? error.message : `a request failed: ${message(error)}`;
    }
    lap("equality");
    // Not the comparison's time: the first gateway and the baseline would stop now anyway.
    await release();
    mark = performance.now();
    log(
      `  better-sqlite3 gateway ready in ${gateway.readyMs.toFixed(0)} ms` +
        (comparison.driverLoaded ? "" : " (but better_sqlite3.node is not loaded!)") +
        (comparison.equality.pass
          ? "; same data as sqlite3"
          : `; its answers differ from sqlite3's, not timed: ${comparison.equality.detail}`),
    );
    if (!comparison.equality.pass) return comparison;
    // Warmed like the first gateway, so both drivers' rounds run on optimised code.
    await warmUp(gateway, specs, ctx);
    lap("rounds");
    for (const id of DRIVERS.queries) {
      const spec = specs.find((s) => s.id === id);
      if (!spec?.sqlKey) continue;
      if (!findRun({ runs: mainRuns }, id, "gateway", connections)) {
        comparison.skipped.push(
          `better-sqlite3: ${id} at ${connections} connections not run, sqlite3 has no such round`,
        );
        continue;
      }
      const measured = await sqlPerRequest(gateway, DRIVERS.sqlSampleRequests, spec);
      comparison.sqlPerRequest[spec.sqlKey] = measured.statements;
      comparison.aloneMs[spec.sqlKey] = Math.round(measured.meanMs * 10) / 10;
      lap("sql");
      if (measured.meanMs * connections > MAX_QUEUED_WORK_MS) {
        comparison.skipped.push(
          `better-sqlite3: ${id} at ${connections} connections not run: one request alone takes ${measured.meanMs.toFixed(0)} ms`,
        );
        continue;
      }
      const { load, rssAfterBytes } = await measureRound(gateway, spec, connections, ctx);
      comparison.runs.push({ query: id, load, rssAfterBytes });
      lap("rounds");
      log(roundLine(id, "better-sqlite3", load, rssAfterBytes));
    }
    for (const reason of comparison.skipped) log(`    ${reason}`);
    log(
      `  better-sqlite3 SQL statements per request: ${Object.entries(comparison.sqlPerRequest)
        .map(([q, n]) => `${q} ${n}`)
        .join(", ")}`,
    );
    comparison.headOfLine = await measureHeadOfLine(scale, gateway, specs, ctx);
    lap("rounds");
    if (comparison.headOfLine) log(headOfLineLine("better-sqlite3", comparison.headOfLine));
    comparison.peakRssBytes = memory(gateway.child.pid).peakRssBytes;
    return comparison;
  } finally {
    await gateway.child.stop();
    lap("stop");
    comparison.wallMs = Object.values(phases).reduce((sum, ms) => sum + ms, 0);
  }
}

/** The statements behind Q1, Q2 and Q3, from a gateway logging its SQL, and their query plans. */
async function explainQueries(database: string, core: number | null, specs: QuerySpec[]) {
  const gateway = await startGateway({ database, core, logLevel: "debug", logSql: true });
  try {
    const explain: ScaleResult["explain"] = {};
    for (const id of ["Q1", "Q2", "Q3"] as const) {
      const spec = specs.find((s) => s.id === id);
      if (!spec) continue;
      explain[id] = await explainAll(database, await captureSql(gateway, () => post(gateway.url, spec.body())));
    }
    return explain;
  } finally {
    await gateway.child.stop();
  }
}

/** Everything measured at one scale: database, start-up, equality, SQL counts, load, plans. */
export async function benchScale(scale: number, ctx: ScaleContext): Promise<ScaleResult> {
  const { profile, pinning, log } = ctx;
  const core = pinning.serverCore;
  const regenerate = ctx.regenerate || (profile.remeasureSmallestImport && scale === Math.min(...profile.scales));
  const database = await ensureDatabase(scale, ctx.seed, { regenerate, core });
  const meta = database.meta;
  log(
    `  database: ${(meta.fileBytes / 1e6).toFixed(0)} MB, import ${(meta.importMs / 1000).toFixed(1)} s` +
      (database.fresh ? " (measured now)" : ` (measured ${meta.measuredAt})`),
  );
  const work = workingCopy(database.file, scale);
  const notes: string[] = [];
  try {
    const token = await createEditorToken(work);
    const startup = await measureStartup(work, core);
    log(`  start-up: ${startup.spawnToReadyLogMs.toFixed(0)} ms to "gateway ready" (startupMs ${startup.startupMs})`);

    const gateway = await startGateway({ database: work, core });
    const baseline = await startBaseline(work, core);
    const equalitySlugs = [
      ...meta.probeSlugs.slice(0, 25),
      ...Object.values(meta.nullSlugs).filter((s): s is string => Boolean(s)),
      "no-such-meeting",
    ];
    const equalityPages = [1, 10, Q2_PAGE, 100];
    let measured;
    try {
      const inputs = await prepareInputs(gateway.url);
      notes.push(inputs.dashboard.note);
      await assertSameResponses([gateway.url, baseline.url], equalitySlugs, equalityPages);
      log(`  gateway = baseline for ${equalitySlugs.length} slugs and pages of ${equalityPages.join("/")}`);
      const { working: specs, failures } = await smokeTest(gateway, querySpecs(meta, inputs, token, ctx.seed));
      for (const failure of failures) log(`  not measured, it fails: ${failure}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { statements: sql, aloneMs, outliers } = await measureSql(gateway, specs, profile.sqlSampleRequests);
      notes.push(...outliers);
      log(
        `  SQL statements per request: ${Object.entries(sql)
          .map(([q, n]) => `${q} ${n}`)
          .join(", ")}`,
      );
      await warmUp(gateway, specs, ctx);
      const { runs, skipped } = await measureLoad(gateway, baseline, specs, aloneMs, ctx);
      notes.push(...skipped);
      const headOfLine = await measureHeadOfLine(scale, gateway, specs, ctx);
      if (headOfLine) log(headOfLineLine("sqlite3", headOfLine));
      const gatewayPeakRssBytes = memory(gateway.child.pid).peakRssBytes;
      const baselinePeakRssBytes = memory(baseline.child.pid).peakRssBytes;
      const drivers = await compareDrivers(
        scale,
        gateway,
        work,
        specs,
        runs,
        { slugs: equalitySlugs, pages: equalityPages },
        async () => {
          await baseline.child.stop();
          await gateway.child.stop();
        },
        ctx,
      );
      notes.push(...drivers.skipped);
      log(
        `  the driver comparison added ${(drivers.wallMs / 1000).toFixed(1)} s (${Object.entries(drivers.phasesMs)
          .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
          .join(", ")})`,
      );
      measured = {
        headOfLine,
        inputs,
        specs,
        failures,
        sql,
        aloneMs,
        runs,
        gatewayPeakRssBytes,
        baselinePeakRssBytes,
        drivers,
      };
    } finally {
      await baseline.child.stop();
      await gateway.child.stop();
    }
    const explain = await explainQueries(work, core, measured.specs);
    return {
      scale,
      database: {
        cacheKey: database.file.split("/").pop()!,
        fileBytes: meta.fileBytes,
        counts: meta.counts,
        importMs: meta.importMs,
        importMsPerMeeting: meta.importMsPerMeeting,
        firstChunkImportMs: meta.chunkImportMs?.[0] ?? null,
        lastChunkImportMs: meta.chunkImportMs?.[meta.chunkImportMs.length - 1] ?? null,
        generateMs: meta.generateMs,
        importMeasuredAt: meta.measuredAt,
        importMeasuredThisRun: database.fresh,
        importCodeChangedSince: database.importCodeChanged,
      },
      startup: { ...startup, spawnToReadyzMs: gateway.readyMs },
      sqlPerRequest: measured.sql,
      aloneMs: measured.aloneMs,
      runs: measured.runs,
      headOfLine: measured.headOfLine,
      gatewayPeakRssBytes: measured.gatewayPeakRssBytes,
      baselinePeakRssBytes: measured.baselinePeakRssBytes,
      q3: {
        filter: measured.inputs.q3Filter,
        matches: measured.inputs.q3Matches,
        cursorPosition: measured.inputs.q3Position,
      },
      explain,
      equality: { q1Slugs: equalitySlugs.length, q2Pages: equalityPages },
      failedQueries: measured.failures,
      drivers: measured.drivers,
      notes,
    };
  } finally {
    removeWorkingCopy(work);
  }
}
