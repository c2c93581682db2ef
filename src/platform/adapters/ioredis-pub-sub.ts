import type { Redis } from "ioredis";

/** The commands @graphql-yoga/redis-event-target calls without awaiting them. */
export const PUB_SUB_COMMANDS: ReadonlySet<PropertyKey> = new Set(["publish", "subscribe", "unsubscribe"]);

/**
 * The ioredis client as @graphql-yoga/redis-event-target should see it. That library (3.0.4) calls `publish`,
 * `subscribe` and `unsubscribe` on the clients it is given without awaiting them, so a Redis outage would
 * surface as unhandled promise rejections, which end a Node process. Through this Proxy their failures are
 * handed to `onError` instead (the connection's own state tracking, src/platform/redis/redis-connection.ts, reacts to
 * them); every other property, `on` included, is the client's own.
 *
 * It relies on ioredis (5.11.1) returning native Promises from commands; test/adapters.test.ts fails if
 * either library changes what this relies on (the commands called, or the kind of value they return).
 */
export function withCaughtPubSub(client: Redis, onError: (error: unknown) => void): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (!PUB_SUB_COMMANDS.has(property) || typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(value, target, args);
        if (result instanceof Promise) result.catch(onError);
        return result;
      };
    },
  });
}
