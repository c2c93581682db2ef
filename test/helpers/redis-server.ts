import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";

/** A port nobody listens on right now (the OS picks it; we release it for redis-server to take). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An ioredis client for a test to look into Redis; it gives up at once when Redis is not there. */
export function inspectorClient(url: string): Redis {
  // A short disconnectTimeout: disconnecting a client whose connection attempt failed otherwise leaves a 2 s
  // timer behind, which keeps jest waiting after the tests.
  return new Redis(url, {
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    disconnectTimeout: 10,
  });
}

/**
 * A redis-server of the test's own, without persistence, on a fixed port: a test can kill it to cut Redis off
 * mid-run (SIGKILL, as a crash or a lost host would) and start it again on the same port, empty.
 */
export class ThrowawayRedis {
  private process: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(port ?? (await freePort()));
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server on this port and resolves once it answers PING. */
  async restart(): Promise<void> {
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    this.process = child;
    let spawnError: Error | undefined;
    child.once("error", (error) => (spawnError = error));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (spawnError) {
        throw new Error(
          `cannot run redis-server (${spawnError.message}): the Redis tests need it installed (apt-get install redis-server)`,
        );
      }
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      const probe = inspectorClient(this.url);
      try {
        await probe.connect();
        if ((await probe.ping()) === "PONG") return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        probe.disconnect();
      }
    }
  }

  /** Freezes redis-server (SIGSTOP): connections stay open but nothing is answered, as on a hung host. */
  freeze(): void {
    this.process?.kill("SIGSTOP");
  }

  /** Lets a frozen redis-server carry on (SIGCONT). */
  thaw(): void {
    this.process?.kill("SIGCONT");
  }

  /** Kills redis-server outright and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}
