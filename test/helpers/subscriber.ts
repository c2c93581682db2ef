import type { Client } from "graphql-ws";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

export interface DirectoryChange {
  operation: string;
  regionCodes: string[];
  allRegions: boolean;
  entities: { typename: string; id: string; change: string }[];
}

const DIRECTORY_CHANGED = `subscription { directoryChanged { operation regionCodes allRegions entities { typename id change } } }`;

/**
 * One `directoryChanged` subscription over WebSocket (graphql-ws), collecting what it receives, with a way to
 * wait for the next events.
 */
export class DirectorySubscriber {
  readonly changes: DirectoryChange[] = [];
  error: unknown = null;
  private readonly client: Client;
  private waiters: (() => void)[] = [];

  constructor(graphqlUrl: string) {
    this.client = createClient({
      url: graphqlUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
    });
    this.client.subscribe<{ directoryChanged: DirectoryChange }>(
      { query: DIRECTORY_CHANGED },
      {
        next: (result) => {
          if (result.data) this.changes.push(result.data.directoryChanged);
          this.wake();
        },
        error: (error) => {
          this.error = error;
          this.wake();
        },
        complete: () => undefined,
      },
    );
  }

  /** Waits until `n` events have arrived in all; fails after `timeoutMs`. */
  async atLeast(n: number, timeoutMs = 5000): Promise<DirectoryChange[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.changes.length < n) {
      if (this.error !== null) throw new Error(`subscription failed: ${JSON.stringify(this.error)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${n} directoryChanged events, got ${this.changes.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.changes;
  }

  dispose(): Promise<void> {
    return this.client.dispose() as Promise<void>;
  }

  private wake() {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
