import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { CLI_ACTOR } from "../../src/platform/auth/actor";
import { Role } from "../../src/platform/auth/role";
import { TokenService } from "../../src/modules/tokens/token.service";
import { MutationRunner } from "../../src/platform/db/mutation";
import { parseDatabaseUrl } from "../../src/config";
import { createDataSource } from "../../src/platform/db/data-source";
import type { TestDatabase } from "./database";
import { createTestDatabase } from "./database";
import { beforeCommit, entities } from "../../src/app/features";

const ROOT = path.join(__dirname, "..", "..");

export interface LogLine {
  msg: string;
  url?: string;
  [key: string]: unknown;
}

export interface GatewayProcess {
  child: ChildProcessWithoutNullStreams;
  /** The GraphQL URL (http://127.0.0.1:<port>/graphql). */
  url: string;
  lines: LogLine[];
  database: TestDatabase;
  /** CPU time (user + system) the process has used so far, in milliseconds (10 ms resolution on Linux). */
  cpuMs(): number;
  /** The process's resident memory, in bytes. */
  rssBytes(): number;
  /** Issues an API token of this role directly in the gateway's database and returns its secret. */
  createToken(role: "admin" | "editor", name?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the production build (`node dist/src/app/main.js`, as `npm start` runs it) in a process of its own over a
 * fresh database, and waits until it is ready: for tests that measure what a request costs the gateway (its
 * CPU, its memory, how long it keeps other clients waiting) apart from the test's own work.
 */
export async function startGatewayProcess(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const database = await createTestDatabase();
  const child = spawn(process.execPath, ["--max-old-space-size=1024", "dist/src/app/main.js"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      PORT: "0",
      HOST: "127.0.0.1",
      // The default level: "gateway ready" is logged at info, and so is every request, as in production.
      LOG_LEVEL: "info",
      MALLOC_ARENA_MAX: "2",
      ...env,
    },
  }) as ChildProcessWithoutNullStreams;
  const lines: LogLine[] = [];
  const output = readline.createInterface({ input: child.stdout });
  child.stderr.resume();
  const ready = new Promise<string>((resolve, reject) => {
    output.on("line", (line) => {
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        return;
      }
      // Access lines are many: only the others are kept.
      if (entry.msg !== "request completed") lines.push(entry);
      if (entry.msg === "gateway ready") resolve(entry.url!);
    });
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code} before it was ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let url: string;
  try {
    url = await ready;
  } catch (error) {
    await database.drop();
    throw error;
  }
  const stat = () => fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticksPerSecond = 100;
  return {
    child,
    url,
    lines,
    database,
    cpuMs: () => {
      const fields = stat();
      // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted here from field 3 (state).
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    },
    rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
    async createToken(role, name = `test ${role}`) {
      const dataSource = createDataSource(parseDatabaseUrl(database.url), { entities, beforeCommit });
      await dataSource.initialize();
      try {
        const tokens = new TokenService(dataSource, new MutationRunner(dataSource));
        const { secret } = await tokens.create(CLI_ACTOR, { name, role: role === "admin" ? Role.ADMIN : Role.EDITOR });
        return secret;
      } finally {
        await dataSource.destroy();
      }
    },
    async stop() {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
      await database.drop();
    },
  };
}
