import type { ExplainedStatement } from "../explain";
import type { LatencySummary, LoadResult } from "../load/runner";
import type { SqliteDriver } from "../process/gateway";

export type QueryId = "Q1" | "Q2" | "Q2-cached" | "Q3" | "Q4" | "Q5" | "Q6" | "Q7";
export type Server = "gateway" | "baseline";

export interface QueryRun {
  query: QueryId;
  server: Server;
  load: LoadResult;
  /** The server's resident set size once the run's requests were all answered. */
  rssAfterBytes: number;
}

/** One load round of the gateway opened with better-sqlite3 (its sqlite3 counterpart is the main round). */
export interface DriverRun {
  query: QueryId;
  load: LoadResult;
  rssAfterBytes: number;
}

/** Q1 measured with one configuration of the protections (bench/pipeline.ts). */
export interface ProtectionConfiguration {
  name: string;
  /** The protection this configuration switches off; null for the configuration with every protection on. */
  protection: string | null;
  env: Record<string, string>;
  /** One value per alternating round. */
  cpuMicrosPerRequest: number[];
  medianCpuMicrosPerRequest: number;
  medianRequestsPerSecond: number;
}

/** One attack of bench/attacks.ts, sent to a gateway with the default limits. */
export interface AttackResult {
  name: string;
  expected: { status: number; code: string };
  answered: { status: number; code: string | null };
  /** The gateway's CPU per attack (10 sent one after the other, from one address). */
  cpuMsPerAttack: number;
}

/** Protection prices and attacks (issue 12), at one scale. */
export interface PipelineResult {
  scale: number;
  rounds: number;
  configurations: ProtectionConfiguration[];
  attacks: AttackResult[];
  /** A client's `{ regions { code } }` at a dashboard's pace while four attackers send new costly documents. */
  probe: {
    requests: number;
    failed: number;
    latencyMs: LatencySummary;
    attackersAnswered: Record<string, number>;
  };
  wallMs: number;
}

/** Cached Q2 while one other client loops uncached Q4 on the same gateway (the run's largest scale only). */
export interface HeadOfLine {
  connections: number;
  /** The cached Q2 round. */
  load: LoadResult;
  /** Q4 requests answered while the round ran, and their mean latency. */
  aggregatesCompleted: number;
  aggregateMeanMs: number | null;
}

/**
 * The gateway started a second time, exactly like the first but with SQLITE_DRIVER=better-sqlite3, over the
 * same working copy after the main rounds; compared with the main (sqlite3) gateway's rounds at the same
 * number of connections.
 */
export interface DriverComparison {
  driver: "better-sqlite3";
  connections: number;
  /** better-sqlite3's native module was loaded by the second gateway (from /proc/<pid>/maps). */
  driverLoaded: boolean;
  /** Spawn → first 200 from /readyz; null when it did not start (equality then fails with the reason). */
  spawnToReadyzMs: number | null;
  /** Q1 and Q2 `data` of both gateways, compared before timing (uncached requests to both). */
  equality: { pass: boolean; detail: string; q1Slugs: number; q2Pages: number[] };
  /** Same keys and method as ScaleResult.sqlPerRequest (fewer sequential requests). */
  sqlPerRequest: Record<string, number>;
  aloneMs: Record<string, number>;
  runs: DriverRun[];
  /** Rounds not run, with the reason. */
  skipped: string[];
  /** Cached Q2 while Q4 loops, on this driver (the run's largest scale only). */
  headOfLine: HeadOfLine | null;
  peakRssBytes: number;
  /** Where the added time went: start-up, equality, SQL counts, load rounds (with quiescing), stop. */
  phasesMs: { start: number; equality: number; sql: number; rounds: number; stop: number };
  /** Wall time the comparison added at this scale (the sum of phasesMs). */
  wallMs: number;
}

/** One import of the synthetic directory through the generator CLI, with SQLITE_DRIVER set to `driver`. */
export interface DriverImport {
  scale: number;
  driver: SqliteDriver;
  /** As GenerationMeta: the `DirectoryService.import` calls only. */
  importMs: number;
  importMsPerMeeting: number;
  /** The whole generator process: start, migrations, building the files, import, counts. */
  processMs: number;
  fileBytes: number;
  counts: Record<string, number>;
}

