import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequest } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import { BufferLRUCache } from "./buffer-lru-cache";
import type { GatewayContext } from "../context";
import type { RedisConnection } from "../redis/redis-connection";

interface CachedResult {
  data: Record<string, unknown>;
}

/**
 * Which cache generation a lookup saw: Redis's shared counter, or this process's own while Redis is down.
 * A response is stored under the generation its computation started in, never a later one.
 */
export type Generation = { shared: true; value: string } | { shared: false; value: number };

/** What Redis holds for one query: the response and the generation it was computed in. */
interface SharedEntry {
  generation: string;
  data: Record<string, unknown>;
}

const GENERATION_KEY = "response-generation";

/**
 * Whole-response cache for anonymous queries: dashboards poll the same queries every few seconds, and the
 * directory changes rarely. Entries live `ttlSeconds`; every successful mutation empties the cache at once
 * (by moving to a new key generation), so no one reads a stale answer after a change made through this
 * gateway. Authenticated requests are never cached: admins' queries (tokens, audit) are private.
 *
 * With Redis, the cache and its generation are shared by every instance: a mutation on any instance
 * increments the generation in Redis before its response is sent, and every lookup reads the generation and
 * the entry in one round trip (MGET), serving the entry only if it was computed in the current generation.
 * So no instance serves a response older than a mutation another instance has acknowledged. While Redis is
 * down, each instance uses its own in-memory cache and generation (it cannot hear of other instances'
 * mutations then, so their changes show after at most `ttlSeconds`); when Redis is back, the shared
 * generation is incremented first, for the mutations Redis missed.
 *
 * Written as a small Apollo plugin rather than with Apollo's response-cache plugin, which needs the
 * cache-control plugin and its per-field hints (a ~45% cost on large lists) and cannot invalidate on
 * mutations.
 */
export class ResponseCache {
  private localGeneration = 0;

  constructor(
    readonly ttlSeconds: number,
    private readonly redis: RedisConnection | null = null,
    private readonly local: KeyValueCache<string> = new BufferLRUCache(16 * 1024 * 1024),
  ) {
    // What this instance cached during an earlier outage may predate mutations made elsewhere since.
    redis?.onOutage(() => (this.localGeneration += 1));
    // Mutations made while this instance could not reach Redis did not increment the shared generation.
    // A Redis that restarted empty has lost the counter: it restarts from the clock, above every value
    // used before, so a response computed before the restart and stored after it is never served.
    redis?.onRecovery(async () => {
      await redis.commands.set(GENERATION_KEY, String(Date.now()), "NX");
      await redis.commands.incr(GENERATION_KEY);
    });
  }

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  private hash(request: GraphQLRequest): string {
    return createHash("sha256")
      .update(request.query ?? "")
      .update("\u0000")
      .update(request.operationName ?? "")
      .update("\u0000")
      .update(JSON.stringify(request.variables ?? {}))
      .digest("base64url");
  }

  private localKey(hash: string, generation: number): string {
    return `response:${generation}:${hash}`;
  }

  /** The cached response for this request, if any, and the generation to store a fresh one under. */
  async lookup(request: GraphQLRequest): Promise<{ hit: CachedResult | undefined; generation: Generation }> {
    const hash = this.hash(request);
    const fromProcess = async () => {
      const generation = this.localGeneration;
      const hit = await this.local.get(this.localKey(hash, generation));
      return {
        hit: hit === undefined ? undefined : (JSON.parse(hit) as CachedResult),
        generation: { shared: false, value: generation } as const,
      };
    };
    if (!this.redis) return fromProcess();
    const found = await this.redis.use(
      "response_cache",
      async (client) => {
        const [generation, entry] = await client.mget(GENERATION_KEY, `response:${hash}`);
        return { generation: generation ?? "0", entry };
      },
      () => null,
    );
    if (!found) return fromProcess();
    const entry = parseEntry(found.entry);
    return {
      hit: entry?.generation === found.generation ? { data: entry.data } : undefined,
      generation: { shared: true, value: found.generation },
    };
  }

  /**
   * Stores a response computed during `generation`. If a mutation committed meanwhile, the response may
   * predate it: in-process it is dropped; in Redis it is stored tagged with its (old) generation, which no
   * lookup serves any more.
   */
  async store(request: GraphQLRequest, result: CachedResult, generation: Generation): Promise<void> {
    const hash = this.hash(request);
    if (generation.shared) {
      const entry: SharedEntry = { generation: generation.value, data: result.data };
      await this.redis?.use(
        "response_cache",
        async (client) => {
          await client.set(`response:${hash}`, JSON.stringify(entry), "EX", this.ttlSeconds);
        },
        () => undefined,
      );
      return;
    }
    if (generation.value !== this.localGeneration) return;
    await this.local.set(this.localKey(hash, generation.value), JSON.stringify(result), { ttl: this.ttlSeconds });
  }

  /**
   * Forgets every cached response, here and (with Redis) on every instance: old keys are never read again
   * and age out. If Redis fails now, its recovery increments the shared generation instead.
   */
  async invalidateAll(): Promise<void> {
    this.localGeneration += 1;
    await this.redis?.use(
      "response_cache",
      async (client) => {
        await client.incr(GENERATION_KEY);
      },
      () => undefined,
    );
  }
}

/** An entry read from Redis; anything unreadable (written by another version, say) is a miss, not an error. */
function parseEntry(raw: string | null): SharedEntry | null {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as SharedEntry;
  } catch {
    return null;
  }
}

export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let servedFromCache = false;
      let cacheable = false;
      let generation: Generation | undefined;
      return {
        async responseForOperation({ request, operation, contextValue }) {
          cacheable = cache.enabled && operation.operation === "query" && contextValue.caller === null;
          if (!cacheable) return null;
          const { hit, generation: current } = await cache.lookup(request);
          generation = current;
          if (!hit) return null;
          servedFromCache = true;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: "single", singleResult: { data: hit.data } },
          };
        },
        async willSendResponse({ request, response, operation }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const succeeded = !result.errors?.length && result.data != null;
          // Awaited: the mutation's client hears back only once no instance can serve what it changed.
          if (operation?.operation === "mutation" && succeeded) await cache.invalidateAll();
          if (cacheable && succeeded) {
            response.http.headers.set("cache-control", `public, max-age=${cache.ttlSeconds}`);
            response.http.headers.set("x-cache", servedFromCache ? "HIT" : "MISS");
            if (!servedFromCache && generation)
              await cache.store(request, { data: result.data as Record<string, unknown> }, generation);
          } else {
            response.http.headers.set("cache-control", "private, no-store");
          }
        },
      };
    },
  };
}
