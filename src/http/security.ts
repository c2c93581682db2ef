import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import cors from "cors";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { HttpConfig, OperationLimits } from "../config";
import type { Metrics } from "../observability/metrics";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a well-formed `X-Request-Id` from a proxy in front of us; otherwise issues a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Security headers (helmet). API responses are JSON and need no content at all from anywhere, so their
 * Content-Security-Policy is `default-src 'none'`; the IDE page sets its own, stricter-than-default policy.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * CORS from an allow-list. Origins not on the list get no CORS headers (the browser then blocks the
 * response); credentials are never allowed, since tokens travel in the Authorization header.
 */
export function corsPolicy(config: HttpConfig): RequestHandler {
  const allowed = new Set(config.corsOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: false,
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: [
      "content-type",
      "authorization",
      "apollo-require-preflight",
      "x-apollo-operation-name",
      "x-request-id",
    ],
    exposedHeaders: ["x-request-id", "retry-after"],
    maxAge: 600,
  });
}

function graphqlError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsNul);
  return false;
}

/**
 * Refuses, before any GraphQL work, what a GraphQL request must never be: a batch (a JSON array of
 * operations), a body that is not JSON, or a document larger than the size limit.
 */
export function graphqlRequestGuard(limits: OperationLimits, metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "POST") {
      if (!req.is("application/json") && !req.is("application/graphql-response+json")) {
        metrics.rejected.inc({ limit: "content-type" });
        return graphqlError(
          res,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send GraphQL requests as JSON (Content-Type: application/json)",
        );
      }
      if (Array.isArray(req.body)) {
        metrics.rejected.inc({ limit: "batch" });
        return graphqlError(
          res,
          400,
          "BATCHING_NOT_SUPPORTED",
          "Batched requests are not supported: send one operation per request",
        );
      }
    }
    // SQLite reads strings up to their first NUL: "slug\u0000junk" would match "slug". No text of the
    // directory holds NUL, so a request that carries one anywhere is refused outright.
    if (containsNul(req.method === "GET" ? req.query : req.body)) {
      return graphqlError(res, 400, "BAD_USER_INPUT", "Requests may not contain NUL characters");
    }
    const query: unknown =
      req.method === "GET" ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query === "string" && Buffer.byteLength(query, "utf8") > limits.maxDocumentBytes) {
      metrics.rejected.inc({ limit: "size" });
      return graphqlError(
        res,
        413,
        "DOCUMENT_TOO_LARGE",
        `The GraphQL document exceeds ${limits.maxDocumentBytes} bytes`,
      );
    }
    next();
  };
}

/** Turns body-parser failures (oversized or malformed JSON) into GraphQL-shaped errors instead of HTML. */
export function bodyErrors(metrics: Metrics) {
  return (error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === "entity.too.large") {
      metrics.rejected.inc({ limit: "body" });
      return graphqlError(res, 413, "PAYLOAD_TOO_LARGE", "The request body is too large");
    }
    if (error.type === "entity.parse.failed")
      return graphqlError(res, 400, "BAD_REQUEST", "The request body is not valid JSON");
    if (error.status && error.status >= 400 && error.status < 500)
      return graphqlError(res, error.status, "BAD_REQUEST", "Bad request");
    next(error);
  };
}
