import { DRIVERS, TARGETS } from "../config";
import { Q3_FILTER, TEXT_SEARCH } from "../config";
import { findRun } from "./checks";
import type { PipelineResult, BenchResults, DriverImport, GrowthResult, QueryId, ScaleResult } from "./types";

const n0 = (v: number) => Math.round(v).toLocaleString("en");
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
const cell = (value: string | number) =>
  String(value)
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|");
const row = (cells: (string | number)[]) => `| ${cells.map(cell).join(" | ")} |`;
const header = (cells: string[]) => `${row(cells)}\n${row(cells.map(() => "---"))}`;

const QUERY_LABEL: Record<QueryId, string> = {
  Q1: "Q1 meeting(slug)",
  Q2: "Q2 page of 50",
  "Q2-cached": "Q2 page of 50, repeated (cached)",
  Q3: "Q3 filtered, deep",
  Q4: "Q4 dashboard",
  Q5: "Q5 updateMeeting",
  Q6: "Q6 titleContains",
  Q7: "Q7 search",
};
const SQL_KEY: Partial<Record<QueryId, string>> = {
  Q1: "Q1",
  Q2: "Q2 first:50",
  Q3: "Q3",
  Q4: "Q4",
  Q5: "Q5",
  Q6: "Q6",
  Q7: "Q7",
};
const ORDER: QueryId[] = ["Q1", "Q2", "Q2-cached", "Q3", "Q4", "Q5", "Q6", "Q7"];

/** Throughput, latency, CPU and SQL per request, with the baseline beside Q1 and Q2. */
export function loadTable(scales: ScaleResult[]): string {
  const lines = [
    header([
      "Meetings",
      "Query",
      "Conn.",
      "Req/s",
      "p50 ms",
      "p97.5 ms",
      "p99 ms",
      "CPU µs/req",
      "SQL/req",
      "Cache hits",
      "Baseline req/s",
      "Baseline p50 / p99 ms",
      "Gateway / baseline req/s",
      "RSS after",
      "Other load on server core",
    ]),
  ];
  for (const s of scales) {
    const gatewayRuns = s.runs
      .filter((r) => r.server === "gateway")
      .sort((a, b) => ORDER.indexOf(a.query) - ORDER.indexOf(b.query) || a.load.connections - b.load.connections);
    for (const r of gatewayRuns) {
      const b = findRun(s, r.query, "baseline", r.load.connections);
      const l = r.load;
      lines.push(
        row([
          n0(s.scale),
          QUERY_LABEL[r.query],
          l.connections,
          n0(l.requestsPerSecond),
          ms(l.latencyMs.p50),
          ms(l.latencyMs.p97_5),
          ms(l.latencyMs.p99),
          n0(l.cpuMicrosPerRequest),
          s.sqlPerRequest[SQL_KEY[r.query] ?? ""] ?? "—",
          `${l.cacheHitPercent.toFixed(0)}%`,
          b ? n0(b.requestsPerSecond) : "—",
          b ? `${ms(b.latencyMs.p50)} / ${ms(b.latencyMs.p99)}` : "—",
          b ? `${(l.requestsPerSecond / b.requestsPerSecond).toFixed(2)}×` : "—",
          mb(r.rssAfterBytes),
          l.serverCoreOtherPercent === null ? "—" : `${l.serverCoreOtherPercent.toFixed(0)}%`,
        ]),
      );
    }
  }
  return lines.join("\n");
}

