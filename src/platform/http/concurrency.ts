import type { ServerResponse } from "node:http";
import type { MaybePromise } from "../../common/maybe-promise";
import type { Refusal } from "../pipeline/refusal";
import { refusal } from "../pipeline/refusal";

export interface ConcurrencyConfig {
  /** Operations executed at the same time; the others wait their turn in arrival order. */
  maxConcurrentOperations: number;
  /**
   * The summed price (estimated objects, see src/platform/pipeline/cost.ts) of the operations executed at the same
   * time. An operation priced above it still runs, alone.
   */
  maxConcurrentCost: number;
  /** Operations allowed to wait; beyond, requests are refused at once with 503 OVERLOADED. */
  maxQueuedOperations: number;
}

/** Gives an execution slot back. */
export type Release = () => void;

/** How a full queue's refusal reads: its message, and its label in `graphql_rejected_total{limit}`. */
export interface OverloadRefusal {
  message: string;
  limit: string;
}

const OVERLOADED: OverloadRefusal = { message: "The gateway is overloaded: retry in a moment", limit: "overload" };

interface Waiter {
  cost: number;
  admit: () => void;
}

/**
 * Execution slots for GraphQL operations over HTTP, by number and by price. The gateway runs on one thread:
 * beyond a few operations in flight (enough to keep the database's worker threads busy), more concurrency
 * adds no throughput, only memory — every operation holds its rows, its result tree and its serialised
 * response until it is sent — and garbage collection then pays for all of it at every scavenge: each of many
 * large pages in flight costs more CPU than each of a few (docs/benchmarks.md). So at most
 * `maxConcurrentOperations` run at once, and together they may not be priced above `maxConcurrentCost`:
 * a hundred lookups run side by side, large pages two at a time. Waiting operations are served in arrival
 * order; a full queue means the gateway is overloaded, and the request is refused with 503 and Retry-After
 * rather than queued forever. Only admitted operations wait here: the pipeline's checks, and answers from
 * the response cache, need no slot.
 *
 * A counter and a queue rather than a semaphore library: a free slot is taken synchronously, with no
 * promise, which is the common case.
 *
 * Mutations take none of these: they have slots of their own, by count, with no queue (`mutationSlots` in
 * src/app/server.ts), since a mutation may wait seconds for the database's write lock, holding nothing reads need.
 */
export class ExecutionSlots {
  private running = 0;
  private runningCost = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly config: ConcurrencyConfig,
    private readonly overload: OverloadRefusal = OVERLOADED,
  ) {}

  /**
   * A slot for the operation answering `res`, priced `cost`: its release function (at once when it fits); a
   * refusal when the queue is full; null when the client went away while waiting (its place is given up). A
   * client that goes away while served frees its slot too.
   */
  acquire(res: ServerResponse, cost: number): MaybePromise<Release | Refusal | null> {
    if (this.waiting.length === 0 && this.fits(cost)) return this.take(res, cost);
    if (this.waiting.length >= this.config.maxQueuedOperations) {
      return refusal("OVERLOADED", this.overload.message, {
        headers: { "retry-after": "1" },
        limit: this.overload.limit,
      });
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        cost,
        admit: () => {
          res.off("close", leave);
          resolve(this.take(res, cost));
        },
      };
      const leave = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(null);
        this.admitWaiting();
      };
      res.once("close", leave);
      this.waiting.push(waiter);
    });
  }

  private fits(cost: number): boolean {
    if (this.running === 0) return true;
    return (
      this.running < this.config.maxConcurrentOperations && this.runningCost + cost <= this.config.maxConcurrentCost
    );
  }

  private take(res: ServerResponse, cost: number): Release {
    this.running += 1;
    this.runningCost += cost;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      res.off("close", release);
      this.running -= 1;
      this.runningCost -= cost;
      this.admitWaiting();
    };
    res.once("close", release);
    return release;
  }

  /** Admits waiting operations in arrival order, as far as they fit. */
  private admitWaiting(): void {
    while (this.waiting.length && this.fits(this.waiting[0]!.cost)) this.waiting.shift()!.admit();
  }
}
