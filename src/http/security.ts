import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import cors from "cors";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { HttpConfig } from "../config";

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

/**
 * The headers `securityHeaders()` sets, worked out once by running helmet against a recording response: the
 * GraphQL handler sends the same headers as every other route without running the middleware per request.
 */
export function securityHeaderList(): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value));
    },
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  let called = false;
  securityHeaders()({ headers: {} } as Request, recorder as unknown as Response, () => (called = true));
  if (!called) throw new Error("helmet did not complete synchronously: its headers cannot be precomputed");
  return [...headers];
}