export function scaleTable(scales: ScaleResult[]): string {
  const lines = [
    header([
      "Meetings",
      "Agenda items",
      "Speakers",
      "SQLite file",
      "Import",
      "Import / meeting",
      "First → last file of 2,500",
      "Import measured",
      "Start-up: spawn → ready",
      "startupMs (logged)",
      "Gateway peak RSS",
      "Baseline peak RSS",
    ]),
  ];
  for (const s of scales) {
    const d = s.database;
    const when = d.importMeasuredThisRun
      ? "this run"
      : `${d.importMeasuredAt.slice(0, 16).replace("T", " ")} (cached)${d.importCodeChangedSince ? ", import code changed since" : ""}`;
    lines.push(
      row([
        n0(s.scale),
        n0(d.counts.agenda_item ?? 0),
        n0(d.counts.agenda_item_speaker ?? 0),
        mb(d.fileBytes),
        seconds(d.importMs),
        `${d.importMsPerMeeting.toFixed(2)} ms`,
        d.firstChunkImportMs === null || d.lastChunkImportMs === null
          ? "—"
          : `${seconds(d.firstChunkImportMs)} → ${seconds(d.lastChunkImportMs)}`,
        when,
        `${n0(s.startup.spawnToReadyLogMs)} ms`,
        `${n0(s.startup.startupMs)} ms`,
        mb(s.gatewayPeakRssBytes),
        mb(s.baselinePeakRssBytes),
      ]),
    );
  }
  return lines.join("\n");
}

/** SQL statements per request and the latency of one request alone, per query and scale. */
export function sqlTable(scales: ScaleResult[]): string {
  const keys = [...new Set(scales.flatMap((s) => Object.keys(s.sqlPerRequest)))];
  const lines = [
    header([
      "Query",
      ...scales.map((s) => `SQL/req, ${n0(s.scale)}`),
      ...scales.map((s) => `One request alone, ${n0(s.scale)}`),
    ]),
  ];
  for (const key of keys) {
    lines.push(
      row([
        key,
        ...scales.map((s) => s.sqlPerRequest[key] ?? "—"),
        ...scales.map((s) => (s.aloneMs[key] === undefined ? "—" : `${ms(s.aloneMs[key])} ms`)),
      ]),
    );
  }
  return lines.join("\n");
}

const otherLoad = (percent: number | null | undefined) =>
  percent === null || percent === undefined ? "—" : `${percent.toFixed(0)}%`;
const ratio = (value: number, reference: number) => `${(value / reference).toFixed(2)}×`;

/**
 * sqlite3 (the main gateway's rounds) against better-sqlite3 (the second gateway's), per scale and query, at
 * DRIVERS.connections; ratios are better-sqlite3 over sqlite3 (above 1× for req/s, below 1× for p99 and CPU
 * favour better-sqlite3).
 */
export function driverTable(scales: ScaleResult[]): string {
  const lines = [
    header([
      "Meetings",
      "Query",
      "Conn.",
      "sqlite3 req/s",
      "better-sqlite3 req/s",
      "Req/s ratio",
      "sqlite3 p50 / p99 ms",
      "better-sqlite3 p50 / p99 ms",
      "p99 ratio",
      "sqlite3 CPU µs/req",
      "better-sqlite3 CPU µs/req",
      "CPU ratio",
      "SQL/req sqlite3 / better-sqlite3",
      "Other load on server core sqlite3 / better-sqlite3",
    ]),
  ];
  for (const s of scales) {
    const d = s.drivers;
    if (!d) continue;
    for (const query of DRIVERS.queries) {
      const a = findRun(s, query, "gateway", d.connections);
      const b = d.runs.find((r) => r.query === query)?.load;
      if (!a && !b) continue;
      const key = SQL_KEY[query] ?? "";
      lines.push(
        row([
          n0(s.scale),
          QUERY_LABEL[query],
          d.connections,
          a ? n0(a.requestsPerSecond) : "—",
          b ? n0(b.requestsPerSecond) : "not run",
          a && b ? ratio(b.requestsPerSecond, a.requestsPerSecond) : "—",
          a ? `${ms(a.latencyMs.p50)} / ${ms(a.latencyMs.p99)}` : "—",
          b ? `${ms(b.latencyMs.p50)} / ${ms(b.latencyMs.p99)}` : "—",
          a && b ? ratio(b.latencyMs.p99, a.latencyMs.p99) : "—",
          a ? n0(a.cpuMicrosPerRequest) : "—",
          b ? n0(b.cpuMicrosPerRequest) : "—",
          a && b ? ratio(b.cpuMicrosPerRequest, a.cpuMicrosPerRequest) : "—",
          `${s.sqlPerRequest[key] ?? "—"} / ${d.sqlPerRequest[key] ?? "—"}`,
          `${otherLoad(a?.serverCoreOtherPercent)} / ${otherLoad(b?.serverCoreOtherPercent)}`,
        ]),
      );
    }
  }
  return lines.length > 2 ? lines.join("\n") : "(not run)";
}

