import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { FastHistogram } from "../adapters/prom-client-histogram";

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_LABELS = 200;

/**
 * Prometheus metrics (prom-client), served at /metrics. Operation names come from clients, so only known
 * operations become label values (see `operationLabel`): a flood of made-up names can neither blow up memory
 * nor take the label slots of real operations.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Names of operations sent by token holders, labelled while fewer than MAX_OPERATION_LABELS. */
  private readonly tokenOperations = new Set<string>();
  /** Operation names labelled for anyone: the dashboard's own and those listed in METRICS_OPERATION_NAMES. */
  private readonly listedOperations: ReadonlySet<string>;

  readonly requests = new Counter({
    name: "graphql_requests_total",
    help: "GraphQL operations answered, by operation name and type.",
    labelNames: ["operation", "type"] as const,
    registers: [this.registry],
  });

  readonly duration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time from receiving a GraphQL request to sending its response, by operation name.",
    labelNames: ["operation", "type"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: "graphql_errors_total",
    help: "Errors returned to clients, by extensions.code.",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly rejected = new Counter({
    name: "graphql_rejected_total",
    help: "Operations refused by a limit before running: depth, aliases, directives, tokens, size, cost, rate.",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  readonly responseCacheHits = new Counter({
    name: "graphql_response_cache_hits_total",
    help: "Anonymous queries answered from the response cache, before the GraphQL pipeline.",
    registers: [this.registry],
  });

  /** Observed for every SQL statement, so kept by a histogram that costs a few additions per observation. */
  readonly dbQueryDuration = new FastHistogram(
    "db_query_duration_seconds",
    "Duration of each SQL statement.",
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    this.registry,
  );

  constructor(
    listedOperations: Iterable<string> = [],
    /** False: nothing is counted or timed per request (METRICS_ENABLED=false, to measure what metrics cost). */
    readonly enabled = true,
  ) {
    this.listedOperations = new Set(listedOperations);
    if (enabled) collectDefaultMetrics({ register: this.registry });
  }

  /** The counter and histogram of each operation label and type, bound once (prom-client hashes labels per call). */
  private readonly bound = new Map<string, { count: () => void; time: (seconds: number) => void }>();

  /** Counts and times one answered GraphQL request. */
  recordRequest(labels: { operation: string; type: string }, seconds: number): void {
    if (!this.enabled) return;
    const key = `${labels.type}:${labels.operation}`;
    let series = this.bound.get(key);
    if (!series) {
      const counter = this.requests.labels(labels);
      const histogram = this.duration.labels(labels);
      series = { count: () => counter.inc(), time: (value) => histogram.observe(value) };
      this.bound.set(key, series);
    }
    series.count();
    series.time(seconds);
  }

  /**
   * The label value for an operation: its name when it is listed, or sent by a token holder (tokens are issued
   * by administrators, so their names are few; the first MAX_OPERATION_LABELS get a label); `unlisted` for any
   * other named operation, whoever sends it; `anonymous` for an operation without a name.
   */
  operationLabel(name: string | null | undefined, fromTokenHolder: boolean): string {
    if (!name) return "anonymous";
    if (this.listedOperations.has(name)) return name;
    if (!fromTokenHolder || !OPERATION_NAME.test(name)) return "unlisted";
    if (this.tokenOperations.has(name)) return name;
    if (this.tokenOperations.size >= MAX_OPERATION_LABELS) return "other";
    this.tokenOperations.add(name);
    return name;
  }
}
