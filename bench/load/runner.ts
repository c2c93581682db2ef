import autocannon from "autocannon";
import { coreTimes, cpuMicros } from "../process/proc";

/** What to send: one constant body, or a body built for each request (random slug, unique summary…). */
export interface LoadTarget {
  url: string;
  body: string | (() => string);
  headers?: Record<string, string>;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** The server's pid, for CPU time per request. */
  serverPid: number;
  /** The core the server is pinned to, to see how much of it other processes took; null if unpinned. */
  serverCore: number | null;
}

export interface LatencySummary {
  p50: number;
  p97_5: number;
  p99: number;
  mean: number;
  max: number;
}

export interface LoadResult {
  connections: number;
  /** The measured window (after the warm-up), in seconds. */
  durationSeconds: number;
  /** Responses completed inside the measured window. */
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  /** Server CPU (user + system) in the measured window, divided by the responses in it. */
  cpuMicrosPerRequest: number;
  /** Share of the server's core used by other processes (not the server) during the window, and stolen by the host. */
  serverCoreOtherPercent: number | null;
  serverCoreStealPercent: number | null;
  /** Share of the window's responses the gateway served from its response cache (`x-cache: HIT`). */
  cacheHitPercent: number;
  /** Over the whole round, warm-up included. */
  non2xx: number;
  graphqlErrors: number;
  connectionErrors: number;
  timeouts: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function summarize(latencies: number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    p50: round3(percentile(sorted, 50)),
    p97_5: round3(percentile(sorted, 97.5)),
    p99: round3(percentile(sorted, 99)),
    mean: round3(sum / Math.max(1, latencies.length)),
    max: round3(sorted[sorted.length - 1] ?? NaN),
  };
}

interface Sample {
  at: number;
  serverCpu: number;
  core: { busyMicros: number; stealMicros: number } | null;
}

/** How much longer than warmupSeconds a warm-up may last while waiting for every connection's first answer. */
const MAX_WARMUP_EXTENSION_SECONDS = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server is idle: when autocannon stops, the requests it abandoned are still being
 * answered (at 50 connections a slow query leaves seconds of work), which would load the next run.
 */
export async function quiesce(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const before = cpuMicros(pid);
    await sleep(250);
    if (cpuMicros(pid) - before < 25_000) return;
  }
}

/**
 * One continuous autocannon round: a warm-up, then a measured window while the load goes on, so the server
 * is in a steady state at both ends of the window (at 50 connections a slow query can take seconds to
 * answer; a window that starts with idle connections would measure the ramp, not the server). Latencies
 * are autocannon's per-response hrtime durations (its own histogram has 1 ms resolution), for responses
 * completed inside the window; CPU is sampled at the window's edges.
 */
export function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const url = new URL(target.url);
  let graphqlErrors = 0;
  let cacheHits = 0;
  const request: autocannon.Request = {
    method: "POST",
    path: url.pathname,
    onResponse: (_status, body, _context, headers) => {
      if (body.includes('"errors":')) graphqlErrors += 1;
      if (measuring && headers?.["x-cache"] === "HIT") cacheHits += 1;
    },
  };
  const makeBody = target.body;
  if (typeof makeBody === "function") request.setupRequest = (req) => ({ ...req, body: makeBody() });
  else request.body = makeBody;

  const sample = (): Sample => ({
    at: performance.now(),
    serverCpu: cpuMicros(options.serverPid),
    core: options.serverCore === null ? null : coreTimes(options.serverCore),
  });
  const latencies: number[] = [];
  let measuring = false;
  let responses = 0;
  let first: Sample | undefined;
  let last: Sample | undefined;
  const timers: NodeJS.Timeout[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: options.connections,
        // An upper bound: the round is stopped as soon as its measured window closes.
        duration: options.warmupSeconds + MAX_WARMUP_EXTENSION_SECONDS + options.durationSeconds + 1,
        pipelining: 1,
        timeout: 60,
        headers: { "content-type": "application/json", ...target.headers },
        requests: [request],
      },
      (error, result) => {
        timers.forEach(clearTimeout);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        if (!first || !last) return reject(new Error("the load round ended before its measured window did"));
        const seconds = (last.at - first.at) / 1000;
        const requests = latencies.length;
        const cpu = last.serverCpu - first.serverCpu;
        const corePercent = (micros: number) => Math.max(0, Math.round((micros / (seconds * 1e6)) * 1000) / 10);
        resolve({
          connections: options.connections,
          durationSeconds: Math.round(seconds * 100) / 100,
          requests,
          requestsPerSecond: Math.round((requests / seconds) * 10) / 10,
          latencyMs: summarize(latencies),
          cpuMicrosPerRequest: Math.round(cpu / Math.max(1, requests)),
          serverCoreOtherPercent:
            first.core && last.core ? corePercent(last.core.busyMicros - first.core.busyMicros - cpu) : null,
          serverCoreStealPercent:
            first.core && last.core ? corePercent(last.core.stealMicros - first.core.stealMicros) : null,
          cacheHitPercent: Math.round((cacheHits / Math.max(1, requests)) * 1000) / 10,
          non2xx: result.non2xx,
          graphqlErrors,
          connectionErrors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    const closeWindow = () => {
      measuring = false;
      last = sample();
      instance.stop();
    };
    const openWindow = () => {
      first = sample();
      measuring = true;
      timers.push(setTimeout(closeWindow, options.durationSeconds * 1000));
    };
    // The warm-up lasts warmupSeconds, and until every connection has had an answer (a slow query at 50
    // connections takes seconds to), but no more than MAX_WARMUP_EXTENSION_SECONDS longer.
    const warmupEnds = performance.now() + (options.warmupSeconds + MAX_WARMUP_EXTENSION_SECONDS) * 1000;
    const endWarmup = () => {
      if (responses >= options.connections || performance.now() >= warmupEnds) openWindow();
      else timers.push(setTimeout(endWarmup, 50));
    };
    timers.push(setTimeout(endWarmup, options.warmupSeconds * 1000));
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      responses += 1;
      if (measuring) latencies.push(responseTime);
    });
  });
}
