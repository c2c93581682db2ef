import type { CommittedChange } from "./directory-events";

export const TOKEN_REVOKED = "TOKEN_REVOKED";

/** The topics token events travel on; an event target shared through Redis subscribes to each of them. */
export const TOKEN_TOPICS: readonly string[] = [TOKEN_REVOKED];

/**
 * Announces revoked API tokens, so that what was granted on their strength ends at once: the checks that
 * instances reuse for a few seconds (src/platform/auth/authenticator.ts) are forgotten and WebSocket connections
 * opened with the token are closed. With an event target shared through Redis (`SharedEventTarget`) the
 * announcement reaches every instance; otherwise this one.
 */
export class TokenEvents {
  constructor(private readonly target: EventTarget = new EventTarget()) {}

  /** Listener for MutationRunner: publishes each token a committed mutation revoked. */
  readonly onCommit = (changes: readonly CommittedChange[]): void => {
    for (const { entityType, before, after } of changes) {
      if (entityType !== "ApiToken" || !after?.revokedAt || before?.revokedAt) continue;
      if (typeof after.id === "number") this.target.dispatchEvent(new CustomEvent(TOKEN_REVOKED, { detail: after.id }));
    }
  };

  /** Calls `listener` with the id of each revoked token; returns the function that stops listening. */
  onRevoked(listener: (tokenId: number) => void): () => void {
    const handler = (event: Event) => {
      const tokenId: unknown = event instanceof CustomEvent ? event.detail : undefined;
      if (typeof tokenId === "number") listener(tokenId);
    };
    this.target.addEventListener(TOKEN_REVOKED, handler);
    return () => this.target.removeEventListener(TOKEN_REVOKED, handler);
  }
}
