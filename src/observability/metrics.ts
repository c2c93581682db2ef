import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_LABELS = 200;

/**
 * Prometheus metrics (prom-client), served at /metrics. Operation names come from clients, so they are
 * checked and capped before becoming label values: a flood of random names cannot blow up memory.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly knownOperations = new Set<string>();

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

  readonly dbQueryDuration = new Histogram({
    name: "db_query_duration_seconds",
    help: "Duration of each SQL statement.",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A label value for an operation name: the name itself while few distinct names have been seen. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return "anonymous";
    if (!OPERATION_NAME.test(name)) return "invalid";
    if (this.knownOperations.has(name)) return name;
    if (this.knownOperations.size >= MAX_OPERATION_LABELS) return "other";
    this.knownOperations.add(name);
    return name;
  }
}
