import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request } from "express";
import type { Options } from "pino-http";
import { pinoHttp } from "pino-http";
import { stdSerializers } from "pino";
import type { Logger } from "../logger";
import { requestIdOf } from "./security";

/** Longer URLs (a GraphQL GET carries its document) are cut in the log line. */
const MAX_LOGGED_URL = 1_000;

/**
 * The access log's view of a request: what an operator needs to find it, and never its credentials.
 * pino-http's default serializer copies every header, so `Authorization: Bearer …` and cookies reached
 * every access line at the default log level; it also runs when each request's child logger is created,
 * and the larger binding string lived as long as the request.
 */
export function serializeRequest(req: IncomingMessage & { id?: unknown }) {
  const url = req.url ?? "";
  return {
    id: req.id,
    method: req.method,
    url: url.length > MAX_LOGGED_URL ? `${url.slice(0, MAX_LOGGED_URL)}…` : url,
    remoteAddress: (req as Partial<Request>).ip ?? req.socket?.remoteAddress,
    userAgent: req.headers["user-agent"],
    contentLength: req.headers["content-length"],
  };
}

/** The response's status and size; its other headers are the same on every line. */
export function serializeResponse(res: ServerResponse) {
  return { statusCode: res.statusCode, contentLength: res.getHeader("content-length") };
}

/** One line per completed request (5xx at error level), without health checks and metrics scrapes. */
export function accessLog(logger: Logger) {
  const options: Options = {
    logger,
    // The serializers above get the raw request and response (not pino-std-serializers' copies of them).
    wrapSerializers: false,
    serializers: { req: serializeRequest, res: serializeResponse, err: stdSerializers.err },
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" || req.url === "/metrics" },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
  };
  return pinoHttp(options);
}
