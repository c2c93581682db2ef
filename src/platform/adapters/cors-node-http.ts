import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";

/**
 * Runs the `cors` middleware (2.8.x, written for Express and Connect; src/platform/http/security.ts configures it) on a
 * request of node:http's own, as the GraphQL handler (src/platform/http/graphql-http.ts) serves /graphql without
 * Express. Resolves true when the request goes on: its CORS headers, if any, are set on `res`. Resolves false
 * once `cors` answered the request itself (a preflight from an allowed origin: 204, with no call of `next`).
 *
 * It relies on `cors` reading only `req.method` and `req.headers` and writing through `res.setHeader`,
 * `res.statusCode` and `res.end`, all of which node:http's objects have; test/adapters.test.ts fails if a
 * version of `cors` needs more of Express, or stops answering preflights itself.
 */
export function runCors(cors: RequestHandler, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    res.once("finish", () => resolve(false));
    // Express's request and response types extend node:http's; `cors` uses nothing of what they add.
    cors(req as Parameters<RequestHandler>[0], res as Parameters<RequestHandler>[1], () => resolve(true));
  });
}
