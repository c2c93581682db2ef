import type { Profile } from "./config";
import { TARGETS } from "./config";
import type { LoadResult } from "./load/runner";
import { ensureDatabase, removeWorkingCopy, workingCopy } from "./generate/cache";
import { prepareInputs } from "./prepare";
import type { RunningServer } from "./process/gateway";
import { startGateway } from "./process/gateway";
import type { GrowthComparison, GrowthP50Comparison, GrowthResult, GrowthRound, QueryId } from "./report/types";
import type { QuerySpec, ScaleContext } from "./scenario";
import { measureRound, readSpecs, roundLine, warmUp } from "./scenario";

/** The queries whose p99 must not grow with the directory (the Q1 and Q3). */
export const GROWTH_QUERIES = ["Q1", "Q3"] as const;

/**
 * The queries whose p50 must not grow with the directory (the dashboard aggregate, Q4, which the maintained
 * summary answers), at the one number of connections its target names.
 */
export const P50_GROWTH_QUERIES = ["Q4"] as const;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Side {
  scale: number;
  gateway: RunningServer;
  work: string;
  specs: QuerySpec[];
}

async function openSide(scale: number, ctx: ScaleContext): Promise<Side> {
  const database = await ensureDatabase(scale, ctx.seed, { regenerate: false, core: ctx.pinning.serverCore });
  const work = workingCopy(database.file, scale);
  try {
    const gateway = await startGateway({ database: work, core: ctx.pinning.serverCore });
    try {
      const inputs = await prepareInputs(gateway.url);
      const specs = readSpecs(database.meta, inputs, ctx.seed);
      await warmUp(gateway, specs, ctx);
      return { scale, gateway, work, specs };
    } catch (error) {
      await gateway.child.stop();
      throw error;
    }
  } catch (error) {
    removeWorkingCopy(work);
    throw error;
  }
}

async function closeSide(side: Side | undefined): Promise<void> {
  if (!side) return;
  await side.gateway.child.stop();
  removeWorkingCopy(side.work);
}

/**
 * p99 at the smallest scale against the largest, measured in alternating rounds of two gateways that run
 * side by side (same core; only the one under load is busy). The per-scale rounds of the main table are
 * minutes apart, and on a shared virtual machine the same gateway, query and file vary by 20–40% in CPU per
 * request from one minute to the next; alternating the scales (small, large, large, small, …) puts both under
 * the same conditions, and the median of each scale's rounds discards a round that a pause of the host spoiled.
 * Q4's p50 is compared the same way, after Q1's and Q3's p99.
 */
export async function measureGrowth(
  smallScale: number,
  largeScale: number,
  ctx: ScaleContext,
  settings: NonNullable<Profile["growth"]>,
): Promise<GrowthResult> {
  const started = performance.now();
  const roundCtx: ScaleContext = {
    ...ctx,
    profile: { ...ctx.profile, warmupSeconds: settings.warmupSeconds, durationSeconds: settings.durationSeconds },
  };
  const rounds: GrowthRound[] = [];
  const comparisons: GrowthComparison[] = [];
  const p50Comparisons: GrowthP50Comparison[] = [];
  let small: Side | undefined;
  let large: Side | undefined;
  try {
    small = await openSide(smallScale, ctx);
    large = await openSide(largeScale, ctx);
    ctx.log(`  gateways ready: ${smallScale.toLocaleString("en")} and ${largeScale.toLocaleString("en")} meetings`);
    /**
     * Alternating rounds of `query` on both gateways (ABBA order: neither scale always runs first, right after the
     * other's load), then the median of `metric` at each scale and their ratio.
     */
    const alternate = async (query: QueryId, connections: number, metric: (load: LoadResult) => number) => {
      for (let round = 0; round < settings.rounds; round += 1) {
        for (const side of round % 2 === 0 ? [small!, large!] : [large!, small!]) {
          const spec = side.specs.find((s) => s.id === query);
          if (!spec) throw new Error(`${query} cannot be built at ${side.scale} meetings`);
          const { load, rssAfterBytes } = await measureRound(side.gateway, spec, connections, roundCtx);
          rounds.push({ query, connections, scale: side.scale, round, load });
          ctx.log(roundLine(query, `${side.scale / 1000}k`, load, rssAfterBytes));
        }
      }
      const of = (scale: number, value: (load: LoadResult) => number) =>
        rounds
          .filter((r) => r.query === query && r.connections === connections && r.scale === scale)
          .map((r) => value(r.load));
      const cpu = (load: LoadResult) => load.cpuMicrosPerRequest;
      const smallValues = of(smallScale, metric);
      const largeValues = of(largeScale, metric);
      const smallMedian = median(smallValues);
      const largeMedian = median(largeValues);
      return {
        smallValues,
        largeValues,
        smallMedian,
        largeMedian,
        ratio: Math.round((largeMedian / smallMedian) * 100) / 100,
        smallMedianCpuMicros: Math.round(median(of(smallScale, cpu))),
        largeMedianCpuMicros: Math.round(median(of(largeScale, cpu))),
      };
    };
    for (const query of GROWTH_QUERIES) {
      for (const connections of ctx.profile.connections) {
        const c = await alternate(query, connections, (load) => load.latencyMs.p99);
        comparisons.push({
          query,
          connections,
          smallP99s: c.smallValues,
          largeP99s: c.largeValues,
          smallMedianP99: c.smallMedian,
          largeMedianP99: c.largeMedian,
          ratio: c.ratio,
          smallMedianCpuMicros: c.smallMedianCpuMicros,
          largeMedianCpuMicros: c.largeMedianCpuMicros,
        });
        ctx.log(
          `    ${query} c=${connections}: median p99 ${c.largeMedian.toFixed(1)} ms vs ${c.smallMedian.toFixed(1)} ms (${c.ratio.toFixed(2)}×)`,
        );
      }
    }
    for (const query of P50_GROWTH_QUERIES) {
      const connections = TARGETS.q4Connections;
      // Q4 exists once the schema has the dashboard query (bench/dashboard.ts); without it there is nothing to compare.
      if (!small.specs.some((s) => s.id === query) || !large.specs.some((s) => s.id === query)) continue;
      const c = await alternate(query, connections, (load) => load.latencyMs.p50);
      p50Comparisons.push({
        query,
        connections,
        smallP50s: c.smallValues,
        largeP50s: c.largeValues,
        smallMedianP50: c.smallMedian,
        largeMedianP50: c.largeMedian,
        ratio: c.ratio,
        smallMedianCpuMicros: c.smallMedianCpuMicros,
        largeMedianCpuMicros: c.largeMedianCpuMicros,
      });
      ctx.log(
        `    ${query} c=${connections}: median p50 ${c.largeMedian.toFixed(1)} ms vs ${c.smallMedian.toFixed(1)} ms (${c.ratio.toFixed(2)}×)`,
      );
    }
  } finally {
    await closeSide(small);
    await closeSide(large);
  }
  return {
    smallScale,
    largeScale,
    rounds: settings.rounds,
    warmupSeconds: settings.warmupSeconds,
    durationSeconds: settings.durationSeconds,
    comparisons,
    p50Comparisons,
    measurements: rounds,
    wallMs: Math.round(performance.now() - started),
  };
}
