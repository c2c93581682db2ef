import { E_CANCELED, Semaphore } from "async-mutex";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Metrics } from "../observability/metrics";

export interface ConcurrencyConfig {
  /** Operations executed at the same time; the others wait their turn in arrival order. */
  maxConcurrentOperations: number;
  /** Operations allowed to wait; beyond, requests are refused at once with 503 OVERLOADED. */
  maxQueuedOperations: number;
}

/**
 * Admission control for GraphQL over HTTP. The gateway runs on one thread: beyond a few operations in
 * flight (enough to keep the database's worker threads busy), more concurrency adds no throughput, only
 * memory — every operation holds its rows, its result tree and its serialised response until it is sent.
 * Fifty clients asking for a page of 50 meetings with agendas at once took the process from ~180 MB to
 * ~330 MB; admitted ten at a time, they are answered as fast, in arrival order, and the memory stays flat.
 *
 * A request holds its slot until its response is finished or its client goes away. A full queue means
 * the gateway is overloaded: the request is refused with 503 and Retry-After rather than queued forever.
 */
export function admissionControl(config: ConcurrencyConfig, metrics: Metrics): RequestHandler {
  const slots = new Semaphore(config.maxConcurrentOperations);
  let waiting = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    // Only requests that run an operation take a slot; the IDE page and CORS preflights do not.
    if (req.method !== "POST" && !(req.method === "GET" && req.query.query !== undefined)) return next();
    if (slots.isLocked() && waiting >= config.maxQueuedOperations) {
      metrics.rejected.inc({ limit: "overload" });
      res.setHeader("retry-after", "1");
      res.status(503).json({
        errors: [{ message: "The gateway is overloaded: retry in a moment", extensions: { code: "OVERLOADED" } }],
      });
      return;
    }
    waiting += 1;
    let released = false;
    let release: (() => void) | undefined;
    // A client that leaves while waiting gives its place up; one that leaves while served frees its slot.
    res.once("close", () => {
      released = true;
      release?.();
    });
    slots.acquire().then(
      ([, releaseSlot]) => {
        waiting -= 1;
        if (released) return releaseSlot();
        release = releaseSlot;
        next();
      },
      (error: unknown) => {
        waiting -= 1;
        if (error !== E_CANCELED) next(error);
      },
    );
  };
}
