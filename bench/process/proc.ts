import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";

/** Which core the servers run on and which the load generator runs on; null when pinning is unavailable. */
export interface Pinning {
  available: boolean;
  serverCore: number | null;
  loadCore: number | null;
  note: string;
}

/**
 * Pins the servers to core 0 and this process (the load generator, every thread) to core 1 with util-linux
 * `taskset`. Without taskset, or with a single core, everything runs unpinned and the report says so.
 */
export function pinSelf(): Pinning {
  const cores = os.availableParallelism();
  const probe = spawnSync("taskset", ["-V"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    return { available: false, serverCore: null, loadCore: null, note: "taskset not found: nothing pinned" };
  }
  if (cores < 2) {
    return { available: false, serverCore: null, loadCore: null, note: `${cores} core: nothing pinned` };
  }
  execFileSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  return {
    available: true,
    serverCore: 0,
    loadCore: 1,
    note: `servers on core 0, load generator on core 1 (${cores} cores)`,
  };
}

/** `[command, args]` that runs `program args` on `core` (through taskset), or unpinned when core is null. */
export function pinnedCommand(core: number | null, program: string, args: string[]): [string, string[]] {
  return core === null ? [program, args] : ["taskset", ["-c", String(core), program, ...args]];
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    const value = Number(result.stdout?.trim());
    clockTicks = Number.isInteger(value) && value > 0 ? value : 100;
  }
  return clockTicks;
}

/** User + system CPU time the process has used, in microseconds (from /proc/<pid>/stat). */
export function cpuMicros(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / ticksPerSecond()) * 1e6;
}

/** Peak and current resident set size in bytes (VmHWM, VmRSS from /proc/<pid>/status). */
export function memory(pid: number): { peakRssBytes: number; rssBytes: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { peakRssBytes: kb("VmHWM"), rssBytes: kb("VmRSS") };
}

/** A port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Busy and stolen time of one core so far, in microseconds (from /proc/stat). */
export function coreTimes(core: number): { busyMicros: number; stealMicros: number } {
  const line = fs
    .readFileSync("/proc/stat", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`cpu${core} `));
  if (!line) return { busyMicros: NaN, stealMicros: NaN };
  // user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const toMicros = (ticks: number) => (ticks / ticksPerSecond()) * 1e6;
  return { busyMicros: toMicros(user! + nice! + system! + irq! + softirq!), stealMicros: toMicros(steal ?? 0) };
}
