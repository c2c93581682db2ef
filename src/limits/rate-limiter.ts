import type { IRateLimiterOptions } from "rate-limiter-flexible";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitConfig } from "../config";
import type { RedisConnection } from "../redis/redis-connection";

/** Spends a client's points; rejects with a RateLimiterRes when the budget is spent. */
export interface RateLimiter {
  consume(client: string, points: number): Promise<RateLimiterRes>;
  /** Gives points back (a charge that is passed on to be made, and refused, elsewhere). */
  reward(client: string, points: number): Promise<RateLimiterRes>;
}

/**
 * The in-memory limiter RateLimiterRedis falls back to ("insurance"): rate-limiter-flexible charges it
 * whenever a Redis call fails and says nothing, so each charge is reported to the connection, which marks
 * Redis down (and counts the fallback) like any other failed use.
 */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory["consume"]>): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(...args);
  }
}

/**
 * The per-client budgets. In memory for a single instance; with Redis, the counters are shared, so a client
 * spreading its requests over every instance still has one budget.
 *
 * While Redis is down (known, or found out by a failing call) the in-memory insurance limiter counts instead:
 * each instance then enforces the budget on its own (a client can spend up to one budget per instance), and
 * counts start afresh in Redis when it is back.
 */
export function createRateLimiter(rateLimit: RateLimitConfig, redis: RedisConnection | null = null): RateLimiter {
  const options = { points: rateLimit.points, duration: rateLimit.windowSeconds };
  if (!redis) return new RateLimiterMemory(options);
  const insurance = new InsuranceLimiter(options, () => redis.fellBack("rate_limit"));
  const shared = new RateLimiterRedis({
    ...options,
    storeClient: redis.commands,
    keyPrefix: "rate",
    insuranceLimiter: insurance,
    // Not connected (reconnecting): straight to the insurance limiter, no command attempted.
    rejectIfRedisNotReady: true,
  });
  return {
    consume(client, points) {
      return redis.available ? shared.consume(client, points) : insurance.consume(client, points);
    },
    reward(client, points) {
      return redis.available ? shared.reward(client, points) : insurance.reward(client, points);
    },
  };
}

/**
 * What a response served from the response cache costs: one point of the anonymous client's budget (it costs
 * the gateway a lookup, whatever the operation's size). Resolves false when the budget is spent: the point is
 * given back and the request goes on to Apollo, which charges and refuses it with RATE_LIMITED like any
 * other, so a refused request is counted once.
 */
export function cachedResponseCharge(rateLimit: RateLimitConfig, limiter: RateLimiter) {
  return async (clientIp: string): Promise<boolean> => {
    if (!rateLimit.enabled) return true;
    try {
      await limiter.consume(`ip:${clientIp}`, 1);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      await limiter.reward(`ip:${clientIp}`, 1);
      return false;
    }
  };
}