/** Import time with each driver, per scale. */
export function driverImportTable(imports: DriverImport[]): string {
  if (!imports.length) return "(import by driver not measured in this run)";
  const lines = [
    header([
      "Meetings",
      "sqlite3 import",
      "better-sqlite3 import",
      "Ratio",
      "sqlite3 / meeting",
      "better-sqlite3 / meeting",
      "Generator process sqlite3 / better-sqlite3",
    ]),
  ];
  for (const scale of [...new Set(imports.map((i) => i.scale))]) {
    const a = imports.find((i) => i.scale === scale && i.driver === "sqlite3");
    const b = imports.find((i) => i.scale === scale && i.driver === "better-sqlite3");
    lines.push(
      row([
        n0(scale),
        a ? seconds(a.importMs) : "—",
        b ? seconds(b.importMs) : "—",
        a && b ? ratio(b.importMs, a.importMs) : "—",
        a ? `${a.importMsPerMeeting.toFixed(2)} ms` : "—",
        b ? `${b.importMsPerMeeting.toFixed(2)} ms` : "—",
        `${a ? seconds(a.processMs) : "—"} / ${b ? seconds(b.processMs) : "—"}`,
      ]),
    );
  }
  return lines.join("\n");
}

/** Start-up, memory and wall time of the second gateway, one line per scale. */
function driverGatewayLines(scales: ScaleResult[]): string {
  return scales
    .filter((s) => s.drivers)
    .map((s) => {
      const d = s.drivers!;
      if (d.spawnToReadyzMs === null) return `- ${n0(s.scale)} meetings: ${d.equality.detail}`;
      return (
        `- ${n0(s.scale)} meetings: the better-sqlite3 gateway was ready (spawn → \`/readyz\`) in ${n0(d.spawnToReadyzMs)} ms ` +
        `(sqlite3: ${n0(s.startup.spawnToReadyzMs)} ms), peak RSS ${mb(d.peakRssBytes)} after its ${d.runs.length} rounds at ${d.connections} connections ` +
        `(sqlite3: ${mb(s.gatewayPeakRssBytes)} after all rounds, 50 connections included); the comparison added ${seconds(d.wallMs)} to the run.`
      );
    })
    .join("\n");
}

/** Each scale's p99 in the alternating rounds, the medians and their ratio, with the CPU per request beside. */
export function growthTable(growth: GrowthResult): string {
  const small = n0(growth.smallScale);
  const large = n0(growth.largeScale);
  const lines = [
    header([
      "Query",
      "Conn.",
      `p99 per round at ${small} (ms)`,
      `p99 per round at ${large} (ms)`,
      "Median p99 (ms)",
      "Ratio",
      `CPU µs/req at ${small} / ${large} (median)`,
    ]),
  ];
  for (const g of growth.comparisons) {
    const cpu = (micros: number | undefined) => (micros === undefined ? "—" : n0(micros));
    lines.push(
      row([
        QUERY_LABEL[g.query],
        g.connections,
        g.smallP99s.map(ms).join(", "),
        g.largeP99s.map(ms).join(", "),
        `${ms(g.smallMedianP99)} → ${ms(g.largeMedianP99)}`,
        `${g.ratio.toFixed(2)}×`,
        `${cpu(g.smallMedianCpuMicros)} / ${cpu(g.largeMedianCpuMicros)}`,
      ]),
    );
  }
  return lines.join("\n");
}

