/**
 * A value, or a promise of it. The request path returns values directly when it has them (an anonymous
 * caller, a rate limit that is off, a free execution slot): every needless promise and `await` is a microtask
 * and garbage per request, and together they cost a lookup a measurable share of its CPU (docs/benchmarks.md,
 * "Why the code is the way it is").
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** Applies `next` to the value now, or once the promise resolves. */
export function then<T, U>(value: MaybePromise<T>, next: (resolved: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}
