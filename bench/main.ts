import { execFileSync } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import type { Profile } from "./config";
import { DRIVERS, PROFILES, TARGETS } from "./config";
import { Q4 } from "./dashboard";
import { ResponseMismatch } from "./equality";
import { ensureDatabase } from "./generate/cache";
import { timeImportByDriver } from "./generate/driver-import";
import { pinSelf } from "./process/proc";
import { Q1, Q2, Q3, Q5 } from "./queries";
import { evaluate } from "./report/checks";
import {
  attackTable,
  checksTable,
  protectionTable,
  driverImportTable,
  driverTable,
  growthTable,
  headOfLineTable,
  loadTable,
  scaleTable,
  sqlTable,
} from "./report/markdown";
import type { BenchResults, DriverImport, ScaleResult } from "./report/types";
import { writeReport } from "./report/write";
import { measureGrowth } from "./growth";
import { measurePipeline } from "./pipeline";
import { benchScale } from "./scenario";

const USAGE = `usage: npm run bench -- [--quick] [--scales 1000,10000,100000] [--seed 1] [--regenerate] [--publish]
                        [--duration S] [--warmup S] [--generate-only]`;

function git(args: string[]): string {
  try {
    return execFileSync("git", ["--no-optional-locks", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      scales: { type: "string" },
      seed: { type: "string", default: "1" },
      regenerate: { type: "boolean", default: false },
      publish: { type: "boolean", default: false },
      duration: { type: "string" },
      warmup: { type: "string" },
      "generate-only": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const base = PROFILES[values.quick ? "quick" : "full"];
  const number = (raw: string | undefined, name: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number\n${USAGE}`);
    return value;
  };
  const profile: Profile = {
    ...base,
    scales: values.scales ? values.scales.split(",").map((s) => number(s.replace(/_/g, ""), "scales")) : base.scales,
    durationSeconds: values.duration ? number(values.duration, "duration") : base.durationSeconds,
    warmupSeconds: values.warmup ? number(values.warmup, "warmup") : base.warmupSeconds,
  };
  profile.scales.sort((a, b) => a - b);
  return {
    profile,
    seed: number(values.seed, "seed"),
    regenerate: values.regenerate,
    publish: values.publish || !values.quick,
    generateOnly: values["generate-only"],
    help: values.help,
  };
}

async function main(): Promise<number> {
  const started = new Date();
  const loadAverageAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const opts = options();
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const { profile, seed } = opts;
  const pinning = pinSelf();
  const log = (message: string) => console.error(message);
  log(
    `bench (${profile.mode}): ${profile.scales.map((s) => s.toLocaleString("en")).join(", ")} meetings; ${pinning.note}`,
  );

  if (opts.generateOnly) {
    for (const scale of profile.scales) {
      const db = await ensureDatabase(scale, seed, { regenerate: opts.regenerate, core: pinning.serverCore });
      log(
        `  ${scale}: ${db.file} (import ${(db.meta.importMs / 1000).toFixed(1)} s, ${db.fresh ? "generated now" : "cached"})`,
      );
    }
    return 0;
  }

  const scales: ScaleResult[] = [];
  for (const scale of profile.scales) {
    log(`\n${scale.toLocaleString("en")} meetings`);
    scales.push(await benchScale(scale, { profile, pinning, seed, regenerate: opts.regenerate, log }));
  }
  let growth = null;
  if (profile.growth && profile.scales.length > 1) {
    const [small, large] = [profile.scales[0]!, profile.scales[profile.scales.length - 1]!];
    log(
      `\np99 growth: ${small.toLocaleString("en")} against ${large.toLocaleString("en")} meetings, ${profile.growth.rounds} alternating rounds each`,
    );
    growth = await measureGrowth(small, large, { profile, pinning, seed, regenerate: false, log }, profile.growth);
    log(`  the growth rounds took ${(growth.wallMs / 1000).toFixed(1)} s`);
  }
  // The request pipeline's protection prices and the attacks, at 10,000 meetings (the peers' scale) when the run
  // has it, otherwise its smallest.
  const pipelineScale = profile.scales.includes(10_000) ? 10_000 : profile.scales[0]!;
  log(`\nthe request pipeline at ${pipelineScale.toLocaleString("en")} meetings: protection prices and attacks`);
  const pipeline = await measurePipeline(pipelineScale, profile.protectionRounds, {
    profile,
    pinning,
    seed,
    regenerate: false,
    log,
  });
  log(`  the pipeline rounds took ${(pipeline.wallMs / 1000).toFixed(1)} s`);
  // Import time by SQLite driver: the run's smallest scale (and the profile's others), never the largest.
  const importScales = [...new Set([profile.scales[0]!, ...profile.driverImportScales])]
    .filter((scale) => scale <= DRIVERS.importMaxScale)
    .sort((a, b) => a - b);
  const driverImports: DriverImport[] = [];
  const importsStarted = performance.now();
  for (const scale of importScales) {
    log(`\nimport of ${scale.toLocaleString("en")} meetings with each SQLite driver (scratch files)`);
    const timed = await timeImportByDriver(scale, seed, pinning.serverCore);
    for (const t of timed) log(`  ${t.driver.padEnd(14)} import ${(t.importMs / 1000).toFixed(1)} s`);
    driverImports.push(...timed);
  }
  if (importScales.length)
    log(`  imports by driver took ${((performance.now() - importsStarted) / 1000).toFixed(1)} s`);

  const checks = evaluate(scales, profile, driverImports, growth, pipeline);
  const notes = [...new Set(scales.flatMap((s) => s.notes))];
  if (!importScales.length) {
    notes.push(
      `Import time by SQLite driver not measured: no scale of this run is at most ${DRIVERS.importMaxScale.toLocaleString("en")} meetings.`,
    );
  }
  if (!profile.scales.includes(TARGETS.importTargetScale)) {
    const smallest = scales[0]!;
    notes.push(
      `The import of ${TARGETS.importTargetScale.toLocaleString("en")} meetings was not timed in this run; ` +
        `${smallest.scale.toLocaleString("en")} meetings took ${smallest.database.importMsPerMeeting.toFixed(2)} ms per meeting.`,
    );
  }
  const results: BenchResults = {
    mode: profile.mode,
    startedAt: started.toISOString(),
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    seed,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
      node: process.version,
      loadAverageAtStart,
      pinning: pinning.available
        ? "Servers pinned to core 0, load generator to core 1 (taskset)"
        : `Not pinned: ${pinning.note}`,
    },
    git: {
      head: git(["rev-parse", "--short", "HEAD"]) || "unknown",
      uncommittedFiles: git(["status", "--porcelain"]).split("\n").filter(Boolean).length,
    },
    settings: {
      warmupSeconds: profile.warmupSeconds,
      durationSeconds: profile.durationSeconds,
      processWarmUpSeconds: profile.processWarmUpSeconds,
      connections: profile.connections,
    },
    documents: { Q1, Q2, Q3, Q4, Q5 },
    scales,
    driverImports,
    growth,
    pipeline,
    checks,
    notes,
  };
  const files = await writeReport(results, opts.publish);

  console.log(
    `\n${loadTable(scales)}\n\n${scaleTable(scales)}\n\nSQL statements per request\n\n${sqlTable(scales)}\n\n` +
      (growth ? `p99 growth, alternating rounds\n\n${growthTable(growth)}\n\n` : "") +
      `Driver comparison: sqlite3 (default) vs better-sqlite3\n\n${driverTable(scales)}\n\n` +
      `Cached Q2 while Q4 loops\n\n${headOfLineTable(scales)}\n\n${driverImportTable(driverImports)}\n\n` +
      `Protection prices (Q1, ${pipeline.scale.toLocaleString("en")} meetings)\n\n${protectionTable(pipeline)}\n\n` +
      `Attacks\n\n${attackTable(pipeline)}\n\n` +
      `${checksTable(results)}\n`,
  );
  for (const note of notes) console.log(`note: ${note}`);
  console.log(`\nwrote ${Object.values(files).join(", ")} in ${results.durationSeconds} s`);
  const failed = checks.filter((c) => c.kind === "assertion" && !c.pass);
  if (failed.length) {
    console.error(
      `\n${failed.length} assertion(s) failed:\n${failed.map((c) => `  ${c.name}: ${c.detail}`).join("\n")}`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ResponseMismatch)
      console.error(`\nFAIL: gateway and baseline answers differ, nothing was timed.\n${error.message}`);
    else console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