/** Cached Q2 while one client loops Q4, on each driver's gateway (the run's largest scale). */
export function headOfLineTable(scales: ScaleResult[]): string {
  const lines: string[] = [];
  for (const s of scales) {
    const sides = [
      ["sqlite3", s.headOfLine],
      ["better-sqlite3", s.drivers?.headOfLine ?? null],
    ] as const;
    for (const [driver, h] of sides) {
      if (!h) continue;
      const alone = driver === "sqlite3" ? findRun(s, "Q2-cached", "gateway", h.connections) : undefined;
      lines.push(
        row([
          n0(s.scale),
          driver,
          h.connections,
          n0(h.load.requestsPerSecond),
          `${ms(h.load.latencyMs.p50)} / ${ms(h.load.latencyMs.p99)}`,
          `${h.load.cacheHitPercent}%`,
          h.aggregatesCompleted,
          h.aggregateMeanMs === null ? "—" : ms(h.aggregateMeanMs),
          alone ? `${n0(alone.requestsPerSecond)} req/s, p99 ${ms(alone.latencyMs.p99)}` : "—",
        ]),
      );
    }
  }
  if (!lines.length) return "Not measured in this run (it needs Q4 and the driver comparison).";
  return [
    header([
      "Meetings",
      "Driver",
      "Conn.",
      "Cached Q2 req/s while Q4 loops",
      "Cached Q2 p50 / p99 ms",
      "Cache hits",
      "Q4 answered meanwhile",
      "Q4 mean ms",
      "Cached Q2 alone (main round)",
    ]),
    ...lines,
  ].join("\n");
}

/** Q1's CPU per request with every protection on, and with each switched off in turn. */
export function protectionTable(pipeline: PipelineResult): string {
  const allOn = pipeline.configurations.find((c) => c.protection === null);
  if (!allOn)
    return "Not measured in this run: the quick mode has no rounds of protection prices (`npm run bench` has).";
  const lines = [
    header([
      "Configuration",
      "Q1 CPU µs/request (median)",
      "Rounds",
      "Price of the protection (µs/request)",
      "Q1 req/s (median)",
    ]),
  ];
  for (const c of pipeline.configurations) {
    lines.push(
      row([
        c.protection === null ? "every protection on" : `${c.protection} off`,
        n0(c.medianCpuMicrosPerRequest),
        c.cpuMicrosPerRequest.map(n0).join(", "),
        c.protection === null ? "—" : n0(allOn.medianCpuMicrosPerRequest - c.medianCpuMicrosPerRequest),
        n0(c.medianRequestsPerSecond),
      ]),
    );
  }
  return lines.join("\n");
}

/** Each attack's answer and the gateway's CPU for it, and a client's latency while attackers run. */
export function attackTable(pipeline: PipelineResult): string {
  const lines = [header(["Attack", "Answered", "Expected", "CPU ms per attack"])];
  for (const a of pipeline.attacks) {
    lines.push(
      row([
        a.name,
        `${a.answered.status} ${a.answered.code ?? ""}`,
        `${a.expected.status} ${a.expected.code}`,
        ms(a.cpuMsPerAttack),
      ]),
    );
  }
  const p = pipeline.probe;
  lines.push(
    "",
    header(["Client under attack", "Requests", "Failed", "p50 / p99 ms", "Attackers' answers"]),
    row([
      "`{ regions { code } }` every 5 ms while four attackers send new costly documents",
      p.requests,
      p.failed,
      `${ms(p.latencyMs.p50)} / ${ms(p.latencyMs.p99)}`,
      Object.entries(p.attackersAnswered)
        .map(([status, count]) => `${count}× ${status}`)
        .join(", "),
    ]),
  );
  return lines.join("\n");
}

