import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequest } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { GatewayContext } from "../context";

interface CachedResult {
  data: Record<string, unknown>;
}

/**
 * Whole-response cache for anonymous queries: dashboards poll the same queries every few seconds, and the
 * directory changes rarely. Entries live `ttlSeconds`; every successful mutation empties the cache at once
 * (by moving to a new key generation), so no one reads a stale answer after a change made through this
 * gateway. Authenticated requests are never cached: admins' queries (tokens, audit) are private.
 *
 * Written as a small Apollo plugin rather than with Apollo's response-cache plugin, which needs the
 * cache-control plugin and its per-field hints (a ~45% cost on large lists) and cannot invalidate on
 * mutations.
 */
export class ResponseCache {
  private generation = 0;

  constructor(
    readonly ttlSeconds: number,
    private readonly store: KeyValueCache<string> = new InMemoryLRUCache<string>({ maxSize: 64 * 1024 * 1024 }),
  ) {}

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  /** The current generation; a response computed under an older one must not be stored. */
  get currentGeneration(): number {
    return this.generation;
  }

  private key(request: GraphQLRequest, generation = this.generation): string {
    const hash = createHash("sha256")
      .update(request.query ?? "")
      .update("\u0000")
      .update(request.operationName ?? "")
      .update("\u0000")
      .update(JSON.stringify(request.variables ?? {}))
      .digest("base64url");
    return `response:${generation}:${hash}`;
  }

  async get(request: GraphQLRequest): Promise<CachedResult | undefined> {
    const hit = await this.store.get(this.key(request));
    return hit === undefined ? undefined : (JSON.parse(hit) as CachedResult);
  }

  /**
   * Stores a response computed during `generation`. If a mutation committed meanwhile, the response may
   * predate it: it is dropped rather than stored under the new generation.
   */
  async set(request: GraphQLRequest, result: CachedResult, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    await this.store.set(this.key(request, generation), JSON.stringify(result), { ttl: this.ttlSeconds });
  }

  /** Forgets every cached response: old keys are never read again and age out of the LRU. */
  invalidateAll(): void {
    this.generation += 1;
  }
}

export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let servedFromCache = false;
      let cacheable = false;
      let generation = cache.currentGeneration;
      return {
        async responseForOperation({ request, operation, contextValue }) {
          cacheable = cache.enabled && operation.operation === "query" && contextValue.caller === null;
          if (!cacheable) return null;
          generation = cache.currentGeneration;
          const hit = await cache.get(request);
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
          if (operation?.operation === "mutation" && succeeded) cache.invalidateAll();
          if (cacheable && succeeded) {
            response.http.headers.set("cache-control", `public, max-age=${cache.ttlSeconds}`);
            response.http.headers.set("x-cache", servedFromCache ? "HIT" : "MISS");
            if (!servedFromCache)
              await cache.set(request, { data: result.data as Record<string, unknown> }, generation);
          } else {
            response.http.headers.set("cache-control", "private, no-store");
          }
        },
      };
    },
  };
}
