import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import type { ExecutionResult } from "graphql";
import { Kind } from "graphql";
import { runCors } from "../adapters/cors-node-http";
import type { Authenticator, Credentials } from "../auth/authenticator";
import type { CacheKeyParts, Generation, ResponseCache } from "../cache/response-cache";
import type { CatalogueCode } from "../../common/error-catalogue";
import { DATABASE_BUSY_RETRY_AFTER_SECONDS, ErrorCode } from "../../common/errors";
import type { LanguageCode } from "../../common/language";
import { negotiateLanguage } from "../../common/language";
import type { MaybePromise } from "../../common/maybe-promise";
import { isPromise } from "../../common/maybe-promise";
import type { LoadersFactory } from "../context";
import { createContext } from "../context";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";
import type { OperationPlan } from "../pipeline/documents";
import type { Executor } from "../pipeline/executor";
import type { AdmissionPipeline, GraphQLRequest, Transport } from "../pipeline/pipeline";
import type { Refusal } from "../pipeline/refusal";
import { isRefusal, refusal, refusalOf } from "../pipeline/refusal";
import type { ResponseBody, ResponseFormatter } from "../pipeline/response";
import type { IdentifiedRequest } from "./access-log";
import { logCompletion } from "./access-log";
import { clientAddress } from "./client-address";
import type { ExecutionSlots } from "./concurrency";
import type { ResponseType } from "./graphql-request";
import {
  checkContentType,
  checkPreflighted,
  readBody,
  requestFromBody,
  requestFromSearch,
  responseTypeFor,
} from "./graphql-request";
import { API_SECURITY_HEADERS, requestIdOf } from "./security";

export interface GraphQLHttpOptions {
  pipeline: AdmissionPipeline;
  executor: Executor;
  formatter: ResponseFormatter;
  authenticator: Authenticator;
  responseCache: ResponseCache;
  slots: ExecutionSlots;
  /** Held by each mutation instead of an execution slot, from admission until it is answered. */
  mutationSlots: ExecutionSlots;
  metrics: Metrics;
  log: Logger;
  /** A fresh set of loaders for each request (over the connection operations read through). */
  newLoaders: LoadersFactory;
  /** CORS for requests that carry an Origin (and preflights). */
  cors: RequestHandler;
  /** Largest body of a token holder's request, and of anyone else's. */
  bodyLimitBytes: number;
  anonymousBodyLimitBytes: number;
  trustProxyHops: number;
  maxCost: number;
  /** False once shutdown has begun: requests are refused with 503 SHUTTING_DOWN. */
  accepting: () => boolean;
}

/** Request errors that GraphQL over HTTP answers with 200 to clients asking for legacy `application/json`. */
const REQUEST_ERRORS = new Set<CatalogueCode>([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  // Too deep is a validation failure in GraphQL's terms, with a code of its own.
  "QUERY_TOO_DEEP",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_USER_INPUT",
]);

const NOT_CACHEABLE = "private, no-store";

/**
 * What a shared answer depends on besides its URL (a GET's query string): Accept picks its media type,
 * Accept-Language its texts (src/modules/translation). A CDN in front keeps one copy per header value.
 */
const VARY = "Accept, Accept-Language";

/** Refused bodies up to this size are read and dropped after the answer; larger ones close the connection. */
const DRAINABLE_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The answer to a mutation that changed nothing because it could not get its turn to write (DATABASE_BUSY):
 * 503 with Retry-After, as for a request refused before it ran, so that clients and proxies that retry on
 * 503 do. Only for a document of one mutation field: its one transaction was rolled back whole. In a document
 * of several, the fields before the refused one were applied, so the error comes in a 200, as any error of
 * a running operation does.
 */
function busyWriteRefusal(plan: OperationPlan, result: ExecutionResult): Refusal | null {
  const errors = result.errors ?? [];
  if (!errors.length || !errors.every((error) => error.extensions.code === ErrorCode.DatabaseBusy)) return null;
  const fields = plan.definition.selectionSet.selections;
  if (fields.length !== 1 || fields[0]!.kind !== Kind.FIELD) return null;
  return {
    ...refusalOf("DATABASE_BUSY", errors),
    headers: { "retry-after": String(DATABASE_BUSY_RETRY_AFTER_SECONDS) },
  };
}

