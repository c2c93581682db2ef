import type { Profile } from "../config";
import { TARGETS, TEXT_SEARCH } from "../config";
import { isDeepStrictEqual } from "node:util";
import type { LoadResult } from "../load/runner";
import type { Check, DriverImport, GrowthResult, PipelineResult, QueryId, ScaleResult, Server } from "./types";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const fmtScale = (scale: number) => scale.toLocaleString("en");

export function findRun(result: Pick<ScaleResult, "runs">, query: QueryId, server: Server, connections: number) {
  return result.runs.find((r) => r.query === query && r.server === server && r.load.connections === connections)?.load;
}

/**
 * Failed answers of a round: autocannon counts timeouts among connection errors, but a timeout is
 * slowness, reported as a target instead.
 */
const errorsOf = ({ load }: { load: LoadResult }) =>
  load.non2xx + load.graphqlErrors + (load.connectionErrors - load.timeouts);

/**
 * Assertions (they fail the run whatever the timings): SQL statements per request independent of page size
 * and data size, no errors under load. Response equality is asserted before timing (equality.ts) and
 * recorded here. Targets are timing goals, reported with a mark only.
 */
export function evaluate(
  scales: ScaleResult[],
  profile: Profile,
  driverImports: DriverImport[] = [],
  growth: GrowthResult | null = null,
  pipeline: PipelineResult | null = null,
): Check[] {
  const checks: Check[] = [];
  const assertion = (name: string, pass: boolean, detail: string) =>
    checks.push({ name, kind: "assertion", pass, detail });
  const target = (name: string, pass: boolean, detail: string) => checks.push({ name, kind: "target", pass, detail });

  for (const s of scales) {
    const at = `${fmtScale(s.scale)} meetings`;
    assertion(
      `gateway = baseline (data) at ${at}`,
      true,
      `Q1 for ${s.equality.q1Slugs} slugs (nulls and an unknown slug included), Q2 first: ${s.equality.q2Pages.join("/")}`,
    );
    assertion(
      `every query answers without errors at ${at}`,
      s.failedQueries.length === 0,
      s.failedQueries.length ? s.failedQueries.join("; ").slice(0, 500) : "smoke request of each query before timing",
    );
    const ten = s.sqlPerRequest["Q2 first:10"];
    const fifty = s.sqlPerRequest["Q2 first:50"];
    assertion(`Q2 SQL statements, first:10 = first:50 at ${at}`, ten === fifty, `${ten} vs ${fifty}`);
    const failing = s.runs.filter((r) => errorsOf(r) > 0);
    assertion(
      `no errors under load at ${at}`,
      failing.length === 0,
      failing.length
        ? failing
            .map(
              (r) =>
                `${r.query} ${r.server} c=${r.load.connections}: non-2xx ${r.load.non2xx}, GraphQL errors ${r.load.graphqlErrors}, connection errors ${r.load.connectionErrors - r.load.timeouts}`,
            )
            .join("; ")
        : `${s.runs.length} runs`,
    );
    const d = s.drivers;
    if (d) {
      assertion(
        `the second gateway runs better-sqlite3 at ${at}`,
        d.driverLoaded,
        d.driverLoaded
          ? "better_sqlite3.node in /proc/<pid>/maps (SQLITE_DRIVER=better-sqlite3)"
          : "better_sqlite3.node not loaded: SQLITE_DRIVER had no effect",
      );
      assertion(`gateway on better-sqlite3 = on sqlite3 (data) at ${at}`, d.equality.pass, d.equality.detail);
      const mine = d.sqlPerRequest["Q2 first:50"];
      const reference = s.sqlPerRequest["Q2 first:50"];
      assertion(
        `Q2 SQL statements, better-sqlite3 = sqlite3 at ${at}`,
        mine !== undefined && mine === reference,
        mine === undefined ? "not measured on better-sqlite3" : `${mine} vs ${reference}`,
      );
      const failingDriverRuns = d.runs.filter((r) => errorsOf(r) > 0);
      assertion(
        `no errors under load on better-sqlite3 at ${at}`,
        failingDriverRuns.length === 0,
        failingDriverRuns.length
          ? failingDriverRuns
              .map(
                (r) =>
                  `${r.query} c=${r.load.connections}: non-2xx ${r.load.non2xx}, GraphQL errors ${r.load.graphqlErrors}, connection errors ${r.load.connectionErrors - r.load.timeouts}`,
              )
              .join("; ")
          : `${d.runs.length} runs`,
      );
    }
    const slow = [...s.runs, ...(d?.runs ?? []).map((r) => ({ ...r, server: "better-sqlite3" }))].filter(
      (r) => r.load.timeouts > 0,
    );
    target(
      `no request times out (60 s) at ${at}`,
      slow.length === 0,
      slow.length
        ? slow.map((r) => `${r.query} ${r.server} c=${r.load.connections}: ${r.load.timeouts}`).join("; ")
        : `${s.runs.length + (d?.runs.length ?? 0)} runs`,
    );
  }

  for (const scale of [...new Set(driverImports.map((i) => i.scale))]) {
    const [a, b] = driverImports.filter((i) => i.scale === scale);
    if (!a || !b) continue;
    const same = isDeepStrictEqual(a.counts, b.counts);
    assertion(
      `import of ${fmtScale(scale)} meetings writes the same rows with ${a.driver} and ${b.driver}`,
      same,
      same
        ? `${Object.keys(a.counts).length} tables counted`
        : Object.keys({ ...a.counts, ...b.counts })
            .filter((t) => a.counts[t] !== b.counts[t])
            .map((t) => `${t}: ${a.counts[t]} vs ${b.counts[t]}`)
            .join(", "),
    );
  }

  if (scales.length > 1) {
    for (const key of Object.keys(scales[0]!.sqlPerRequest)) {
      const values = scales.map((s) => s.sqlPerRequest[key]);
      assertion(
        `${key} SQL statements equal across scales`,
        values.every((v) => v === values[0]),
        scales.map((s, i) => `${fmtScale(s.scale)}: ${values[i]}`).join(", "),
      );
    }
    if (growth) {
      const failing = growth.measurements.filter((r) => errorsOf(r) > 0);
      assertion(
        "no errors under load in the p99-growth rounds",
        failing.length === 0,
        failing.length
          ? failing.map((r) => `${r.query} at ${fmtScale(r.scale)} c=${r.connections} round ${r.round + 1}`).join("; ")
          : `${growth.measurements.length} rounds`,
      );
      const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(", ");
      for (const g of growth.comparisons) {
        target(
          `${g.query} p99 at ${fmtScale(growth.largeScale)} ≤ ${TARGETS.p99GrowthMax}× p99 at ${fmtScale(growth.smallScale)} (c=${g.connections}, median of ${growth.rounds} alternating rounds)`,
          g.ratio <= TARGETS.p99GrowthMax,
          `${g.largeMedianP99.toFixed(1)} ms (${list(g.largeP99s)}) vs ${g.smallMedianP99.toFixed(1)} ms (${list(g.smallP99s)}): ${g.ratio.toFixed(2)}×`,
        );
      }
    }
  }

  for (const s of scales) {
    const at = `${fmtScale(s.scale)} meetings`;
    for (const c of profile.connections) {
      const gateway = findRun(s, "Q2", "gateway", c);
      const baseline = findRun(s, "Q2", "baseline", c);
      if (!gateway || !baseline) continue;
      const ratio = gateway.requestsPerSecond / baseline.requestsPerSecond;
      target(
        `Q2 gateway (uncached) ≥ ${TARGETS.q2BaselineRatioMin}× baseline throughput at ${at} (c=${c})`,
        ratio >= TARGETS.q2BaselineRatioMin,
        `${gateway.requestsPerSecond} vs ${baseline.requestsPerSecond} req/s (${ratio.toFixed(2)}×)`,
      );
    }
    const cached = findRun(s, "Q2-cached", "gateway", profile.cacheConnections);
    const uncached = findRun(s, "Q2", "gateway", profile.cacheConnections);
    if (cached && uncached) {
      const speedup = cached.requestsPerSecond / uncached.requestsPerSecond;
      target(
        `response cache: repeated Q2 ≥ ${TARGETS.cacheSpeedupMin}× uncached Q2 at ${at} (c=${profile.cacheConnections})`,
        speedup >= TARGETS.cacheSpeedupMin,
        `${cached.requestsPerSecond} vs ${uncached.requestsPerSecond} req/s (${speedup.toFixed(1)}×, ${cached.cacheHitPercent}% hits)`,
      );
    }
    target(
      `gateway peak RSS < ${mb(TARGETS.peakRssMaxBytes)} at ${at}`,
      s.gatewayPeakRssBytes < TARGETS.peakRssMaxBytes,
      `VmHWM ${mb(s.gatewayPeakRssBytes)}`,
    );
    target(
      `start-up < ${TARGETS.startupMaxMs / 1000} s at ${at}`,
      s.startup.spawnToReadyLogMs < TARGETS.startupMaxMs,
      `spawn → "gateway ready" ${s.startup.spawnToReadyLogMs.toFixed(0)} ms (startupMs ${s.startup.startupMs})`,
    );
    if (s.scale === TEXT_SEARCH.targetScale) {
      const c = TEXT_SEARCH.connections;
      const titles = findRun(s, "Q6", "gateway", c);
      if (titles) {
        target(
          `Q6 titleContains ≥ ${TARGETS.titleContainsMinRps} req/s at ${at} (c=${c}, uncached)`,
          titles.requestsPerSecond >= TARGETS.titleContainsMinRps,
          `${titles.requestsPerSecond} req/s, p50 ${titles.latencyMs.p50} ms ("${TEXT_SEARCH.titleContains}")`,
        );
      }
      const search = findRun(s, "Q7", "gateway", c);
      if (search) {
        target(
          `Q7 search p50 < ${TARGETS.searchP50MaxMs} ms at ${at} (c=${c}, uncached)`,
          search.latencyMs.p50 < TARGETS.searchP50MaxMs,
          `p50 ${search.latencyMs.p50} ms, ${search.requestsPerSecond} req/s; one request alone ${s.aloneMs.Q7 ?? "—"} ms ("${TEXT_SEARCH.search}")`,
        );
      }
    }
    if (s.scale === TARGETS.importTargetScale) {
      target(
        `import of ${fmtScale(s.scale)} meetings < ${TARGETS.importMaxMs / 1000} s`,
        s.database.importMs < TARGETS.importMaxMs,
        `${(s.database.importMs / 1000).toFixed(1)} s, measured ${s.database.importMeasuredAt}${s.database.importCodeChangedSince ? " (import code changed since: stale)" : ""}`,
      );
    }
  }
  if (pipeline) {
    const wrong = pipeline.attacks.filter(
      (a) => a.answered.status !== a.expected.status || a.answered.code !== a.expected.code,
    );
    assertion(
      "every attack is refused with its status and code",
      wrong.length === 0,
      wrong.length
        ? wrong
            .map(
              (a) =>
                `${a.name}: ${a.answered.status} ${a.answered.code} (expected ${a.expected.status} ${a.expected.code})`,
            )
            .join("; ")
        : `${pipeline.attacks.length} attacks`,
    );
    const costliest = [...pipeline.attacks].sort((a, b) => b.cpuMsPerAttack - a.cpuMsPerAttack)[0];
    target(
      "every attack costs the gateway under 50 ms of CPU",
      pipeline.attacks.every((a) => a.cpuMsPerAttack < 50),
      costliest ? `costliest: ${costliest.name}, ${costliest.cpuMsPerAttack} ms` : "no attack measured",
    );
    target(
      "another client's p99 stays under 50 ms while four attackers run",
      pipeline.probe.latencyMs.p99 < 50 && pipeline.probe.failed === 0,
      `p99 ${pipeline.probe.latencyMs.p99.toFixed(1)} ms over ${pipeline.probe.requests} requests, ${pipeline.probe.failed} failed`,
    );
  }
  return checks;
}
