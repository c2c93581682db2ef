import type { ServerResponse } from "node:http";
import { E_CANCELED, Semaphore } from "async-mutex";
import type { Refusal } from "../pipeline/refusal";
import { refusal } from "../pipeline/refusal";

export interface ConcurrencyConfig {
  /** Operations executed at the same time; the others wait their turn in arrival order. */
  maxConcurrentOperations: number;
  /** Operations allowed to wait; beyond, requests are refused at once with 503 OVERLOADED. */
  maxQueuedOperations: number;
}

/**
 * Execution slots for GraphQL operations over HTTP. The gateway runs on one thread: beyond a few operations
 * in flight (enough to keep the database's worker threads busy), more concurrency adds no throughput, only
 * memory — every operation holds its rows, its result tree and its serialised response until it is sent
 * (docs/benchmarks.md measures it). Admitted operations take a slot in arrival order; a full queue means the
 * gateway is overloaded, and the request is refused with 503 and Retry-After rather than queued forever.
 * Only admitted operations wait here: the pipeline's checks, and answers from the response cache, need no slot.
 */
export class ExecutionSlots {
  private readonly slots: Semaphore;
  private waiting = 0;

  constructor(private readonly config: ConcurrencyConfig) {
    this.slots = new Semaphore(config.maxConcurrentOperations);
  }

  /**
   * A slot for the operation answering `res`: its release function; a refusal when the queue is full; null
   * when the client went away while waiting (its place is given up). A client that goes away while served
   * frees its slot too.
   */
  async acquire(res: ServerResponse): Promise<(() => void) | Refusal | null> {
    if (this.slots.isLocked() && this.waiting >= this.config.maxQueuedOperations) {
      return refusal("OVERLOADED", "The gateway is overloaded: retry in a moment", {
        headers: { "retry-after": "1" },
        limit: "overload",
      });
    }
    this.waiting += 1;
    let gone = false;
    let release: (() => void) | undefined;
    const onClose = () => {
      gone = true;
      release?.();
    };
    res.once("close", onClose);
    try {
      const [, releaseSlot] = await this.slots.acquire();
      let released = false;
      release = () => {
        if (released) return;
        released = true;
        res.off("close", onClose);
        releaseSlot();
      };
      if (gone) {
        release();
        return null;
      }
      return release;
    } catch (error) {
      if (error === E_CANCELED) return null;
      throw error;
    } finally {
      this.waiting -= 1;
    }
  }
}