export function checksTable(results: BenchResults): string {
  const lines = [header(["Result", "Check", "Kind", "Measured"])];
  for (const c of results.checks) {
    lines.push(
      row([c.pass ? "PASS" : "FAIL", c.name, c.kind, c.detail.length > 400 ? `${c.detail.slice(0, 400)}…` : c.detail]),
    );
  }
  return lines.join("\n");
}

/** TypeORM's column lists and inlined id lists make statements unreadable: shorten both (results.json has them whole). */
export function abbreviateSql(sql: string): string {
  let text = sql.replace(/\s+/g, " ").trim();
  const from = text.indexOf(" FROM ");
  if (text.startsWith("SELECT ") && from > 0) {
    const columns = text.slice(7, from).split(", ").length;
    if (columns > 4) text = `SELECT … ${columns} columns …${text.slice(from)}`;
  }
  return text.replace(/IN \(((?:\d+, ){8,}\d+)\)/g, (_match, list: string) => {
    const values = list.split(", ");
    return `IN (${values.slice(0, 3).join(", ")}, … ${values.length} ids)`;
  });
}

function explainSection(scale: ScaleResult): string {
  const parts: string[] = [];
  const titles = {
    Q1: "Q1 — `meeting(slug:)` with host and region",
    Q2: "Q2 — page of 50 meetings",
    Q3: "Q3 — filtered page deep in the list",
  };
  for (const query of ["Q1", "Q3", "Q2"] as const) {
    const statements = scale.explain[query];
    if (!statements) continue;
    parts.push(`#### ${titles[query]} (${statements.length} statements)`);
    statements.forEach((s, i) => {
      parts.push(
        `${i + 1}. parameters \`${JSON.stringify(s.parameters).slice(0, 300)}\`\n\n` +
          "   ```sql\n" +
          `   ${abbreviateSql(s.sql)}\n` +
          "   ```\n\n" +
          "   ```text\n" +
          s.plan.map((line) => `   ${line}`).join("\n") +
          "\n   ```",
      );
    });
  }
  return parts.join("\n\n");
}

