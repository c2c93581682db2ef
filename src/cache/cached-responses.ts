import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Metrics } from "../observability/metrics";
import type { CacheKeyParts, ResponseCache } from "./response-cache";

/** Spends a client's rate budget for a response served from the cache; false when the budget is spent. */
export type ChargeCachedResponse = (clientIp: string) => Promise<boolean>;

/**
 * The key parts of a request the cache may answer, or null. Only anonymous requests with the operation's
 * text qualify: authenticated responses are private, and a request carrying `extensions` (an automatic
 * persisted query, say) must reach Apollo, which acts on them. A GET must carry one of the headers
 * Apollo's CSRF prevention requires of it, or Apollo refuses it, and so must the cache.
 */
function keyPartsOf(req: Request): CacheKeyParts | null {
  if (req.headers.authorization !== undefined) return null;
  const accept = req.headers.accept ?? "";
  if (req.method === "POST") {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body.query !== "string" || body.extensions !== undefined) return null;
    if (body.operationName != null && typeof body.operationName !== "string") return null;
    return {
      query: body.query,
      operationName: body.operationName ?? "",
      variables: JSON.stringify(body.variables ?? {}),
      accept,
    };
  }
  if (req.method === "GET") {
    if (!req.headers["apollo-require-preflight"] && !req.headers["x-apollo-operation-name"]) return null;
    const { query, operationName, variables, extensions } = req.query;
    if (typeof query !== "string" || extensions !== undefined) return null;
    if (operationName !== undefined && typeof operationName !== "string") return null;
    if (variables !== undefined && typeof variables !== "string") return null;
    return { query, operationName: operationName ?? "", variables: variables ?? "{}", accept };
  }
  return null;
}

/**
 * Serves anonymous queries from the response cache before Apollo, and stores what Apollo answers.
 *
 * A hit used to go through Apollo's whole pipeline and be parsed from the cache and serialised again: a
 * cached 50-meeting page still cost ~3–5 ms of CPU. Here a hit is a hash, a lookup and a write of the bytes
 * first sent (body and Content-Type), so a polling dashboard costs the gateway next to nothing. It is
 * charged one point of the client's rate budget; a client whose budget is spent is passed on to Apollo,
 * which refuses it as usual. On a miss, the body Apollo sends is stored if the response cache plugin marked
 * it cacheable (`x-cache: MISS`: a successful query of an anonymous caller), under the generation seen
 * before it was computed, so that a mutation committed meanwhile keeps it from being served.
 */
export function cachedResponses(
  cache: ResponseCache,
  chargeCachedResponse: ChargeCachedResponse,
  metrics: Metrics,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const parts = cache.enabled ? keyPartsOf(req) : null;
    if (!parts) return next();
    void (async () => {
      const { hit, generation } = await cache.lookup(parts);
      if (hit && (await chargeCachedResponse(req.ip ?? req.socket.remoteAddress ?? "unknown"))) {
        metrics.responseCacheHits.inc();
        res.status(200);
        res.setHeader("content-type", hit.contentType);
        res.setHeader("content-length", hit.body.length);
        res.setHeader("cache-control", `public, max-age=${cache.ttlSeconds}`);
        res.setHeader("x-cache", "HIT");
        res.end(hit.body);
        return;
      }
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        const contentType = res.getHeader("content-type");
        if (res.statusCode === 200 && res.getHeader("x-cache") === "MISS" && typeof body === "string") {
          const response = { contentType: String(contentType), body: Buffer.from(body, "utf8") };
          void cache.store(parts, response, generation);
        }
        return send(body);
      };
      next();
    })().catch(next);
  };
}
