/** How long and how hard each mode loads the servers. The full mode fits in 10 minutes on 2 cores. */
export interface Profile {
  mode: "quick" | "full";
  scales: number[];
  warmupSeconds: number;
  durationSeconds: number;
  connections: number[];
  /** Untimed load per read query (Q1–Q3, 10 connections) on each fresh gateway before its first timed round. */
  processWarmUpSeconds: number;
  /** Sequential requests per query for SQL statements per request (read from /metrics around them). */
  sqlSampleRequests: number;
  /** Connections for the response-cache comparison (Q2 repeated vs Q2 uncached). */
  cacheConnections: number;
  /** Regenerate the smallest scale even when cached, so its import time is measured in this run. */
  remeasureSmallestImport: boolean;
  /** Scales imported once per SQLite driver into scratch files, besides the run's smallest (see DRIVERS). */
  driverImportScales: number[];
  /**
   * The p99-growth comparison (bench/growth.ts): this many alternating rounds per scale, query and number of
   * connections, each with its own warm-up and window. Runs when the run has two scales or more.
   */
  growth: { rounds: number; warmupSeconds: number; durationSeconds: number } | null;
  /**
   * Alternating rounds of the protection prices (bench/pipeline.ts): six gateways measured side by side. None in
   * the quick mode, whose one short round could not tell a 10 µs price from the noise; its attacks still run.
   */
  protectionRounds: number;
}

export const PROFILES: Record<Profile["mode"], Profile> = {
  quick: {
    mode: "quick",
    scales: [1_000],
    warmupSeconds: 0.5,
    durationSeconds: 2,
    processWarmUpSeconds: 1,
    connections: [10, 50],
    sqlSampleRequests: 10,
    cacheConnections: 10,
    remeasureSmallestImport: true,
    driverImportScales: [],
    growth: { rounds: 1, warmupSeconds: 0.5, durationSeconds: 2 },
    protectionRounds: 0,
  },
  full: {
    mode: "full",
    scales: [1_000, 10_000, 100_000],
    warmupSeconds: 1,
    durationSeconds: 4,
    processWarmUpSeconds: 2,
    connections: [10, 50],
    sqlSampleRequests: 20,
    cacheConnections: 10,
    remeasureSmallestImport: false,
    driverImportScales: [10_000],
    growth: { rounds: 3, warmupSeconds: 1, durationSeconds: 3 },
    protectionRounds: 3,
  },
};

/**
 * The SQLite driver comparison: after the main rounds, a second gateway with SQLITE_DRIVER=better-sqlite3
 * answers these queries at this many connections (the main sqlite3 gateway's rounds are the reference),
 * and the import is timed with each driver.
 */
export const DRIVERS = {
  connections: 10,
  queries: ["Q1", "Q2", "Q4"] as const,
  /** Sequential requests per query for SQL statements per request (median). */
  sqlSampleRequests: 3,
  /** Imports by driver stop here: two imports of 100,000 meetings would take minutes. */
  importMaxScale: 10_000,
};

/** Reported with pass/fail marks; they never fail the run (the assertions in checks.ts do). */
export const TARGETS = {
  /** Q1/Q3 median p99 at the largest scale within this factor of the smallest (interleaved rounds). */
  p99GrowthMax: 1.5,
  /** Q2 gateway throughput at least this fraction of the baseline's. */
  q2BaselineRatioMin: 0.25,
  /** Q2 repeated (served from the response cache) over Q2 uncached. */
  cacheSpeedupMin: 3,
  peakRssMaxBytes: 300 * 1024 * 1024,
  startupMaxMs: 3_000,
  /** Importing 100,000 meetings. */
  importMaxMs: 60_000,
  /** Q6 (`titleContains`, uncached) at TEXT_SEARCH.targetScale, TEXT_SEARCH.connections. */
  titleContainsMinRps: 200,
  /** Q7 (`search`, uncached) p50 at TEXT_SEARCH.targetScale, TEXT_SEARCH.connections. */
  searchP50MaxMs: 20,
  importTargetScale: 100_000,
};

/** Q3: a region, a five-year window and the first pillar of each of those years' themes. */
export const Q3_FILTER = {
  regionCode: "EUROPE",
  startDateFrom: "2016-01-01",
  startDateTo: "2020-12-31",
  pageSize: 20,
  /** Where in the filtered list the measured page starts, as a fraction of its length. */
  depth: 0.75,
};

export const Q2_PAGE = 50;

/**
 * Q6 and Q7, the search index's rows: measured at this many connections only. `titleContains` looks for a word
 * fragment in about 2% of generated titles ("Customs laboratories", one topic of 24); `search` for a country
 * fragment that also matches Members, people's offices' places and summaries (a few hundred rows at 100,000).
 */
export const TEXT_SEARCH = {
  titleContains: "laborator",
  search: "Kazakh",
  connections: 10,
  targetScale: 100_000,
};
