import type { RedisOptions } from "ioredis";
import { Redis } from "ioredis";
import { Counter, Gauge } from "prom-client";
import type { Registry } from "prom-client";
import type { RedisConfig } from "../../config";
import type { Logger } from "../logger";

/** What Redis is used for; each falls back to this process on its own when Redis fails. */
export type RedisUse = "response_cache" | "persisted_queries" | "rate_limit" | "events";

type State = "connecting" | "up" | "down";

/**
 * Redis is optional and disposable, so a request must never wait for it: commands are refused at once while
 * the connection is down (no offline queue), commands in flight when it drops fail at once (no retry), and a
 * Redis that accepts connections but stops answering costs at most `commandTimeout` before the connection
 * is marked down. Reconnection keeps being tried in the background, at most every 2 s.
 */
const CLIENT_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  // The subscriber re-subscribes in our recovery step, awaited and checked, not in ioredis's unchecked one.
  autoResubscribe: false,
  connectTimeout: 2_000,
  commandTimeout: 1_000,
  // Closing a client that is still trying to connect waits this long for the attempt (default 2 s).
  disconnectTimeout: 200,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
};

/** While down, how often we check whether Redis answers again (reconnections also trigger a check). */
const PROBE_INTERVAL_MS = 1_000;

/**
 * The process's connection to Redis: one client for commands (keys under the configured prefix) and one for
 * subscriptions (a subscribed connection can run nothing else).
 *
 * It keeps one state for every use: while Redis is down, every use takes its in-process fallback without
 * trying Redis, so an outage costs requests nothing. The outage is logged once (warn) and the recovery once
 * (info). Recovery runs the hooks the users registered (re-subscribe, invalidate what changed meanwhile)
 * before any use goes back to Redis.
 */
export class RedisConnection {
  readonly commands: Redis;
  readonly subscriber: Redis;
  readonly keyPrefix: string;
  private state: State = "connecting";
  private recovering: Promise<void> | undefined;
  private probe: NodeJS.Timeout | undefined;
  private closing = false;
  private started = false;
  private readonly recoveryHooks: (() => Promise<void>)[] = [];
  private readonly outageHooks: (() => void)[] = [];
  private readonly stateWaiters = new Set<() => void>();
  private readonly upGauge: Gauge;
  private readonly fallbacks: Counter<"use">;

  constructor(
    config: RedisConfig,
    private readonly log: Logger,
    registry: Registry,
  ) {
    this.keyPrefix = config.keyPrefix;
    this.upGauge = new Gauge({
      name: "redis_up",
      help: "1 while the shared Redis answers, 0 while the gateway runs on in-process fallbacks.",
      registers: [registry],
    });
    this.fallbacks = new Counter({
      name: "redis_fallbacks_total",
      help: "Uses of an in-process fallback because Redis was down or failed, by use.",
      labelNames: ["use"] as const,
      registers: [registry],
    });
    this.commands = new Redis(config.url, { ...CLIENT_OPTIONS, keyPrefix: config.keyPrefix });
    this.subscriber = new Redis(config.url, CLIENT_OPTIONS);
    for (const client of [this.commands, this.subscriber]) {
      client.on("ready", () => this.tryRecover());
      client.on("close", () => this.markDown("connection closed"));
      // ioredis emits an error for every failed reconnection attempt; the state change is what we log.
      client.on("error", (error: Error) => this.log.debug({ err: error }, "Redis client error"));
    }
  }

  /** True while uses go through Redis. */
  get available(): boolean {
    return this.state === "up";
  }

  /** Runs before uses go back to Redis after an outage (and when it is first reached); a failure keeps it down. */
  onRecovery(hook: () => Promise<void>): void {
    this.recoveryHooks.push(hook);
  }

  /** Runs when Redis becomes unavailable. */
  onOutage(hook: () => void): void {
    this.outageHooks.push(hook);
  }

  /**
   * Runs `work` on Redis, or `fallback` in-process when Redis is down or `work` fails for want of it (which
   * marks Redis down). An error Redis itself answered (a bad command) also falls back but says nothing about
   * the connection.
   */
  async use<T>(use: RedisUse, work: (client: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (this.state !== "up") {
      this.fallbacks.inc({ use });
      return fallback();
    }
    try {
      return await work(this.commands);
    } catch (error) {
      this.fallbacks.inc({ use });
      if (isReplyError(error)) this.log.error({ err: error, use }, "Redis refused a command");
      else this.markDown(`${use} failed`, error);
      return fallback();
    }
  }

  /**
   * Told by a use that took its in-process fallback by itself (rate-limiter-flexible's insurance limiter, which
   * it charges when a Redis call fails): counted, and Redis is marked down if it was thought up.
   */
  fellBack(use: RedisUse): void {
    this.fallbacks.inc({ use });
    this.markDown(`${use} failed`);
  }

  /**
   * Starts using Redis once every user has registered its recovery hooks (they also run on the first
   * connection). Resolves true once Redis is up, or false once it is found unreachable or after `timeoutMs`:
   * the gateway then starts on its in-process fallbacks and switches to Redis when it answers.
   */
  async start(timeoutMs: number): Promise<boolean> {
    this.started = true;
    this.tryRecover();
    const deadline = Date.now() + timeoutMs;
    // A refused connection marks Redis down at once: no reason to hold start-up for the rest of the wait.
    while (this.state === "connecting" && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.stateWaiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.state === "connecting") this.markDown("not reachable at start-up");
    return this.state === "up";
  }

  /** Closes both clients and stops reconnecting; a pending reply gets one second. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.probe);
    await Promise.all(
      [this.commands, this.subscriber].map(async (client) => {
        try {
          await Promise.race([client.quit(), new Promise((_, reject) => setTimeout(reject, 1_000).unref())]);
        } catch {
          client.disconnect();
        }
      }),
    );
  }

  private setState(state: State): void {
    this.state = state;
    this.upGauge.set(state === "up" ? 1 : 0);
    for (const wake of this.stateWaiters) wake();
    this.stateWaiters.clear();
  }

  private markDown(reason: string, error?: unknown): void {
    if (this.closing || this.state === "down") return;
    this.setState("down");
    this.log.warn(
      { err: error, reason },
      "Redis unavailable: response cache, persisted queries, rate limits and subscription events fall back to this instance",
    );
    for (const hook of this.outageHooks) hook();
    this.probe ??= setInterval(() => this.tryRecover(), PROBE_INTERVAL_MS).unref();
  }

  /** Both connections ready, then every recovery hook succeeded: uses go back to Redis. */
  private tryRecover(): void {
    if (!this.started || this.closing || this.state === "up" || this.recovering) return;
    if (this.commands.status !== "ready" || this.subscriber.status !== "ready") return;
    this.recovering = (async () => {
      try {
        await this.commands.ping();
        for (const hook of this.recoveryHooks) await hook();
      } catch (error) {
        this.log.debug({ err: error }, "Redis recovery attempt failed");
        return;
      } finally {
        this.recovering = undefined;
      }
      // A connection that dropped while the hooks ran stays down; its reconnection tries again.
      if (this.closing || this.commands.status !== "ready" || this.subscriber.status !== "ready") return;
      const restored = this.state === "down";
      clearInterval(this.probe);
      this.probe = undefined;
      this.setState("up");
      this.log.info({ restored }, restored ? "Redis available again: shared state back in Redis" : "Redis connected");
    })();
  }
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError";
}
