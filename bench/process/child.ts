import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import readline from "node:readline";
import { ROOT } from "../paths";
import { pinnedCommand } from "./proc";

export type LogLine = Record<string, unknown>;

/**
 * A server process the bench started: pinned to a core, its JSON log lines parsed as they arrive, stopped
 * with SIGTERM (SIGKILL after a grace period). The bench only ever signals the pids it spawned itself.
 */
export class ServerChild {
  readonly spawnedAt = performance.now();
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly listeners = new Set<(line: LogLine, at: number) => void>();
  private exit: Promise<{ code: number | null; signal: string | null }>;
  exited = false;

  constructor(
    readonly name: string,
    program: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    core: number | null,
  ) {
    const [command, argv] = pinnedCommand(core, program, args);
    this.child = spawn(command, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    this.exit = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      });
    });
    readline.createInterface({ input: this.child.stdout! }).on("line", (text) => this.onLine(text));
    readline.createInterface({ input: this.child.stderr! }).on("line", (text) => this.remember(text));
  }

  /** taskset execs the program, so this is the server's own pid. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.child.pid;
  }

  /** The last lines the process printed, for error messages. */
  recentOutput(): string {
    return this.tail.join("\n");
  }

  /** Calls `listener` for every JSON log line from now on; returns the unsubscribe function. */
  onLog(listener: (line: LogLine, at: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first log line matching `match` and the time it arrived (ms since spawn). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number): Promise<{ line: LogLine; afterMs: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.name}: no matching log line within ${timeoutMs} ms\n${this.recentOutput()}`));
      }, timeoutMs);
      const off = this.onLog((line, at) => {
        if (!match(line)) return;
        clearTimeout(timer);
        off();
        resolve({ line, afterMs: at - this.spawnedAt });
      });
      void this.exit.then(({ code, signal }) => {
        clearTimeout(timer);
        off();
        reject(new Error(`${this.name} exited (${signal ?? code}) before it was ready\n${this.recentOutput()}`));
      });
    });
  }

  async stop(graceMs = 15_000): Promise<{ code: number | null; signal: string | null }> {
    if (!this.exited) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      const result = await this.exit;
      clearTimeout(timer);
      return result;
    }
    return this.exit;
  }

  private onLine(text: string): void {
    const at = performance.now();
    this.remember(text);
    if (!text.startsWith("{")) return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(line, at);
  }

  private remember(text: string): void {
    this.tail.push(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
    if (this.tail.length > 40) this.tail.shift();
  }
}

/** Polls `url` until it answers 200; resolves with the ms since `since`. */
export async function waitForHttp(url: string, since: number, timeoutMs: number, child: ServerChild): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exited) throw new Error(`${child.name} exited before answering ${url}\n${child.recentOutput()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
