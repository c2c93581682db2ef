import { createHash } from "node:crypto";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { Refusal } from "./refusal";
import { refusal } from "./refusal";

/** Keys of the store, as Apollo Server wrote them, so a shared Redis store keeps working across versions. */
const KEY_PREFIX = "apq:";

/** Persisted-query errors must not be cached by proxies: the same request succeeds once the query is sent. */
const NO_CACHE = { "cache-control": "private, no-cache, must-revalidate" };

interface PersistedQueryExtension {
  version?: unknown;
  sha256Hash?: unknown;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * Automatic persisted queries (the protocol of Apollo Client's persisted-queries link): a client sends the
 * SHA-256 of a document instead of the document; an unknown hash is answered PERSISTED_QUERY_NOT_FOUND, the
 * client then sends both, and the gateway keeps the document (once it has validated) under its hash. The
 * store is an in-process LRU, or Redis shared by every instance (src/platform/cache/persisted-query-cache.ts).
 */
export class PersistedQueries {
  constructor(
    private readonly store: KeyValueCache<string> = new InMemoryLRUCache<string>({ maxSize: 16 * 1024 * 1024 }),
    private readonly ttlSeconds?: number,
  ) {}

  /**
   * The document text of a request: its `query`, checked against its hash when it carries one; or, for a
   * hash alone, the stored text. `register` is set when the text should be stored once it has validated.
   */
  async resolve(
    query: string | undefined,
    extension: unknown,
  ): Promise<{ text: string; register: string | null } | Refusal> {
    const { version, sha256Hash } = (extension ?? {}) as PersistedQueryExtension;
    if (version !== 1 || typeof sha256Hash !== "string" || !/^[0-9a-f]{64}$/i.test(sha256Hash)) {
      return refusal("BAD_REQUEST", "Unsupported persisted query: send `{ version: 1, sha256Hash: <64 hex digits> }`");
    }
    const hash = sha256Hash.toLowerCase();
    if (query === undefined) {
      const stored = await this.store.get(KEY_PREFIX + hash);
      if (stored === undefined)
        return refusal("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", { headers: NO_CACHE });
      return { text: stored, register: null };
    }
    if (sha256Hex(query) !== hash) {
      return refusal(
        "PERSISTED_QUERY_HASH_MISMATCH",
        "The persisted query's sha256Hash is not the SHA-256 of the query sent with it",
      );
    }
    return { text: query, register: hash };
  }

  /** Keeps a validated document under its hash (failures only cost the next client a round trip). */
  async register(hash: string, text: string): Promise<void> {
    await this.store.set(KEY_PREFIX + hash, text, this.ttlSeconds ? { ttl: this.ttlSeconds } : undefined);
  }
}