export interface ScaleResult {
  scale: number;
  database: {
    cacheKey: string;
    fileBytes: number;
    counts: Record<string, number>;
    importMs: number;
    importMsPerMeeting: number;
    /** Import time of the first and the last file of 2,500 meetings (absent in caches made before it was kept). */
    firstChunkImportMs: number | null;
    lastChunkImportMs: number | null;
    generateMs: number;
    importMeasuredAt: string;
    /** Generated (and so imported and timed) during this run. */
    importMeasuredThisRun: boolean;
    /** The import code changed since the cached import time was measured. */
    importCodeChangedSince: boolean;
  };
  startup: { spawnToReadyLogMs: number; startupMs: number; spawnToReadyzMs: number };
  /** SQL statements per request (median), from db_query_duration_seconds_count around sequential requests. */
  sqlPerRequest: Record<string, number>;
  /** Mean latency of one request alone (sequential, uncached), by the same keys. */
  aloneMs: Record<string, number>;
  runs: QueryRun[];
  /** Cached Q2 while Q4 loops, on the main (sqlite3) gateway (the run's largest scale only). */
  headOfLine: HeadOfLine | null;
  gatewayPeakRssBytes: number;
  baselinePeakRssBytes: number;
  q3: { filter: Record<string, unknown>; matches: number; cursorPosition: number };
  explain: Partial<Record<"Q1" | "Q2" | "Q3", ExplainedStatement[]>>;
  equality: { q1Slugs: number; q2Pages: number[] };
  /** Queries that answered with an error before timing, and were not measured. */
  failedQueries: string[];
  /** The same rounds on better-sqlite3; null when the comparison was not run. */
  drivers: DriverComparison | null;
  notes: string[];
}

/** One round of the interleaved p99-growth comparison (bench/growth.ts). */
export interface GrowthRound {
  query: QueryId;
  connections: number;
  scale: number;
  /** 0-based; even rounds ran the smaller scale first, odd ones the larger. */
  round: number;
  load: LoadResult;
}

/** One query at one number of connections: each scale's p99 per round, their medians and the ratio. */
export interface GrowthComparison {
  query: QueryId;
  connections: number;
  smallP99s: number[];
  largeP99s: number[];
  smallMedianP99: number;
  largeMedianP99: number;
  /** largeMedianP99 / smallMedianP99. */
  ratio: number;
  /** Median server CPU per request of each scale's rounds (absent in results written before it was kept). */
  smallMedianCpuMicros?: number;
  largeMedianCpuMicros?: number;
}

/** p99 of Q1 and Q3 at the smallest against the largest scale, in alternating rounds of both gateways. */
export interface GrowthResult {
  smallScale: number;
  largeScale: number;
  rounds: number;
  warmupSeconds: number;
  durationSeconds: number;
  comparisons: GrowthComparison[];
  measurements: GrowthRound[];
  wallMs: number;
}

export interface Check {
  name: string;
  /** Assertions fail the run; targets are reported only. */
  kind: "assertion" | "target";
  pass: boolean;
  detail: string;
}

export interface BenchResults {
  mode: "quick" | "full";
  startedAt: string;
  durationSeconds: number;
  seed: number;
  machine: { cpus: number; cpuModel: string; node: string; pinning: string; loadAverageAtStart: number[] };
  git: { head: string; uncommittedFiles: number };
  settings: { warmupSeconds: number; durationSeconds: number; connections: number[]; processWarmUpSeconds?: number };
  documents: Record<string, string>;
  scales: ScaleResult[];
  /** Import time by SQLite driver, into scratch files (not the cache). */
  driverImports: DriverImport[];
  /** The interleaved p99 comparison of the smallest and largest scale; null with a single scale. */
  growth: GrowthResult | null;
  /** What the request pipeline's protections cost, and what attacks cost the gateway. */
  pipeline: PipelineResult | null;
  checks: Check[];
  notes: string[];
}
