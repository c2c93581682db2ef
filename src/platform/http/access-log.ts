import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Logger } from "../logger";
import { requestIdOf } from "./security";

/** Longer URLs (a GraphQL GET carries its document) are cut in the log line. */
const MAX_LOGGED_URL = 1_000;

/** Requests too frequent and too dull to log: health checks and metrics scrapes. */
const UNLOGGED = new Set(["/healthz", "/readyz", "/metrics"]);

/** A request with the id the gateway gave it (sent back as `X-Request-Id`). */
export type IdentifiedRequest = IncomingMessage & { id?: string };

/**
 * The access log's view of a request: what an operator needs to find it, and never its credentials (no
 * headers but the user agent and length: `Authorization` and cookies never reach the log).
 */
export function serializeRequest(req: IdentifiedRequest, clientIp?: string) {
  const url = req.url ?? "";
  return {
    id: req.id,
    method: req.method,
    url: url.length > MAX_LOGGED_URL ? `${url.slice(0, MAX_LOGGED_URL)}…` : url,
    remoteAddress: clientIp ?? (req as Partial<Request>).ip ?? req.socket?.remoteAddress,
    userAgent: req.headers["user-agent"],
    contentLength: req.headers["content-length"],
  };
}

/** The response's status and size; its other headers are the same on every line. */
export function serializeResponse(res: ServerResponse) {
  return { statusCode: res.statusCode, contentLength: res.getHeader("content-length") };
}

/**
 * Writes one line per completed request (5xx at error level), when `info` is enabled: the GraphQL handler and
 * the other routes both log through here. `startedAt` is `process.hrtime.bigint()` at arrival.
 */
export function logCompletion(
  log: Logger,
  req: IdentifiedRequest,
  res: ServerResponse,
  startedAt: bigint,
  clientIp?: string,
): void {
  const level = res.statusCode >= 500 ? "error" : "info";
  if (!log.isLevelEnabled(level) || UNLOGGED.has(req.url ?? "")) return;
  log[level](
    {
      req: serializeRequest(req, clientIp),
      res: serializeResponse(res),
      responseTime: Math.round(Number(process.hrtime.bigint() - startedAt) / 1e4) / 100,
    },
    "request completed",
  );
}

/** Express middleware for the routes other than GraphQL: a request id (`X-Request-Id`) and the access log line. */
export function accessLog(log: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = process.hrtime.bigint();
    const identified = req as IdentifiedRequest;
    identified.id ??= requestIdOf(req);
    res.setHeader("x-request-id", identified.id);
    if (log.isLevelEnabled("info")) res.once("finish", () => logCompletion(log, identified, res, startedAt));
    next();
  };
}
