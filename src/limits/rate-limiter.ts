import type { RateLimiterRes } from "rate-limiter-flexible";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { RateLimitConfig } from "../config";
import type { RedisConnection } from "../redis/redis-connection";

/** Spends a client's points; rejects with a RateLimiterRes when the budget is spent. */
export interface RateLimiter {
  consume(client: string, points: number): Promise<RateLimiterRes>;
}

/**
 * The per-client budgets. In memory for a single instance; with Redis, the counters are shared, so a client
 * spreading its requests over every instance still has one budget.
 *
 * The in-memory limiter is also RateLimiterRedis's insurance: whenever a Redis call fails, rate-limiter-flexible
 * charges it instead, and while the connection is known to be down we go to it directly, without trying Redis.
 * During an outage each instance therefore enforces the budget on its own (a client can then spend up to one
 * budget per instance), and counts start afresh in Redis when it is back.
 */
export function createRateLimiter(rateLimit: RateLimitConfig, redis: RedisConnection | null = null): RateLimiter {
  const options = { points: rateLimit.points, duration: rateLimit.windowSeconds };
  const memory = new RateLimiterMemory(options);
  if (!redis) return memory;
  const shared = new RateLimiterRedis({
    ...options,
    storeClient: redis.commands,
    keyPrefix: "rate",
    insuranceLimiter: memory,
    // Not ready (reconnecting): straight to the insurance limiter, no command attempted.
    rejectIfRedisNotReady: true,
  });
  return {
    consume(client, points) {
      if (redis.available) return shared.consume(client, points);
      redis.countFallback("rate_limit");
      return memory.consume(client, points);
    },
  };
}