/** What a request tells about its sender, worked out once. */
interface Exchange {
  req: IdentifiedRequest;
  res: ServerResponse;
  requestId: string;
  clientIp: string;
  startedAt: bigint;
  responseType: ResponseType;
  /** For the metrics: the operation's label and type, once known. */
  operation: string;
  type: string;
  /** The language negotiated from Accept-Language (null: texts as stored). */
  language: LanguageCode | null;
}

/**
 * GraphQL over HTTP at /graphql, on node:http directly: the request is read and checked here (method, CSRF,
 * media types, body size, JSON), answered from the response cache when it can be, and otherwise handed to the
 * admission pipeline (src/platform/pipeline/pipeline.ts) — the same one WebSocket subscriptions pass through — then
 * executed in an execution slot and answered. Every answer carries the security headers of the other routes,
 * an `X-Request-Id`, a Cache-Control, and one access-log line; nothing a client sends can produce a 500.
 */
export class GraphQLHttpHandler {
  /** The security headers every answer carries, as one object: written with the rest in one writeHead. */
  private readonly securityHeaders: OutgoingHttpHeaders;
  private readonly cacheControl: string;

  constructor(private readonly options: GraphQLHttpOptions) {
    this.securityHeaders = { ...API_SECURITY_HEADERS };
    this.cacheControl = `public, max-age=${options.responseCache.ttlSeconds}`;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const identified = req as IdentifiedRequest;
    const exchange: Exchange = {
      req: identified,
      res,
      requestId: (identified.id = requestIdOf(req)),
      clientIp: clientAddress(req, this.options.trustProxyHops),
      startedAt: process.hrtime.bigint(),
      responseType: { contentType: "application/json; charset=utf-8", legacyStatus: false },
      operation: "unknown",
      type: "unknown",
      language: negotiateLanguage(req.headers["accept-language"]),
    };
    this.serve(exchange).catch((error: unknown) => {
      this.options.log.error({ err: error, requestId: exchange.requestId }, "GraphQL request failed unexpectedly");
      if (!res.headersSent) this.refuse(exchange, refusal("INTERNAL_SERVER_ERROR", "Internal server error"));
      else res.destroy();
    });
  };

