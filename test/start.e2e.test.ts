import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { createTestDatabase } from "./helpers/database";

const ROOT = path.join(__dirname, "..");

interface LogLine {
  msg: string;
  url?: string;
  [key: string]: unknown;
}

/** Starts `node dist/src/app/main.js` as `npm start` does (production mode) and waits for "gateway ready". */
async function startProcess(databaseUrl: string) {
  const child = spawn(process.execPath, ["dist/src/app/main.js"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
    },
  }) as ChildProcessWithoutNullStreams;
  const lines: LogLine[] = [];
  const output = readline.createInterface({ input: child.stdout });
  const ready = new Promise<string>((resolve, reject) => {
    output.on("line", (line) => {
      const entry = JSON.parse(line) as LogLine;
      lines.push(entry);
      if (entry.msg === "gateway ready") resolve(entry.url!);
    });
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code} before it was ready`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, url: await ready, lines, exited };
}

describe("the gateway process", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "migrates and seeds a fresh database, serves the seeded meeting, and stops cleanly on %s",
    async (signal) => {
      const database = await createTestDatabase();
      const gateway = await startProcess(database.url);
      try {
        expect(gateway.lines.map((l) => l.msg)).toEqual(
          expect.arrayContaining(["migrations applied", "empty directory seeded", "gateway ready"]),
        );
        const response = await fetch(gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { host { shortName } } }`,
          }),
        });
        expect(await response.json()).toMatchObject({ data: { meeting: { host: { shortName: "SUNAT" } } } });
        const health = await fetch(new URL("/healthz", gateway.url));
        expect(health.status).toBe(200);
        const ready = await fetch(new URL("/readyz", gateway.url));
        expect(await ready.json()).toEqual({ status: "ready" });

        gateway.child.kill(signal);
        expect(await gateway.exited).toBe(0);
        expect(gateway.lines.map((l) => l.msg)).toContain("stopped");
      } finally {
        gateway.child.kill("SIGKILL");
        await gateway.exited;
        await database.drop();
      }
    },
  );

  it("keeps a restarted gateway's data and does not seed twice", async () => {
    const database = await createTestDatabase();
    try {
      const first = await startProcess(database.url);
      first.child.kill("SIGTERM");
      await first.exited;
      const second = await startProcess(database.url);
      expect(second.lines.map((l) => l.msg)).not.toContain("empty directory seeded");
      expect(second.lines.map((l) => l.msg)).not.toContain("migrations applied");
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it("answers refusals in production without stack traces or source paths", async () => {
    const database = await createTestDatabase();
    const gateway = await startProcess(database.url);
    try {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ meetings(first: 1) { totalCount } }" }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      const invalid = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ meetings(first: 500) { totalCount } }" }),
      });
      const text = await invalid.text();
      expect(text).toContain("BAD_USER_INPUT");
      expect(text).not.toMatch(/stacktrace|\.ts:|node_modules/);
    } finally {
      gateway.child.kill("SIGKILL");
      await gateway.exited;
      await database.drop();
    }
  });
});
