import type { Metric, Registry } from "prom-client";

/** One sample of the exposition, as prom-client's registry reads them from a metric's `get()`. */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
  /** prom-client sets this on bucket samples (null without exemplars); kept so the JSON form matches too. */
  exemplar?: null;
}

/**
 * A histogram without labels that records an observation with a few additions, for values observed many times per
 * request (the duration of every SQL statement): prom-client's `Histogram#observe` hashes its (empty) label set and
 * looks its series up on every call, and with the two `process.hrtime.bigint()` readings around each statement that
 * was a noticeable part of a lookup (docs/benchmarks.md). The buckets, sum and count are kept here and handed to
 * prom-client's registry in its own format when /metrics is read, so the exposition is the same as a prom-client
 * Histogram's; test/adapters.test.ts compares the two and fails if prom-client's format changes.
 */
export class FastHistogram {
  readonly aggregator = "sum" as const;
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    this.counts = new Float64Array(buckets.length);
    // prom-client's registry reads a metric through `name`, `get()`, `reset()` and `aggregator`; its types
    // name only its own classes, hence the cast.
    registry.registerMetric(this as unknown as Metric);
  }

  /** Records one value (in the histogram's unit). */
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    const { buckets, counts } = this;
    for (let i = 0; i < buckets.length; i++) {
      if (value <= buckets[i]!) {
        counts[i]! += 1;
        return;
      }
    }
  }

  async get(): Promise<{ name: string; help: string; type: "histogram"; aggregator: "sum"; values: Sample[] }> {
    const values: Sample[] = [];
    let cumulative = 0;
    this.buckets.forEach((bound, i) => {
      cumulative += this.counts[i]!;
      values.push({ metricName: `${this.name}_bucket`, labels: { le: bound }, value: cumulative, exemplar: null });
    });
    values.push({ metricName: `${this.name}_bucket`, labels: { le: "+Inf" }, value: this.count, exemplar: null });
    values.push({ metricName: `${this.name}_sum`, labels: {}, value: this.sum });
    values.push({ metricName: `${this.name}_count`, labels: {}, value: this.count });
    return { name: this.name, help: this.help, type: "histogram", aggregator: this.aggregator, values };
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}