  private async serve(exchange: Exchange): Promise<void> {
    const { req, res } = exchange;
    const { options } = this;
    if (!options.accepting()) {
      return this.refuse(exchange, refusal("SHUTTING_DOWN", "The gateway is shutting down"), { connection: "close" });
    }
    if (req.headers.origin !== undefined || req.method === "OPTIONS") {
      if (!(await runCors(options.cors, req, res))) return;
      // A preflight from an origin not on the list: answered without CORS headers, so the browser refuses.
      if (req.method === "OPTIONS") {
        res.writeHead(204, { allow: "GET, POST, OPTIONS", "content-length": "0" });
        res.end();
        return;
      }
    }
    // Who sends it, and the first point of its budget, before anything of the request is read or checked:
    // a client whose budget is spent is stopped here, whatever it sends.
    // Values are awaited only when they are promises: most requests need none but the body's.
    const knownCredentials = options.authenticator.credentialsOf(req.headers.authorization);
    const credentials = isPromise(knownCredentials) ? await knownCredentials : knownCredentials;
    const client = credentials.caller ? `token:${credentials.caller.tokenId}` : `ip:${exchange.clientIp}`;
    // A body left unread is read and dropped by Node after the answer, so that the client, still sending it,
    // gets the answer rather than a broken pipe; only a body far too large for that closes the connection.
    const declared = Number(req.headers["content-length"] ?? 0);
    const unread = declared > DRAINABLE_BODY_BYTES ? { connection: "close" } : {};
    const charged = options.pipeline.chargeAdmission(client);
    const refusedAtDoor = isPromise(charged) ? await charged : charged;
    if (refusedAtDoor) return this.refuse(exchange, refusedAtDoor, unread);
    if (req.method !== "POST" && req.method !== "GET") {
      return this.refuse(exchange, refusal("METHOD_NOT_ALLOWED", "GraphQL requests are GET or POST"), {
        allow: "GET, POST",
        ...unread,
      });
    }
    const responseType = responseTypeFor(req.headers.accept);
    if (!responseType) {
      return this.refuse(
        exchange,
        refusal("NOT_ACCEPTABLE", "Accept application/json or application/graphql-response+json"),
        unread,
      );
    }
    exchange.responseType = responseType;

    const reading = this.readOperation(exchange, credentials, unread);
    const read = isPromise(reading) ? await reading : reading;
    if (read === null) return;
    const { transport, raw } = read;

    const cacheKey =
      options.responseCache.enabled && req.headers.authorization === undefined
        ? { method: transport, request: raw, accept: req.headers.accept ?? "", language: exchange.language ?? "" }
        : null;
    let generation;
    if (cacheKey) {
      const found = await options.responseCache.lookup(cacheKey);
      if (found.hit) {
        options.metrics.responseCacheHits.inc();
        return this.send(exchange, 200, found.hit.body, {
          "content-type": found.hit.contentType,
          "cache-control": this.cacheControl,
          vary: VARY,
          "x-cache": "HIT",
        });
      }
      generation = found.generation;
    }

    const request = typeof raw === "string" ? requestFromSearch(raw) : requestFromBody(raw);
    if (isRefusal(request)) return this.refuse(exchange, request);
    const outcome = await this.run(exchange, request, transport, credentials, client);
    if (outcome === null) return;
    if (isRefusal(outcome)) return this.refuse(exchange, outcome);

    this.answer(exchange, outcome, cacheKey, generation);
  }

  /**
   * The operation as sent: a POST's body or a GET's query string, or null once the request was refused (or
   * its client went away). A GET's is at hand: returned without a promise.
   */
  private readOperation(
    exchange: Exchange,
    credentials: Credentials,
    unread: OutgoingHttpHeaders,
  ): MaybePromise<{ transport: Transport; raw: Buffer | string } | null> {
    const { req } = exchange;
    if (req.method === "POST") return this.readPostBody(exchange, credentials, unread);
    const notPreflighted = checkPreflighted(req);
    if (notPreflighted) {
      this.refuse(exchange, notPreflighted);
      return null;
    }
    const url = req.url ?? "";
    const at = url.indexOf("?");
    return { transport: "get", raw: at < 0 ? "" : url.slice(at + 1) };
  }

  /** A POST's body, of a supported media type and within the caller's body limit. */
  private async readPostBody(
    exchange: Exchange,
    credentials: Credentials,
    unread: OutgoingHttpHeaders,
  ): Promise<{ transport: Transport; raw: Buffer } | null> {
    const { req } = exchange;
    const { options } = this;
    const unsupported = checkContentType(req.headers["content-type"]);
    if (unsupported) {
      this.refuse(exchange, unsupported, unread);
      return null;
    }
    const limit = credentials.caller ? options.bodyLimitBytes : options.anonymousBodyLimitBytes;
    const body = await readBody(req, limit);
    if (body === null) return null;
    if (isRefusal(body)) {
      this.refuse(exchange, body, unread);
      return null;
    }
    return { transport: "post", raw: body };
  }

