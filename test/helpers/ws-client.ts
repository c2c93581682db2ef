import WebSocket from "ws";

interface Message {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A raw graphql-transport-ws connection, for tests that behave as no well-mannered client would: floods,
 * paused readers, sockets that never subscribe. It records every message and how the socket closed.
 */
export class RawSubscriber {
  readonly messages: Message[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly closing: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => this.messages.push(JSON.parse(String(data)) as Message));
    this.closing = new Promise((resolve) =>
      socket.once("close", (code, reason) => {
        this.closed = { code, reason: reason.toString() };
        resolve(this.closed);
      }),
    );
  }

  /** Opens a socket (from `forwardedFor` when given, through one trusted proxy) and waits for connection_ack. */
  static async open(
    graphqlUrl: string,
    options: { forwardedFor?: string; payload?: Record<string, unknown>; socketOptions?: WebSocket.ClientOptions } = {},
  ): Promise<RawSubscriber> {
    const socket = new WebSocket(graphqlUrl.replace(/^http/, "ws"), "graphql-transport-ws", {
      headers: options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {},
      ...options.socketOptions,
    });
    const client = new RawSubscriber(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: options.payload })));
      const waitForAck = () => {
        if (client.messages.some((m) => m.type === "connection_ack")) resolve();
        else if (client.closed) reject(new Error(`closed before ack: ${client.closed.code} ${client.closed.reason}`));
        else setTimeout(waitForAck, 5);
      };
      waitForAck();
    });
    return client;
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
  }

  complete(id: string): void {
    this.socket.send(JSON.stringify({ id, type: "complete" }));
  }

  /** Messages of one subscription id. */
  of(id: string): Message[] {
    return this.messages.filter((m) => m.id === id);
  }

  /** Waits until `condition` holds; fails after `timeoutMs`. */
  async until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** How the socket closed; fails if it is still open after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<{ code: number; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closing, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
  }
}

export const DIRECTORY_CHANGED = `subscription { directoryChanged { operation regionCodes entities { typename id } } }`;
