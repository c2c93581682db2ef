import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { GraphQLFormattedError } from "graphql";
import type { ResponseCache } from "../cache/response-cache";
import type { CatalogueCode } from "../../common/error-catalogue";
import { ERROR_CATALOGUE } from "../../common/error-catalogue";
import { ErrorCode } from "../../common/errors";
import { isPromise } from "../../common/maybe-promise";
import type { LoadersFactory } from "../context";
import { createContext } from "../context";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";
import type { Executor } from "../pipeline/executor";
import type { AdmissionPipeline } from "../pipeline/pipeline";
import type { Refusal } from "../pipeline/refusal";
import { isRefusal, refusal } from "../pipeline/refusal";
import type { ResponseBody, ResponseFormatter } from "../pipeline/response";
import type { IdentifiedRequest } from "./access-log";
import { clientAddress } from "./client-address";
import type { ExecutionSlots } from "./concurrency";

/*
 * Public GET endpoints over fixed GraphQL operations (calendars, feeds, CSV downloads, public pages).
 *
 * Each endpoint runs one named query document, fixed at start-up, through the same machinery as /graphql —
 * the caller's rate budget (charged to its address), the admission pipeline (variables checked and coerced,
 * the price), the execution slots, the response cache (emptied by every mutation) and the error formatting
 * (masking in production, counting by code) — and then renders the data as ICS, Atom, CSV or HTML. What it
 * adds is what a calendar app, a feed reader or a CDN needs: a plain GET with no custom header (the document is
 * the server's, never the request's, and only a query can run, so CSRF prevention has nothing to protect), a
 * strong ETag over the rendered bytes with 304 on `If-None-Match`, and `Cache-Control: public, max-age=<the
 * response cache's TTL>`, so a CDN in front serves nothing older than the gateway's own cache would.
 *
 * Every caller is anonymous here: an `Authorization` header is ignored, so that one URL has one public answer
 * a shared cache may keep. Metrics are labelled with the operation's name (the server's, so no label can be
 * made up by a client); the access log line is Express's (src/platform/http/access-log.ts).
 */

/** A query the server runs for an endpoint: its document and operation name are fixed; variables come from the URL. */
export interface FixedOperation {
  /** A GraphQL document holding the named query; parsed and validated once, then served from the document cache. */
  readonly document: string;
  readonly operationName: string;
  readonly variables?: Record<string, unknown>;
}