  /** Sends an executed operation's answer, and stores it in the response cache when it may be shared. */
  private answer(
    exchange: Exchange,
    { body, cacheable }: { body: ResponseBody; cacheable: boolean },
    cacheKey: CacheKeyParts | null,
    generation: Generation | undefined,
  ): void {
    const { options } = this;
    const { responseType } = exchange;
    const json = JSON.stringify(body);
    const storable = cacheKey !== null && cacheable && generation !== undefined;
    let payload: Buffer | string = json;
    if (storable) {
      payload = Buffer.from(json, "utf8");
      void options.responseCache
        .store(cacheKey, { contentType: responseType.contentType, body: payload }, generation)
        .catch((error: unknown) => options.log.warn({ err: error }, "response not cached"));
    }
    this.send(exchange, 200, payload, {
      "content-type": responseType.contentType,
      "cache-control": storable ? this.cacheControl : NOT_CACHEABLE,
      ...(storable ? { vary: VARY, "x-cache": "MISS" } : {}),
    });
  }

  /** Admits and executes one operation: the response body, a refusal, or null when the client went away. */
  private async run(
    exchange: Exchange,
    request: GraphQLRequest,
    transport: Transport,
    credentials: Credentials,
    client: string,
  ): Promise<{ body: ResponseBody; cacheable: boolean } | Refusal | null> {
    const { options } = this;
    const admitting = options.pipeline.admit(request, client, transport);
    const admitted = isPromise(admitting) ? await admitting : admitting;
    if (isRefusal(admitted)) return admitted;
    const { plan, variables, cost } = admitted;
    exchange.type = plan.type;
    exchange.operation = options.metrics.operationLabel(plan.name, credentials.caller !== null);
    const mutation = plan.type === "mutation";
    const acquiring = mutation
      ? options.mutationSlots.acquire(exchange.res, 0)
      : options.slots.acquire(exchange.res, cost);
    const release = isPromise(acquiring) ? await acquiring : acquiring;
    if (release === null) return null;
    if (isRefusal(release)) return release;
    try {
      const context = createContext(options.newLoaders, {
        ...credentials,
        requestId: exchange.requestId,
        clientIp: exchange.clientIp,
        cost,
        language: exchange.language,
      });
      const result = await options.executor.execute(plan, variables, context);
      const busy = mutation ? busyWriteRefusal(plan, result) : null;
      if (busy) return busy;
      const body = options.formatter.result(result, exchange.requestId, {
        cost: { estimated: cost, limit: options.maxCost },
      });
      const cacheable = plan.type === "query" && credentials.caller === null && !body.errors && body.data !== null;
      return { body, cacheable };
    } finally {
      release();
    }
  }

  private refuse(exchange: Exchange, refused: Refusal, headers: OutgoingHttpHeaders = {}): void {
    if (refused.limit) this.options.metrics.rejected.inc({ limit: refused.limit });
    const body = this.options.formatter.refusal(refused, exchange.requestId);
    const status = exchange.responseType.legacyStatus && REQUEST_ERRORS.has(refused.code) ? 200 : refused.status;
    this.send(exchange, status, JSON.stringify(body), {
      "content-type": exchange.responseType.contentType,
      "cache-control": refused.headers?.["cache-control"] ?? NOT_CACHEABLE,
      ...refused.headers,
      ...headers,
    });
  }

  private send(exchange: Exchange, status: number, payload: Buffer | string, headers: OutgoingHttpHeaders): void {
    const { res, req } = exchange;
    if (res.headersSent || res.destroyed) return;
    // writeHead's headers replace those set before it: CORS's Vary: Origin is kept beside ours.
    const earlierVary = headers.vary === undefined ? undefined : res.getHeader("vary");
    if (earlierVary !== undefined) headers = { ...headers, vary: `${String(earlierVary)}, ${String(headers.vary)}` };
    // One object for writeHead: without headers set before it (CORS sets some), Node writes them in one pass.
    res.writeHead(status, {
      ...this.securityHeaders,
      "x-request-id": exchange.requestId,
      "content-length": typeof payload === "string" ? Buffer.byteLength(payload, "utf8") : payload.length,
      ...headers,
    });
    res.end(payload);
    const { metrics, log } = this.options;
    metrics.recordRequest(
      { operation: exchange.operation, type: exchange.type },
      Number(process.hrtime.bigint() - exchange.startedAt) / 1e9,
    );
    logCompletion(log, req, res, exchange.startedAt, exchange.clientIp);
  }
}
