/*
 * A subscriber's queue between a publisher and the subscriber's own pace, bounded: the WebSocket server (which
 * knows no feature) recognises the error that ends a subscription whose client stopped reading.
 */

/**
 * Events a subscriber may fall behind by: events published while it is still sending earlier ones (to a client
 * that reads slowly, or not at all) wait in its buffer; one more ends its subscription with
 * `SlowSubscriberError`, and the WebSocket server closes the client (1008). Without the bound, one stalled
 * client made every publish throw once 1,024 events had piled up for it.
 */
export const MAX_PENDING_EVENTS = 100;

/** A subscription ended because its client fell more than MAX_PENDING_EVENTS events behind. */
export class SlowSubscriberError extends Error {
  constructor() {
    super(`The subscriber fell more than ${MAX_PENDING_EVENTS} events behind; its subscription was ended`);
    this.name = "SlowSubscriberError";
  }
}

/** An async iterator over one topic's events that ends with SlowSubscriberError once MAX_PENDING_EVENTS wait. */
export function boundedSubscription<T>(target: EventTarget, topic: string): AsyncIterableIterator<T> {
  const pending: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failure: Error | null = null;
  let done = false;
  const finish = () => {
    done = true;
    target.removeEventListener(topic, listener);
    waiting?.({ value: undefined, done: true });
    waiting = null;
  };
  const listener = (event: Event) => {
    const value = (event as CustomEvent<T>).detail;
    if (waiting) {
      const deliver = waiting;
      waiting = null;
      deliver({ value, done: false });
    } else if (pending.length < MAX_PENDING_EVENTS) {
      pending.push(value);
    } else {
      failure = new SlowSubscriberError();
      target.removeEventListener(topic, listener);
    }
  };
  target.addEventListener(topic, listener);
  return {
    next() {
      if (pending.length) return Promise.resolve({ value: pending.shift()!, done: false });
      if (failure) {
        const error = failure;
        finish();
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      // A consumer waiting here has nothing pending, so no failure can come before its next event.
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      pending.length = 0;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error: unknown) {
      pending.length = 0;
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
