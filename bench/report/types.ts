import type { ExplainedStatement } from "../explain";
import type { LoadResult } from "../load/runner";

export type QueryId = "Q1" | "Q2" | "Q2-cached" | "Q3" | "Q4" | "Q5";
export type Server = "gateway" | "baseline";

export interface QueryRun {
  query: QueryId;
  server: Server;
  load: LoadResult;
  /** The server's resident set size once the run's requests were all answered. */
  rssAfterBytes: number;
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
  gatewayPeakRssBytes: number;
  baselinePeakRssBytes: number;
  q3: { filter: Record<string, unknown>; matches: number; cursorPosition: number };
  explain: Partial<Record<"Q1" | "Q2" | "Q3", ExplainedStatement[]>>;
  equality: { q1Slugs: number; q2Pages: number[] };
  /** Queries that answered with an error before timing, and were not measured. */
  failedQueries: string[];
  notes: string[];
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
  settings: { warmupSeconds: number; durationSeconds: number; connections: number[] };
  documents: Record<string, string>;
  scales: ScaleResult[];
  checks: Check[];
  notes: string[];
}