/** The whole of docs/benchmarks.md: method, results, checks, chart and query plans. */
export function renderDocument(
  results: BenchResults,
  chartPath: string,
  resultsPath: string,
  /** bench/peers.md: the latest peer-bench run, kept verbatim (its headings one level down). */
  peers?: string,
  /** bench/design-measurements.md: the measurements behind design choices, kept verbatim, last. */
  designMeasurements?: string,
): string {
  const largest = results.scales[results.scales.length - 1];
  const failed = results.checks.filter((c) => !c.pass);
  return `# Benchmarks

Generated by \`npm run bench${results.mode === "quick" ? " -- --quick" : ""}\` on ${results.startedAt.slice(0, 16).replace("T", " ")} UTC
(${results.mode} mode, ${results.durationSeconds.toFixed(0)} s, git \`${results.git.head}\`${results.git.uncommittedFiles ? ` with ${results.git.uncommittedFiles} uncommitted files` : ""}).
Do not edit by hand: re-run the bench. The raw numbers are in [\`${resultsPath}\`](${resultsPath}).

## Running it

\`\`\`sh
npm run bench              # 1,000, 10,000 and 100,000 meetings; about 10 minutes on 2 cores
npm run bench -- --quick   # 1,000 meetings, short runs, no protection prices; about 2 minutes (what CI runs)
npm run bench:generate     # only build (or reuse) the cached databases
\`\`\`

Options: \`--scales 1000,10000\`, \`--seed N\`, \`--regenerate\` (re-import even when cached, to re-time the import),
\`--publish\` (a quick run writes its results under \`bench/.data/quick/\` unless given this).
The run exits non-zero when an assertion fails; timing targets are only marked.

## Method

- **Data**: a deterministic synthetic directory (seed ${results.seed}): the six WCO regions, ~180 Members with five
  officials each, 15 annual themes (${"2011–2025"}) with 3–4 pillars, and N meetings with 8–12 agenda items (1–3 topics,
  0–2 speakers each, 40% on a pillar of the year's theme) and 5 participants; 2% undated, ~5% without host, 1%
  without region, 10% with a news item. It is written through the product's import path
  (\`DirectoryService.import\`, the code behind \`npm run import\`), one directory file per 2,500 meetings, and cached
  under \`bench/.data/cache/\` keyed by scale, seed, generator version and a hash of the migrations. The import time is
  the one measured when the file was generated.
- **Servers**: the gateway is started as \`npm start\` starts it (\`NODE_ENV=production node dist/src/app/main.js\`, with
  \`DATABASE_URL\`, \`PORT\`, \`HOST=127.0.0.1\`, \`RATE_LIMIT_ENABLED=false\`, \`LOG_LEVEL=warn\`) on a scratch copy of
  the database. The baseline is a bare \`node:http\` handler (\`bench/baseline/\`) answering Q1 and Q2 with
  hand-written SQL (\`sqlite3\`) over the same file. ${results.machine.pinning}.
- **Load**: autocannon, in the bench process, over loopback, at ${results.settings.connections.join(" and ")} connections. Each round is one continuous
  load: a warm-up of at least ${results.settings.warmupSeconds} s (longer until every connection has had an answer, since a slow query at 50
  connections takes seconds to answer), then a ${results.settings.durationSeconds} s measured window while the load goes on. Before its first
  timed round, each freshly started gateway gets untimed load (Q1, Q2 and Q3 in turn, 10 connections, ${results.settings.processWarmUpSeconds ?? 0} s each):
  V8 optimises the hot paths over the first thousands of requests, and a cold process measured up to 1.5× the CPU
  per request of the same round a minute later. Latency
  percentiles come from autocannon's per-response hrtime durations of the responses completed in the window. CPU µs per
  request is the server's user + system time (/proc/<pid>/stat) over the window divided by those responses. After each
  round the bench waits until the server is idle (abandoned requests are still answered). "RSS after" is VmRSS then;
  peak RSS is VmHWM after all rounds.
- **Queries** (documents in \`bench/queries.ts\`): Q1 \`meeting(slug:)\` with host and region, a random slug per request
  from a fixed list of ${"1,000"}; Q2 the first page of 50 meetings with host, region, theme, agenda items and their
  speakers; Q3 \`meetings\` filtered by region ${Q3_FILTER.regionCode}, ${Q3_FILTER.startDateFrom} to ${Q3_FILTER.startDateTo} and one pillar per year, a page of
  ${Q3_FILTER.pageSize} starting at ${Q3_FILTER.depth * 100}% of the filtered list (cursor found by paging beforehand); Q4 the dashboard aggregate
  \`regionalActivity\` (2021–2025 by quarter, every region), when the schema has it; Q5 \`updateMeeting\` of a summary with an editor token; Q6 \`meetings(filter: { titleContains: "${TEXT_SEARCH.titleContains}" })\`,
  a page of 20 with its total, and Q7 \`search(text: "${TEXT_SEARCH.search}")\`, a ranked page of 20 with snippets and its total (both through the
  search index, at ${TEXT_SEARCH.connections} connections only).
- **Response cache**: the gateway caches anonymous query responses by document, operation name and variables. Q1–Q4, Q6 and Q7
  measure the resolution path: each request carries a \`benchNonce\` variable the operations do not declare (GraphQL
  ignores it, the cache key does not), so every request misses (the "Cache hits" column shows 0%). "Q2 repeated
  (cached)" sends one identical request, as a polling dashboard would; its throughput over uncached Q2 is the cache's
  speedup. Before anything is timed, one request of each query must answer without errors; a query that fails is
  reported and not measured.
- **SQL statements per request**: \`db_query_duration_seconds_count\` from \`/metrics\` before and after each of
  up to 20 (quick: 10) sequential, uncached requests (10 s at most per query); the median is reported, with the mean latency of
  those requests ("one request alone"). A round is skipped, with a note, when its connections would queue more than
  10 s of such work at once.
- **Equality**: before timing, the gateway's and the baseline's \`data\` must be identical, field order included, for
  Q1 (with a meeting without host, one without region, an undated one and an unknown slug) and Q2 (first 1, 10, 50,
  100). The gateway adds \`extensions.cost\` to every response, so only \`data\` is compared.
- **SQLite drivers**: the gateway opens SQLite with \`sqlite3\` by default; \`SQLITE_DRIVER=better-sqlite3\` (TypeORM
  0.3.31 supports both) switches to the synchronous driver. At each scale, after the main rounds, a second gateway is
  started exactly like the first (same working copy, pinning and environment) but with \`SQLITE_DRIVER=better-sqlite3\`
  (the bench checks that \`better_sqlite3.node\` is loaded in it). Before timing, its Q1 and Q2 \`data\` must equal the
  sqlite3 gateway's for the same slugs and pages as above (uncached requests to both; a difference fails the run and
  nothing is timed). Then the sqlite3 gateway and the baseline stop, and the second gateway answers Q1, Q2 and Q4
  (uncached, as above) at ${DRIVERS.connections} connections with the same warm-up and window; the sqlite3 numbers are the main rounds' at
  ${DRIVERS.connections} connections. Its SQL statements per request come from ${DRIVERS.sqlSampleRequests} sequential requests; Q2's must equal sqlite3's. A query is
  not run on better-sqlite3 when sqlite3 has no round to compare it with (Q4 at 100,000 meetings). The import is
  timed with each driver too: the generator CLI (which opens the database through \`withDatabase\`, like
  \`npm run import\`) imports the run's smallest scale (and, in a full run, 10,000 meetings) once with
  each driver into scratch files, which must end with the same rows. The sqlite3 rounds ran earlier than the
  better-sqlite3 ones, before the Q5 writes; the Q5 edits change summaries and the audit trail, which Q1, Q2 and Q4 do
  not read. Each gateway is a fresh process that gets faster over its first thousands of requests as V8 optimises its
  code, so both are warmed alike before their first timed round (see **Load**), and the better-sqlite3 rounds come in
  the main rounds' order (Q1, Q2, then Q4); but one round per driver is a small sample on a shared machine: read the ratios with the "other load"
  column, and re-run before concluding from a difference of less than about 25%. The gateway's default stays \`sqlite3\` unless these numbers say otherwise, and throughput is not the only
  consideration: better-sqlite3 is synchronous, so while a statement waits on SQLite's busy timeout (for instance behind
  a command-line import holding the write lock, up to \`SQLITE_BUSY_TIMEOUT_MS\`, 5 s by default) the gateway's whole event loop waits with it (every other
  request, health checks and subscriptions included), where sqlite3 waits on a worker thread and the event loop goes on.
- **p99 growth**: ${
    results.growth
      ? `the Q1/Q3 target compares ${n0(results.growth.smallScale)} with ${n0(results.growth.largeScale)} meetings in rounds of their own, after the
  per-scale rounds: both gateways run side by side on the servers' core (only the one under load is busy) and take
  turns, smaller scale first in even rounds and larger first in odd ones, ${results.growth.rounds} round(s) each per query and
  number of connections (${results.growth.warmupSeconds} s warm-up, ${results.growth.durationSeconds} s window). Each scale's p99 is the median of its rounds. The
  main table's rounds of two scales are minutes apart, and on a shared virtual machine the same gateway, query and file
  vary by 20–40% in CPU per request from one minute to the next (one window's p99 moved by ±30% between runs);
  alternating puts both scales under the same conditions, and the median drops a round that a pause of the host spoiled.`
      : "not measured in this run (it needs two scales)."
  }
- **Targets** (marked, never failing the run): Q1/Q3 median p99 at the largest scale ≤ ${TARGETS.p99GrowthMax}× the smallest; Q2 gateway
  (uncached) ≥ ${TARGETS.q2BaselineRatioMin}× baseline throughput; repeated (cached) Q2 ≥ ${TARGETS.cacheSpeedupMin}× uncached Q2; peak RSS < ${mb(TARGETS.peakRssMaxBytes)};
  start-up < ${TARGETS.startupMaxMs / 1000} s; import of ${n0(TARGETS.importTargetScale)} meetings < ${TARGETS.importMaxMs / 1000} s.

## Results

Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, Node.js ${results.machine.node}; load average at start
${results.machine.loadAverageAtStart.join(" / ")}. "Other load on server core" is the share of the servers' core that other processes
used during the measured window (from /proc/stat): where it is high, the machine was busy and the numbers are pessimistic.

${loadTable(results.scales)}

### Data, import and start-up

${scaleTable(results.scales)}

### SQL statements per request, and one request alone

${sqlTable(results.scales)}

### Driver comparison: sqlite3 (default) against better-sqlite3

Ratios are better-sqlite3 over sqlite3: above 1× for req/s, below 1× for p99 and CPU favour better-sqlite3. The
rounds of the two drivers ran at different times: where "other load on server core" differs much between them, other
processes weighed on one driver's numbers more than on the other's (CPU µs per request is the least affected).

${driverTable(results.scales)}

One slow statement against everything else: at the run's largest scale, cached Q2 (answered from the response
cache, no SQL) at ${DRIVERS.connections} connections while one more client sends uncached Q4 back to back, on each driver's gateway.
With \`sqlite3\` the aggregate runs on a worker thread and the event loop goes on answering; \`better-sqlite3\` runs
it on the event loop, which answers nothing else (cache hits, health checks, subscriptions) until it returns.

${headOfLineTable(results.scales)}

Import through the command-line import path, by driver (scratch files, not the cache):

${driverImportTable(results.driverImports)}

${driverGatewayLines(results.scales)}

${
  results.growth
    ? `### p99 growth: ${n0(results.growth.smallScale)} against ${n0(results.growth.largeScale)} meetings, alternating rounds

${growthTable(results.growth)}

`
    : ""
}${
    results.pipeline
      ? `### The request pipeline: what each protection costs, and what attacks cost (${n0(results.pipeline.scale)} meetings)

Q1 at 10 connections on gateways started side by side, one per configuration: every protection on (the rate
limiter charging a budget the load never spends, the access log at \`info\`), then each protection off in turn,
in ${results.pipeline.rounds} alternating round(s) (forward, then backward); a protection's price is the all-on median less its own.

${protectionTable(results.pipeline)}

Each attack of \`bench/attacks.ts\` sent 10 times from one address to a gateway with the default limits (rate
limiting on, response cache off): its answer and the gateway's CPU per attack; then a client at a dashboard's pace
while \`bench/load/attackers.js\` attacks from four addresses at once.

${attackTable(results.pipeline)}

`
      : ""
  }${
    peers
      ? `${peers.trim().replace(/^(#+) /gm, "##$1 ")}

`
      : ""
  }### Checks

${failed.length ? `**${failed.filter((c) => c.kind === "assertion").length} assertion(s) and ${failed.filter((c) => c.kind === "target").length} target(s) failed.**` : "All checks passed."}

${checksTable(results)}

### Latency against scale

![p50 and p99 latency of each query against the number of meetings](${chartPath})

${largest ? `### Query plans (${n0(largest.scale)} meetings)\n\nThe statements the gateway ran for one request (captured with \`LOG_SQL=true LOG_LEVEL=debug\`) and\n\`EXPLAIN QUERY PLAN\` of each with its own parameters. Q3's filter: \`${JSON.stringify(largest.q3.filter)}\`\n(${n0(largest.q3.matches)} matches; the page starts at position ${n0(largest.q3.cursorPosition)}).\n\n${explainSection(largest)}` : ""}
${results.notes.length ? `\n## Notes\n\n${results.notes.map((n) => `- ${n}`).join("\n")}\n` : ""}${designMeasurements ? `\n${designMeasurements.trim()}\n` : ""}`;
}
