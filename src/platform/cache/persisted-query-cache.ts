import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { RedisConnection } from "../redis/redis-connection";

/**
 * The store of automatic persisted queries (hash → document) shared by every instance: a client that
 * registered a query through one instance can send only its hash to any other.
 *
 * An entry never changes (the key is the document's SHA-256), so each instance keeps the ones it has seen in
 * a bounded in-memory LRU in front of Redis and asks Redis only on a local miss. While Redis is down, the LRU
 * alone answers; a hash it does not know gets PERSISTED_QUERY_NOT_FOUND, and APQ clients then resend the
 * full document, so an outage costs a round trip, never a failed request. Apollo prefixes keys with `apq:`.
 */
export class PersistedQueryCache implements KeyValueCache<string> {
  private readonly local = new InMemoryLRUCache<string>({ maxSize: 16 * 1024 * 1024 });

  constructor(private readonly redis: RedisConnection) {}

  async get(key: string): Promise<string | undefined> {
    const known = await this.local.get(key);
    if (known !== undefined) return known;
    const shared = await this.redis.use(
      "persisted_queries",
      (client) => client.get(key),
      () => null,
    );
    if (shared === null) return undefined;
    await this.local.set(key, shared);
    return shared;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.local.set(key, value, options);
    await this.redis.use(
      "persisted_queries",
      async (client) => {
        if (options?.ttl) await client.set(key, value, "EX", options.ttl);
        else await client.set(key, value);
      },
      () => undefined,
    );
  }

  async delete(key: string): Promise<boolean | void> {
    await this.local.delete(key);
    await this.redis.use(
      "persisted_queries",
      async (client) => {
        await client.del(key);
      },
      () => undefined,
    );
  }
}