/** An endpoint's rendered answer. */
export interface Rendered {
  /** The full media type, e.g. `text/calendar; charset=utf-8`. */
  readonly contentType: string;
  readonly body: string | Buffer;
  /** Offered as a download under this file name (`Content-Disposition: attachment`); inline otherwise. */
  readonly filename?: string;
  /** Extra headers, e.g. `vary: accept-language` for an answer that depends on a request header. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Why an endpoint did not answer with data: the HTTP status and the errors, formatted as /graphql formats them. */
export interface OperationFailure {
  readonly kind: "failed";
  readonly status: number;
  readonly errors: readonly GraphQLFormattedError[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** The data of a successful run, and whether it came from the response cache. */
export interface OperationData {
  readonly kind: "data";
  readonly data: Record<string, unknown>;
  readonly cache: "HIT" | "MISS" | "BYPASS";
}

/**
 * What an endpoint is made of: its fixed operation, the variables a request maps to, and how the operation's
 * data is rendered.
 */
export interface OperationEndpoint {
  /** The GraphQL document holding the query (a constant: never built from the request). */
  readonly document: string;
  /** The query's name: the endpoint's label in the metrics. */
  readonly operationName: string;
  /** The variables for this request (its path and query parameters), or `runner.badRequest(…)`. */
  variables(req: Request): Record<string, unknown> | OperationFailure;
  /**
   * For an endpoint over a connection: the variables of the page after `data` (run with `variables`), or null
   * when it was the last. Each page is a run of its own (charged, cached and counted as one request to
   * /graphql would be); at most `max` pages are run.
   */
  readonly pages?: {
    readonly max: number;
    next(data: Record<string, unknown>, variables: Record<string, unknown>): Record<string, unknown> | null;
  };
  /**
   * The answer for the operation's data, or a failure (`runner.notFound(…)` when the data holds nothing).
   * `data` is the first page's; `pages` holds every page's, in order (just `[data]` without `pages`).
   */
  render(
    data: Record<string, unknown>,
    req: Request,
    pages: readonly Record<string, unknown>[],
  ): Rendered | OperationFailure;
}

export interface OperationRunnerOptions {
  pipeline: AdmissionPipeline;
  executor: Executor;
  formatter: ResponseFormatter;
  responseCache: ResponseCache;
  /** The execution slots of GraphQL over HTTP: endpoints queue with /graphql's reads, not beside them. */
  slots: ExecutionSlots;
  metrics: Metrics;
  log: Logger;
  newLoaders: LoadersFactory;
  trustProxyHops: number;
}

/** HTTP statuses of codes that come from inside an operation (in a 200 over /graphql, where `data` rides along). */
const EXECUTION_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.NotFound]: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

function statusOfCode(code: unknown): number {
  if (typeof code !== "string") return 500;
  const known = EXECUTION_STATUS[code];
  if (known !== undefined) return known;
  const catalogued = (ERROR_CATALOGUE as Record<string, { status: number } | undefined>)[code]?.status;
  return catalogued !== undefined && catalogued >= 400 ? catalogued : 500;
}

const isFailure = (value: unknown): value is OperationFailure =>
  typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "failed";

/** A strong validator of the rendered bytes: equal bytes, equal tag, on every instance. */
function entityTag(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/**
 * Whether a request's `If-None-Match` names `etag` (RFC 9110 §13.1.2: weak comparison, `*` matches any). Not
 * Express's `req.fresh`: it answers "stale" to any request with `Cache-Control: no-cache`, which fetch() adds
 * to every conditional request and browsers to every reload, so none would ever get a 304; an origin server
 * evaluates the precondition whatever the request says to caches.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Runs fixed operations for public GET endpoints and sends what they render; one per gateway, given to every
 * feature's `routes` (src/platform/feature-module.ts). `handler(endpoint)` is the whole of an endpoint;
 * `run`, `send` and `fail` are its parts, for endpoints that need something else in between.
 */
export class OperationRunner {
  constructor(private readonly options: OperationRunnerOptions) {}

  /** `Cache-Control` of every successful answer: as long as the response cache keeps one, and no longer. */
  get cacheControl(): string {
    return `public, max-age=${this.options.responseCache.ttlSeconds}`;
  }

  /** An Express handler for one endpoint: parameters → operation → data → rendered answer (or failure). */
  handler(endpoint: OperationEndpoint): RequestHandler {
    return (req, res) => {
      void this.serve(endpoint, req, res).catch((error: unknown) => this.crash(req, res, error));
    };
  }

  private async serve(endpoint: OperationEndpoint, req: Request, res: Response): Promise<void> {
    const variables = endpoint.variables(req);
    if (isFailure(variables)) {
      // Parameters refused before anything runs still cost the admission point: a flood of bad URLs is
      // stopped by the budget like a flood of good ones.
      const charged = await this.chargeAdmission(req, res, endpoint.operationName);
      return this.fail(res, isFailure(charged) ? charged : variables);
    }
    const { document, operationName } = endpoint;
    const pages: Record<string, unknown>[] = [];
    let cache: OperationData["cache"] = "HIT";
    let next: Record<string, unknown> | null = variables;
    while (next !== null) {
      const outcome = await this.run(req, res, { document, operationName, variables: next }, pages.length === 0);
      if (outcome === null) return;
      if (outcome.kind === "failed") return this.fail(res, outcome);
      pages.push(outcome.data);
      if (outcome.cache !== "HIT") cache = outcome.cache;
      next = endpoint.pages && pages.length < endpoint.pages.max ? endpoint.pages.next(outcome.data, next) : null;
    }
    const rendered = endpoint.render(pages[0]!, req, pages);
    if (isFailure(rendered)) return this.fail(res, rendered);
    this.send(req, res, rendered, cache);
  }

  /**
   * Runs `operation` for this request: charged to the caller's address, admitted as a GET (queries only),
   * answered from the response cache or executed in an execution slot, its errors formatted (and masked) as
   * /graphql's. Null when the client went away while it waited for a slot. Counts and times the request under
   * the operation's name once the answer is sent, whatever it is.
   */
  async run(
    req: Request,
    res: Response,
    operation: FixedOperation,
    /** False for the second and later runs of one request: it is counted in the metrics once. */
    firstOfRequest = true,
  ): Promise<OperationData | OperationFailure | null> {
    const { options } = this;
    const client = await this.chargeAdmission(req, res, firstOfRequest ? operation.operationName : null);
    if (isFailure(client)) return client;

    const variables = operation.variables ?? {};
    const cacheKey = options.responseCache.enabled
      ? {
          method: "OPERATION",
          request: `${operation.operationName}\u0000${JSON.stringify(variables)}\u0000${operation.document}`,
          accept: "",
        }
      : null;
    let generation;
    if (cacheKey) {
      const found = await options.responseCache.lookup(cacheKey);
      if (found.hit) {
        options.metrics.responseCacheHits.inc();
        const body = JSON.parse(found.hit.body.toString("utf8")) as ResponseBody;
        return { kind: "data", data: body.data ?? {}, cache: "HIT" };
      }
      generation = found.generation;
    }

    const admitting = options.pipeline.admit(
      { query: operation.document, operationName: operation.operationName, variables },
      client,
      "get",
    );
    const admitted = isPromise(admitting) ? await admitting : admitting;
    if (isRefusal(admitted)) return this.refused(req, admitted);
    const acquiring = options.slots.acquire(res, admitted.cost);
    const release = isPromise(acquiring) ? await acquiring : acquiring;
    if (release === null) return null;
    if (isRefusal(release)) return this.refused(req, release);
    let body: ResponseBody;
    try {
      const context = createContext(options.newLoaders, {
        caller: null,
        credentials: "none",
        requestId: requestIdOf(req),
        clientIp: client.slice("ip:".length),
        cost: admitted.cost,
      });
      const result = await options.executor.execute(admitted.plan, admitted.variables, context);
      body = options.formatter.result(result, requestIdOf(req));
    } finally {
      release();
    }
    if (body.errors?.length || !body.data) {
      const errors = body.errors ?? [];
      return { kind: "failed", status: statusOfCode(errors[0]?.extensions?.code), errors };
    }
    if (cacheKey && generation !== undefined) {
      void options.responseCache
        .store(
          cacheKey,
          { contentType: "application/json", body: Buffer.from(JSON.stringify(body), "utf8") },
          generation,
        )
        .catch((error: unknown) => options.log.warn({ err: error }, "operation response not cached"));
    }
    return { kind: "data", data: body.data, cache: cacheKey ? "MISS" : "BYPASS" };
  }

  /**
   * Sends a rendered answer with its ETag, Cache-Control and length; 304 with no body when the client's
   * `If-None-Match` names the same bytes. HEAD gets the headers alone (Express).
   */
  send(req: Request, res: Response, rendered: Rendered, cache: OperationData["cache"] = "BYPASS"): void {
    if (res.headersSent) return;
    const body = typeof rendered.body === "string" ? Buffer.from(rendered.body, "utf8") : rendered.body;
    const etag = entityTag(body);
    // Content-Disposition first: Express's `attachment` also sets a Content-Type from the file name.
    if (rendered.filename !== undefined) res.attachment(rendered.filename);
    res.setHeader("etag", etag);
    res.setHeader("cache-control", this.cacheControl);
    res.setHeader("x-cache", cache);
    res.setHeader("content-type", rendered.contentType);
    for (const [name, value] of Object.entries(rendered.headers ?? {})) res.setHeader(name, value);
    if (matchesIfNoneMatch(req.headers["if-none-match"], etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).end(req.method === "HEAD" ? undefined : body);
  }

  /** Sends a failure as /graphql sends a refusal: `{ "errors": [...] }` in JSON, with its status and headers. */
  fail(res: Response, failure: OperationFailure): void {
    if (res.headersSent) return;
    res.setHeader("cache-control", "private, no-store");
    for (const [name, value] of Object.entries(failure.headers ?? {})) res.setHeader(name, value);
    res
      .status(failure.status)
      .type("application/json; charset=utf-8")
      .send(JSON.stringify({ errors: failure.errors }));
  }

  /** A failure for request parameters that make no sense: 400 BAD_USER_INPUT, with `problems` by parameter. */
  badRequest(message: string, problems: readonly { parameter: string; message: string }[] = []): OperationFailure {
    return this.failure("BAD_USER_INPUT", 400, message, problems.length ? { problems } : {});
  }

  /** A failure for a request naming nothing that exists (an unknown slug): 404 NOT_FOUND. */
  notFound(message: string): OperationFailure {
    return this.failure("NOT_FOUND", 404, message);
  }

  private failure(
    code: CatalogueCode,
    status: number,
    message: string,
    extensions: Record<string, unknown> = {},
  ): OperationFailure {
    const refused = refusal(code, message, { extensions });
    return { kind: "failed", status, errors: refused.errors.map((error) => this.options.formatter.format(error, "")) };
  }

  /**
   * Charges the request's first point to the caller's address, and arranges for the request to be counted
   * under `operationName` when it is answered. The client key, or the failure to answer with.
   */
  private async chargeAdmission(
    req: Request,
    res: Response,
    /** Null: a later run of a request already counted. */
    operationName: string | null,
  ): Promise<string | OperationFailure> {
    const { options } = this;
    if (operationName !== null) {
      const startedAt = process.hrtime.bigint();
      res.once("finish", () =>
        options.metrics.recordRequest(
          { operation: operationName, type: "query" },
          Number(process.hrtime.bigint() - startedAt) / 1e9,
        ),
      );
    }
    const client = `ip:${clientAddress(req, options.trustProxyHops)}`;
    const charging = options.pipeline.chargeAdmission(client);
    const refused = isPromise(charging) ? await charging : charging;
    return refused ? this.refused(req, refused) : client;
  }

  private refused(req: Request, refused: Refusal): OperationFailure {
    if (refused.limit) this.options.metrics.rejected.inc({ limit: refused.limit });
    const body = this.options.formatter.refusal(refused, requestIdOf(req));
    return { kind: "failed", status: refused.status, errors: body.errors ?? [], headers: refused.headers };
  }

  /** A renderer or route that threw: logged in full, answered as /graphql answers the unexpected. */
  private crash(req: Request, res: Response, error: unknown): void {
    this.options.log.error({ err: error, requestId: requestIdOf(req) }, "public endpoint failed unexpectedly");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = this.options.formatter.refusal(
      refusal("INTERNAL_SERVER_ERROR", "Internal server error"),
      requestIdOf(req),
    );
    this.fail(res, { kind: "failed", status: 500, errors: body.errors ?? [] });
  }
}

/** The id the access log gave the request (`X-Request-Id`). */
function requestIdOf(req: Request): string {
  return (req as IdentifiedRequest).id ?? "";
}
