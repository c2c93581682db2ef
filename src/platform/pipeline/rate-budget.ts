import type { IRateLimiterOptions } from "rate-limiter-flexible";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitConfig } from "../../config";
import type { RedisConnection } from "../redis/redis-connection";
import type { MaybePromise } from "../../common/maybe-promise";
import type { Refusal } from "./refusal";
import { refusal } from "./refusal";

/** Spends a client's points; rejects with a RateLimiterRes when the budget is spent. */
export interface RateLimiter {
  consume(client: string, points: number): Promise<RateLimiterRes>;
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
  };
}

/** How many points each step of a request costs the client (see the README's "Rate limits"). */
export interface Charges {
  /** Every request, refused or not, before any work: a lookup in the response cache included. */
  admission: number;
  /** A document text not seen before: parsing and validating it. */
  newDocument: number;
}

export const CHARGES: Charges = { admission: 1, newDocument: 1 };

/**
 * Each client's rate budget: charged before each step of the pipeline for what that step will cost, so that
 * a client whose budget is spent is refused before the gateway does any of the work, however invalid its
 * requests (a flood of invalid documents gets 429 like a flood of valid ones).
 */
export class RateBudget {
  constructor(
    private readonly config: RateLimitConfig,
    private readonly limiter: RateLimiter,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * The points an admitted operation costs in all: 1 + 1 per `costPerPoint` of its price, and a mutation at least
   * its weight (a mutation's price counts the objects its input writes: a whole meeting entered at once costs more).
   */
  weightOf(type: "query" | "mutation" | "subscription", cost: number): number {
    const priced = 1 + Math.floor(cost / this.config.costPerPoint);
    const weight = type === "mutation" ? Math.max(this.config.mutationWeight, priced) : priced;
    return Math.min(weight, this.config.points);
  }

  /** Spends `points` of `client`'s budget; a refusal (RATE_LIMITED, with Retry-After) when it is spent. */
  charge(client: string, points: number): MaybePromise<Refusal | null> {
    if (!this.config.enabled || points <= 0) return null;
    return this.limiter.consume(client, points).then(
      () => null,
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        return refusal("RATE_LIMITED", `Too many requests: this client's budget is spent; retry in ${retryAfter} s.`, {
          extensions: { retryAfterSeconds: retryAfter },
          headers: { "retry-after": String(retryAfter) },
          limit: "rate",
        });
      },
    );
  }
}
