import { spawn } from "node:child_process";
import path from "node:path";
import { ATTACKS } from "./attacks";
import { ensureDatabase, removeWorkingCopy, workingCopy } from "./generate/cache";
import { prepareInputs } from "./prepare";
import type { RunningServer } from "./process/gateway";
import { startGateway } from "./process/gateway";
import { cpuMicros } from "./process/proc";
import { summarize } from "./load/runner";
import { ROOT } from "./paths";
import type { AttackResult, PipelineResult, ProtectionConfiguration } from "./report/types";
import type { ScaleContext } from "./scenario";
import { createEditorToken, measureRound, readSpecs, warmUp } from "./scenario";

/** A budget no bench round spends: the rate limiter is on and charging, never refusing. */
const UNSPENDABLE_POINTS = "1000000000";

/**
 * The configurations whose Q1 CPU is compared: every protection on (rate limiting charging a budget that the
 * load never spends, access log at info), then each protection off in turn. The price of a protection is
 * the CPU per request it adds to the all-on configuration.
 */
const CONFIGURATIONS: { name: string; protection: string | null; env: Record<string, string> }[] = [
  { name: "all on", protection: null, env: {} },
  { name: "armor off", protection: "GraphQL Armor (depth, aliases, directives)", env: { ARMOR_ENABLED: "false" } },
  { name: "cost off", protection: "cost limit (pricing)", env: { COST_LIMIT_ENABLED: "false" } },
  { name: "rate limit off", protection: "rate limit", env: { RATE_LIMIT_ENABLED: "false" } },
  { name: "metrics off", protection: "metrics", env: { METRICS_ENABLED: "false" } },
  { name: "access log off", protection: "access log", env: { LOG_LEVEL: "warn" } },
];

