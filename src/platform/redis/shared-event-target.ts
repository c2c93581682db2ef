import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { withCaughtPubSub } from "../adapters/ioredis-pub-sub";
import type { Logger } from "../logger";
import type { RedisConnection } from "./redis-connection";

/**
 * An EventTarget for @graphql-yoga/subscription's pub/sub whose events reach the subscribers of every
 * instance: each instance subscribes once to a Redis channel per topic (with @graphql-yoga/redis-event-target)
 * and hands what arrives to its local listeners; publishing goes to Redis, and so comes back to this
 * instance's listeners too.
 *
 * While Redis is down, or if a publish fails, the event is dispatched locally instead: this instance's
 * subscribers still hear of this instance's changes (other instances' subscribers cannot). Recovery
 * re-subscribes before publishing goes back to Redis, so no event is published to a channel nobody on this
 * instance listens to.
 */
export class SharedEventTarget extends EventTarget {
  constructor(
    private readonly redis: RedisConnection,
    topics: readonly string[],
    log: Logger,
  ) {
    super();
    const guard = (error: unknown) => log.debug({ err: error }, "Redis pub/sub command failed");
    const fromRedis = createRedisEventTarget<CustomEvent>({
      publishClient: withCaughtPubSub(redis.commands, guard),
      subscribeClient: withCaughtPubSub(redis.subscriber, guard),
    });
    for (const topic of topics) {
      fromRedis.addEventListener(this.channel(topic), (event) =>
        super.dispatchEvent(new CustomEvent(topic, { detail: event.detail })),
      );
    }
    const channels = topics.map((topic) => this.channel(topic));
    redis.onRecovery(async () => {
      await redis.subscriber.subscribe(...channels);
    });
  }

  /** Publishes to every instance through Redis; dispatches locally when Redis is down. */
  override dispatchEvent(event: Event): boolean {
    const detail: unknown = event instanceof CustomEvent ? event.detail : undefined;
    void this.redis.use(
      "events",
      async (client) => {
        await client.publish(this.channel(event.type), JSON.stringify(detail ?? null));
      },
      () => {
        super.dispatchEvent(new CustomEvent(event.type, { detail }));
      },
    );
    return true;
  }

  private channel(topic: string): string {
    return `${this.redis.keyPrefix}events:${topic}`;
  }
}
