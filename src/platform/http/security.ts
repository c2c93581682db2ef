import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import cors from "cors";
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { HttpConfig } from "../../config";

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
 * The security headers of GraphQL responses: those the OWASP REST Security Cheat Sheet asks of a JSON API
 * (a Content-Security-Policy that allows nothing and no framing, HSTS, nosniff, no framing, no referrer, and
 * same-origin resources). helmet's others (`X-DNS-Prefetch-Control`, `X-Download-Options`,
 * `Origin-Agent-Cluster`, …) concern HTML pages, which the other routes serve with all of them; on every API
 * response they were 300 bytes to write and check.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
});
