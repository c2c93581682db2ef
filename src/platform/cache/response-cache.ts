import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { RedisConnection } from "../redis/redis-connection";

/**
 * What identifies a cached response: the request exactly as sent (a POST body's bytes, or a GET's query
 * string), and the media type the client accepts. Dashboards send the same bytes at every poll; a request
 * that differs only in its JSON's spacing or key order is a miss, never a wrong answer.
 */
export interface CacheKeyParts {
  /** "POST" or "GET": the same bytes mean different requests over each. */
  method: string;
  request: Buffer | string;
  /** The request's Accept header: it decides the response's Content-Type. */
  accept: string;
  /**
   * The language negotiated from the request's Accept-Language (`fr`), or "" for none: it decides the texts.
   * The negotiated language, not the header: the many spellings of "French" share one entry.
   */
  language: string;
}

/** A response as it was sent: its Content-Type and body bytes. */
export interface CachedResponse {
  contentType: string;
  body: Buffer;
}

/**
 * Which cache generation a lookup saw: Redis's shared counter, or this process's own while Redis is down.
 * A response is stored under the generation its computation started in, never a later one.
 */
export type Generation = { shared: true; value: string } | { shared: false; value: number };

/** What Redis holds for one query: the response and the generation it was computed in. */
interface SharedEntry {
  generation: string;
  contentType: string;
  body: string;
}

const GENERATION_KEY = "response-generation";

/** In-process entries, by total body size: enough for the handful of queries dashboards poll. */
const LOCAL_MAX_BYTES = 16 * 1024 * 1024;

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
 * Lookups and stores happen in the GraphQL HTTP handler (src/platform/http/graphql-http.ts): a hit is answered before
 * the pipeline runs (no parsing, no validation, no SQL); a successful query of an anonymous caller is stored.
 */
export class ResponseCache {
  private localGeneration = 0;
  /**
   * Bodies are kept as buffers, outside the JavaScript heap: responses cached for seconds outlive the
   * young generation, and as strings they kept far more memory resident than their size under a load of
   * distinct responses (docs/benchmarks.md); a buffer's bytes go as soon as its evicted entry is collected.
   */
  private readonly local: LRUCache<string, CachedResponse>;

  constructor(
    readonly ttlSeconds: number,
    private readonly redis: RedisConnection | null = null,
    localMaxBytes = LOCAL_MAX_BYTES,
  ) {
    this.local = new LRUCache<string, CachedResponse>({
      maxSize: localMaxBytes,
      sizeCalculation: (entry) => entry.body.length || 1,
    });
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

  private hash(parts: CacheKeyParts): string {
    return createHash("sha256")
      .update(parts.method)
      .update("\u0000")
      .update(parts.accept)
      .update("\u0000")
      .update(parts.language)
      .update("\u0000")
      .update(parts.request)
      .digest("base64url");
  }

  private localKey(hash: string, generation: number): string {
    return `response:${generation}:${hash}`;
  }

  /** The cached response for this request, if any, and the generation to store a fresh one under. */
  async lookup(parts: CacheKeyParts): Promise<{ hit: CachedResponse | undefined; generation: Generation }> {
    const hash = this.hash(parts);
    const fromProcess = () => {
      const generation = this.localGeneration;
      return {
        hit: this.local.get(this.localKey(hash, generation)),
        generation: { shared: false, value: generation } as const,
      };
    };
    if (!this.redis) return fromProcess();
    const found = await this.redis.use(
      "response_cache",
      async (client) => {
        const [generation, entry] = await client.mget(GENERATION_KEY, `response:${hash}`);
        return { generation: generation ?? "0", entry: entry ?? null };
      },
      () => null,
    );
    if (!found) return fromProcess();
    const entry = parseEntry(found.entry);
    return {
      hit:
        entry?.generation === found.generation
          ? { contentType: entry.contentType, body: Buffer.from(entry.body, "utf8") }
          : undefined,
      generation: { shared: true, value: found.generation },
    };
  }

  /**
   * Stores a response computed during `generation`. If a mutation committed meanwhile, the response may
   * predate it: in-process it is dropped; in Redis it is stored tagged with its (old) generation, which no
   * lookup serves any more.
   */
  async store(parts: CacheKeyParts, response: CachedResponse, generation: Generation): Promise<void> {
    const hash = this.hash(parts);
    if (generation.shared) {
      const entry: SharedEntry = {
        generation: generation.value,
        contentType: response.contentType,
        body: response.body.toString("utf8"),
      };
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
    this.local.set(this.localKey(hash, generation.value), response, { ttl: this.ttlSeconds * 1000 });
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
    const entry = JSON.parse(raw) as Partial<SharedEntry> | null;
    const complete =
      typeof entry?.generation === "string" && typeof entry.contentType === "string" && typeof entry.body === "string";
    return complete ? (entry as SharedEntry) : null;
  } catch {
    return null;
  }
}
