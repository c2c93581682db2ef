import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { createTestDatabase, inspectDatabase } from "./helpers/database";
import { syntheticDirectory } from "./helpers/synthetic-directory";

const ROOT = path.join(__dirname, "..");
/** The npm a user runs: the one that runs this test, or the one on PATH. */
const NPM_CLI = process.env.npm_execpath;

interface Launched {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(stream: "stdout" | "stderr", match: (line: string) => boolean): Promise<string>;
}

/** Runs `npm <args>` as a user would type it, collecting its output line by line. */
function npm(args: string[], env: Record<string, string>): Launched {
  const [command, argv] = NPM_CLI?.endsWith(".js") ? [process.execPath, [NPM_CLI, ...args]] : ["npm", args];
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env } }) as ChildProcessWithoutNullStreams;
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  const waiters: { stream: "stdout" | "stderr"; match: (line: string) => boolean; resolve: (l: string) => void }[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    readline.createInterface({ input: child[stream] }).on("line", (line) => {
      lines[stream].push(line);
      for (const waiter of waiters.filter((w) => w.stream === stream && w.match(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    ...lines,
    exited,
    waitFor: (stream, match) =>
      new Promise((resolve, reject) => {
        const seen = lines[stream].find(match);
        if (seen !== undefined) return resolve(seen);
        waiters.push({ stream, match, resolve });
        void exited.then(() => reject(new Error(`npm ${args.join(" ")} exited before printing the line awaited`)));
      }),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes `pid` started (Linux), so a test can check none is left running. */
function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandLineOf(pid: number): string {
  return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
}

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("signals sent to the process a user sees", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "`npm start` given %s: the gateway drains and exits, npm exits, nothing keeps serving the port",
    async (signal) => {
      const database = await createTestDatabase();
      const started = npm(["start"], { DATABASE_URL: database.url, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" });
      let gatewayPid: number | undefined;
      try {
        const ready = JSON.parse(
          await within(
            started.waitFor("stdout", (line) => line.includes('"gateway ready"')),
            60_000,
            "gateway ready",
          ),
        ) as { url: string };
        // exec: the gateway is npm's own child, not a shell's child that a signal to npm would orphan.
        const children = childrenOf(started.child.pid!);
        expect(children).toHaveLength(1);
        gatewayPid = children[0]!;
        expect(commandLineOf(gatewayPid)).toMatch(/node.* dist\/src\/app\/main\.js$/);
        expect((await fetch(new URL("/healthz", ready.url))).status).toBe(200);

        process.kill(started.child.pid!, signal);
        const exit = await within(started.exited, 15_000, `npm start exiting on ${signal}`);
        expect(exit.code === 0 || exit.signal === signal).toBe(true);
        expect(started.stdout.some((line) => line.includes('"stopped"'))).toBe(true);
        expect(alive(gatewayPid)).toBe(false);
        expect(await refusesConnections(ready.url)).toBe(true);
      } finally {
        started.child.kill("SIGKILL");
        if (gatewayPid && alive(gatewayPid)) process.kill(gatewayPid, "SIGKILL");
        await started.exited;
        await database.drop();
      }
    },
    90_000,
  );

  it("`npm run import` given SIGTERM stops the import itself, which writes nothing", async () => {
    const database = await createTestDatabase();
    const file = path.join(database.dir, "large.json");
    fs.writeFileSync(file, JSON.stringify(syntheticDirectory({ meetings: 4000, agendaItems: 3, slugPrefix: "sig" })));
    const env = { DATABASE_URL: database.url };
    const seeded = npm(["run", "-s", "seed"], env);
    expect((await seeded.exited).code).toBe(0);
    const countMeetings = () => inspectDatabase(database, (db) => db.count("SELECT COUNT(*) AS n FROM meeting"));
    const before = await countMeetings();

    const importing = npm(["run", "-s", "import", "--", file], env);
    let importPids: number[] = [];
    try {
      await within(
        importing.waitFor("stderr", (line) => line.startsWith("meetings ")),
        60_000,
        "the import's first progress line",
      );
      importPids = childrenOf(importing.child.pid!);
      expect(importPids).toHaveLength(1);
      expect(commandLineOf(importPids[0]!)).toMatch(/node dist\/src\/app\/cli\/import\.js /);
      process.kill(importing.child.pid!, "SIGTERM");
      const exit = await within(importing.exited, 10_000, "npm run import exiting on SIGTERM");
      expect(exit.code).not.toBe(0);
      expect(importing.stdout.join("\n")).not.toMatch(/change\(s\) changed/);
      expect(importPids.filter(alive)).toEqual([]);
      expect(await countMeetings()).toBe(before);
    } finally {
      importing.child.kill("SIGKILL");
      for (const pid of importPids.filter(alive)) process.kill(pid, "SIGKILL");
      await importing.exited;
      await database.drop();
    }
  }, 120_000);
});

describe("compiled once", () => {
  it("a build with nothing changed does not run the compiler and leaves dist/ as it is", () => {
    const entryPoint = path.join(ROOT, "dist", "src", "app", "main.js");
    const before = fs.statSync(entryPoint).mtimeMs;
    const check = spawnSync(process.execPath, ["scripts/build.mjs", "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(check.stderr.trim()).toBe("dist/ is current");
    expect(check.status).toBe(0);
    const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status).toBe(0);
    expect(build.stderr).not.toMatch(/compiled/);
    expect(fs.statSync(entryPoint).mtimeMs).toBe(before);
  });

  // That `npm run -s token:create` prints the token alone on stdout is checked by test/readme.e2e.test.ts,
  // which runs the README's own command.
});