const ALL_ON_ENV = { RATE_LIMIT_ENABLED: "true", RATE_LIMIT_POINTS: UNSPENDABLE_POINTS, LOG_LEVEL: "info" };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * What the request pipeline's protections cost, and what attacks cost the gateway (issue 12): at `scale`
 * meetings, (1) Q1's CPU per request with every protection on and with each off in turn, in alternating
 * rounds of gateways running side by side (as the p99 growth rounds, bench/growth.ts, for the same reason:
 * the machine's speed drifts from one minute to the next); (2) each attack of bench/attacks.ts sent to a
 * gateway with the default limits: the answer it gets and the gateway's CPU per attack; (3) a client's
 * `{ regions { code } }` latency while four attackers (bench/load/attackers.js) send new costly documents.
 */
export async function measurePipeline(scale: number, rounds: number, ctx: ScaleContext): Promise<PipelineResult> {
  const started = performance.now();
  const database = await ensureDatabase(scale, ctx.seed, { regenerate: false, core: ctx.pinning.serverCore });
  const works: string[] = [];
  const gateways: RunningServer[] = [];
  try {
    // (1) Protection prices: none without rounds (the quick mode).
    let configurations: ProtectionConfiguration[] = [];
    if (rounds > 0) {
      for (const configuration of CONFIGURATIONS) {
        const work = workingCopy(database.file, scale);
        works.push(work);
        gateways.push(
          await startGateway({
            database: work,
            core: ctx.pinning.serverCore,
            env: { ...ALL_ON_ENV, ...configuration.env },
          }),
        );
      }
      const inputs = await prepareInputs(gateways[0]!.url);
      const specs = readSpecs(database.meta, inputs, ctx.seed);
      const q1 = specs.find((spec) => spec.id === "Q1")!;
      for (const gateway of gateways) await warmUp(gateway, specs, ctx);
      const samples = CONFIGURATIONS.map(() => ({ cpu: [] as number[], rps: [] as number[] }));
      for (let round = 0; round < rounds; round++) {
        // Forward, then backward: each configuration's rounds sit at balanced times of the run.
        const order = CONFIGURATIONS.map((_, i) => i);
        if (round % 2) order.reverse();
        for (const i of order) {
          const { load } = await measureRound(gateways[i]!, q1, 10, ctx);
          samples[i]!.cpu.push(load.cpuMicrosPerRequest);
          samples[i]!.rps.push(load.requestsPerSecond);
          ctx.log(
            `    Q1 c=10 ${CONFIGURATIONS[i]!.name}: ${load.cpuMicrosPerRequest.toFixed(0)} µs CPU/request, ${load.requestsPerSecond.toFixed(0)} req/s`,
          );
        }
      }
      configurations = CONFIGURATIONS.map((configuration, i) => ({
        name: configuration.name,
        protection: configuration.protection,
        env: { ...ALL_ON_ENV, ...configuration.env },
        cpuMicrosPerRequest: samples[i]!.cpu,
        medianCpuMicrosPerRequest: median(samples[i]!.cpu),
        medianRequestsPerSecond: median(samples[i]!.rps),
      }));
      await Promise.all(gateways.splice(0).map((gateway) => gateway.child.stop()));
    }

    // (2) and (3): attacks on a gateway with the default limits (clients told apart by X-Forwarded-For).
    const work = workingCopy(database.file, scale);
    works.push(work);
    const token = await createEditorToken(work);
    const gateway = await startGateway({
      database: work,
      core: ctx.pinning.serverCore,
      env: { TRUST_PROXY_HOPS: "1", RESPONSE_CACHE_TTL_SECONDS: "0", RATE_LIMIT_ENABLED: "true", LOG_LEVEL: "info" },
    });
    gateways.push(gateway);
    const specs = readSpecs(database.meta, await prepareInputs(gateway.url), ctx.seed);
    await warmUp(gateway, specs, ctx);
    const attacks: AttackResult[] = [];
    const repeats = 10;
    for (const [i, attack] of ATTACKS.entries()) {
      const before = cpuMicros(gateway.child.pid);
      let answer: { status: number; code: string | null } = { status: 0, code: null };
      for (let n = 0; n < repeats; n++) {
        answer = await send(gateway.url, attack.body, `10.77.${i}.1`, {
          ...attack.headers,
          ...(attack.withToken ? { authorization: `Bearer ${token}` } : {}),
        });
      }
      const cpuMsPerAttack = (cpuMicros(gateway.child.pid) - before) / repeats / 1000;
      attacks.push({
        name: attack.name,
        expected: { status: attack.status, code: attack.code },
        answered: answer,
        cpuMsPerAttack: Math.round(cpuMsPerAttack * 100) / 100,
      });
      ctx.log(
        `    ${attack.name}: ${answer.status} ${answer.code ?? ""}, ${cpuMsPerAttack.toFixed(2)} ms CPU per attack`,
      );
    }
    const probe = await probeUnderAttack(gateway.url, 4_000);
    ctx.log(
      `    { regions { code } } while four attackers run: p50 ${probe.latencyMs.p50.toFixed(1)} ms, p99 ${probe.latencyMs.p99.toFixed(1)} ms (${probe.requests} requests; attackers answered ${JSON.stringify(probe.attackersAnswered)})`,
    );
    return {
      scale,
      rounds,
      configurations,
      attacks,
      probe,
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.child.stop()));
    for (const work of works) removeWorkingCopy(work);
  }
}

async function send(url: string, body: Buffer, client: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client, ...headers },
    body,
  });
  const text = await response.text();
  let code: string | null = null;
  try {
    code =
      (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? null;
  } catch {
    code = null;
  }
  return { status: response.status, code };
}

/** A dashboard's pace of `{ regions { code } }` while bench/load/attackers.js attacks from four addresses. */
async function probeUnderAttack(url: string, durationMs: number) {
  const attackers = spawn("nice", ["-n", "10", process.execPath, path.join(ROOT, "bench", "load", "attackers.js")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let report = "";
  attackers.stdout.on("data", (chunk: Buffer) => (report += chunk.toString("utf8")));
  const finished = new Promise<void>((resolve) => attackers.once("exit", () => resolve()));
  attackers.stdin.end(JSON.stringify({ url, durationMs: durationMs + 1_000 }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const latencies: number[] = [];
  let failed = 0;
  const until = Date.now() + durationMs;
  while (Date.now() < until) {
    const started = performance.now();
    const answer = await send(url, Buffer.from(JSON.stringify({ query: "{ regions { code } }" })), "10.77.99.1", {});
    latencies.push(performance.now() - started);
    if (answer.status !== 200) failed += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await finished;
  let attackersAnswered: Record<string, number> = {};
  try {
    attackersAnswered = JSON.parse(report) as Record<string, number>;
  } catch {
    attackersAnswered = { unreadable: 1 };
  }
  return { requests: latencies.length, failed, latencyMs: summarize(latencies), attackersAnswered };
}
