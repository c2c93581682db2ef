import type http from "node:http";
import { randomUUID } from "node:crypto";
import type { ExecutionArgs, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { GraphQLError } from "graphql";
import type { Context, ServerOptions, SubscribePayload } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";
import type { Authenticator, Credentials } from "../auth/authenticator";
import { CLOSE_CATALOGUE } from "../../common/error-catalogue";
import type { WebSocketLimits } from "../../config";
import type { LoadersFactory } from "../context";
import { createContext } from "../context";
import { clientAddress } from "./client-address";
import { SlowSubscriberError } from "../events/bounded-subscription";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";
import type { Admitted, AdmissionPipeline } from "../pipeline/pipeline";
import type { Refusal } from "../pipeline/refusal";
import { isRefusal, refusal } from "../pipeline/refusal";
import type { ResponseFormatter } from "../pipeline/response";

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** The admission pipeline HTTP requests pass through: each `subscribe` passes through it too. */
  pipeline: AdmissionPipeline;
  formatter: ResponseFormatter;
  authenticator: Authenticator;
  limits: WebSocketLimits;
  /** How many proxies' X-Forwarded-For to trust for the client address (as TRUST_PROXY_HOPS for HTTP). */
  trustProxyHops: number;
  maxPayloadBytes: number;
  /** Most operations a request may price at (reported with each subscription, as over HTTP). */
  maxCost: number;
  metrics: Metrics;
  log: Logger;
  /** A fresh set of loaders for each operation. */
  newLoaders: LoadersFactory;
  /** False once shutdown has begun: new connections are refused. */
  accepting: () => boolean;
}

/** What the gateway knows of one open socket. */
interface SocketState {
  readonly socket: WebSocket;
  readonly address: string;
  credentials: Credentials;
  /** Ids of the subscriptions admitted on this socket and not yet completed. */
  readonly active: Set<string>;
  /** Messages received in the current window of the flood guard, and when that window started. */
  messages: number;
  windowStartedAt: number;
  idleTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
  /** Bytes waiting to be sent at the last sweep, and since when none of them has been taken. */
  lastBuffered: number;
  stalledSince: number | undefined;
}

/** The window over which `WS_MAX_MESSAGES_PER_10S` counts. */
const MESSAGE_WINDOW_MS = 10_000;
/** Longest timer Node accepts (~24.8 days); tokens expiring later are re-checked at each subscribe instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How long a closed socket may take to finish the closing handshake before it is cut (ws's own wait is 30 s). */
const CLOSE_GRACE_MS = 2_000;

/**
 * Closes a socket with a code and reason, and cuts it if the client has not completed the closing handshake
 * within CLOSE_GRACE_MS: a client that floods or reads too slowly would otherwise hold its buffers (and ours)
 * for ws's 30 s.
 */
const closeWith = (socket: WebSocket, entry: { code: number }, reason: string) => {
  if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return;
  socket.close(entry.code, reason);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
};

/** The connection_init payload graphql-ws hands over, and what the gateway attaches to each connection. */
type ConnectionParams = Record<string, unknown> | undefined;
type SocketExtra = { socket: WebSocket; request: http.IncomingMessage };
type SocketContext = Context<ConnectionParams, SocketExtra>;

/**
 * Subscriptions over WebSocket (graphql-ws, `graphql-transport-ws`) on the HTTP server and path of /graphql.
 * Each `subscribe` message goes through the same admission pipeline as an HTTP request — document cache,
 * shape limits, validation, variable checks, cost, and the client's rate budget (the same budget as its HTTP
 * requests) — and then the socket's own limits:
 * - connections in total and per client address (close 1013);
 * - subscriptions per socket and per address (a TOO_MANY_SUBSCRIPTIONS error for that subscription);
 * - messages per socket in a 10 s window, and the rate budget: a flood closes the socket (4429) and stops
 *   reading it at once;
 * - a bounded send buffer: a client that reads slower than events arrive is closed (1008) instead of
 *   queueing without bound;
 * - an idle timeout (a socket with no subscription is closed with 1000) and graphql-ws's pings (a socket that
 *   misses a pong is dropped);
 * - the token of `connection_init`: checked when the socket opens and at each subscribe, and a revocation
 *   (on any instance) or expiry closes every socket opened with it (4401).
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions): {
  dispose(): Promise<void>;
  closeSocketsOfToken(tokenId: number): void;
} {
  // ws enforces its own bound by emitting an error, which graphql-ws reports on the console as an internal
  // error; so ws's bound is set well above the limit, and messages over the limit are closed here (1009).
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxPayloadBytes * 16,
  });
  const sockets = new OpenSockets(options);
  const sweep = sockets.startSweeping();
  // Registered before graphql-ws's own listeners, so that a refused socket is closed, and a flooding one
  // stopped, before graphql-ws handles any of its messages.
  wsServer.on("connection", (socket, request) => sockets.open(socket, request));
  const server = useServer<ConnectionParams, SocketExtra>(
    graphqlWsHooks(options, sockets),
    wsServer,
    options.limits.pingIntervalMs,
  );
  return {
    async dispose() {
      clearInterval(sweep);
      await server.dispose();
    },
    closeSocketsOfToken: (tokenId) => sockets.closeSocketsOfToken(tokenId),
  };
}

/**
 * What the gateway knows of its open sockets, and the limits kept on each socket as a whole: connections per
 * gateway and per address, message size and flood, idleness, token expiry, and the send buffer.
 */
class OpenSockets {
  private readonly states = new Map<WebSocket, SocketState>();
  private readonly openPerAddress = new Map<string, number>();
  /** Subscriptions admitted (or being admitted) per client address, across its sockets. */
  private readonly subscriptionsPerAddress = new Map<string, number>();
  private readonly limits: WebSocketLimits;

  constructor(private readonly options: SubscriptionServerOptions) {
    this.limits = options.limits;
  }

  /** The state of the socket a graphql-ws hook is called for; undefined for a socket refused at connection. */
  stateOf(ctx: SocketContext): SocketState | undefined {
    return this.states.get(ctx.extra.socket);
  }

  /** Counts a rejection by the limit that caused it (the `rejected` metric). */
  reject(limit: string): void {
    this.options.metrics.rejected.inc({ limit });
  }

  /** A new socket: refused (1013) over the connection limits, otherwise tracked and guarded. */
  open(socket: WebSocket, request: http.IncomingMessage): void {
    const { limits, log } = this.options;
    const address = clientAddress(request, this.options.trustProxyHops);
    const fromAddress = this.openPerAddress.get(address) ?? 0;
    const overTotal = this.states.size >= limits.maxConnections;
    if (overTotal || fromAddress >= limits.maxConnectionsPerIp) {
      this.reject(overTotal ? "websocket_connections" : "websocket_connections_per_ip");
      log.warn({ clientIp: address, open: this.states.size, fromAddress }, "subscription connection refused: too many");
      closeWith(
        socket,
        CLOSE_CATALOGUE.TOO_MANY_CONNECTIONS,
        overTotal
          ? "Too many subscription connections to the gateway; try again later"
          : "Too many subscription connections from this address; try again later",
      );
      return;
    }
    const state: SocketState = {
      socket,
      address,
      credentials: { caller: null, credentials: "none" },
      active: new Set(),
      messages: 0,
      windowStartedAt: Date.now(),
      idleTimer: undefined,
      expiryTimer: undefined,
      lastBuffered: 0,
      stalledSince: undefined,
    };
    this.states.set(socket, state);
    bump(this.openPerAddress, address, 1);
    this.armIdleTimer(state);
    socket.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => this.guardMessage(state, data));
    socket.once("close", () => this.forget(state));
  }

  /** Closes a socket whose message is too big (1009) or that floods (4429), and stops reading it. */
  private guardMessage(state: SocketState, data: Buffer | ArrayBuffer | Buffer[]): void {
    const { socket } = state;
    const { limits, maxPayloadBytes } = this.options;
    const size = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
    if (size > maxPayloadBytes) {
      this.reject("websocket_message_size");
      closeWith(socket, CLOSE_CATALOGUE.MESSAGE_TOO_BIG, `Messages may not exceed ${maxPayloadBytes} bytes`);
      socket.pause();
      return;
    }
    const now = Date.now();
    if (now - state.windowStartedAt >= MESSAGE_WINDOW_MS) {
      state.windowStartedAt = now;
      state.messages = 0;
    }
    state.messages += 1;
    if (state.messages > limits.maxMessagesPer10s) {
      if (state.messages === limits.maxMessagesPer10s + 1) {
        this.reject("websocket_messages");
        closeWith(
          socket,
          CLOSE_CATALOGUE.RATE_LIMITED,
          `Too many messages: at most ${limits.maxMessagesPer10s} in 10 s`,
        );
      }
      // Nothing more is read from a flooding socket: the frames it has queued are never parsed.
      socket.pause();
    }
  }

  /** A closed socket: its timers stop and its places are given back. */
  private forget(state: SocketState): void {
    clearTimeout(state.idleTimer);
    clearTimeout(state.expiryTimer);
    this.states.delete(state.socket);
    bump(this.openPerAddress, state.address, -1);
    bump(this.subscriptionsPerAddress, state.address, -state.active.size);
    state.active.clear();
  }

  /** Closes the socket (1000) once it has had no subscription for WS_IDLE_TIMEOUT_MS. */
  private armIdleTimer(state: SocketState): void {
    clearTimeout(state.idleTimer);
    if (state.active.size > 0) return;
    const { idleTimeoutMs } = this.limits;
    state.idleTimer = setTimeout(() => {
      this.reject("websocket_idle");
      closeWith(state.socket, CLOSE_CATALOGUE.IDLE, `Idle: no subscription for ${Math.round(idleTimeoutMs / 1000)} s`);
    }, idleTimeoutMs);
    state.idleTimer.unref();
  }

  /** Closes the socket (4401) when the token it was opened with expires. */
  armExpiryTimer(state: SocketState): void {
    clearTimeout(state.expiryTimer);
    const expiresAt = state.credentials.expiresAt;
    if (!expiresAt) return;
    const left = expiresAt.getTime() - Date.now();
    if (left > MAX_TIMER_MS) return;
    state.expiryTimer = setTimeout(
      () => closeWith(state.socket, CLOSE_CATALOGUE.UNAUTHORIZED, "Unauthorized: the API token has expired"),
      Math.max(0, left),
    );
    state.expiryTimer.unref();
  }

  /** Closes (1008) a socket whose client reads slower than its events arrive. */
  slowReader(state: SocketState): void {
    this.reject("websocket_send_buffer");
    this.options.log.warn(
      { clientIp: state.address, buffered: state.socket.bufferedAmount },
      "slow subscriber disconnected",
    );
    closeWith(state.socket, CLOSE_CATALOGUE.SLOW_READER, "The client reads too slowly: its send buffer is full");
  }

  /**
   * A client that stops reading stalls the sends to it; events then wait in its subscriptions' bounded queues
   * (src/modules/live/directory-events.ts) rather than in memory without bound, and this sweep closes it once
   * its send buffer is over the limit, or has not gone down for WS_SEND_TIMEOUT_MS.
   */
  startSweeping(): NodeJS.Timeout {
    const { maxBufferedBytes, sendTimeoutMs } = this.limits;
    const sweep = setInterval(
      () => {
        const now = Date.now();
        for (const state of this.states.values()) {
          const buffered = state.socket.bufferedAmount;
          if (buffered > maxBufferedBytes) {
            this.slowReader(state);
          } else if (buffered > 0 && buffered >= state.lastBuffered) {
            state.stalledSince ??= now;
            if (now - state.stalledSince >= sendTimeoutMs) this.slowReader(state);
          } else {
            state.stalledSince = undefined;
          }
          state.lastBuffered = buffered;
        }
      },
      Math.max(50, Math.min(1_000, sendTimeoutMs / 4)),
    );
    sweep.unref();
    return sweep;
  }

  /**
   * Takes a place for a subscription being admitted, or says which cap it is over. The caps count
   * subscriptions still being admitted too: they are checked and a place is taken before the subscribe first
   * waits, so a burst of subscribe messages cannot all pass at once. (graphql-ws registers the subscription
   * before calling onSubscribe, so it counts itself.)
   */
  takePlace(state: SocketState, ctx: SocketContext, id: string): GraphQLError | null {
    const { maxSubscriptionsPerSocket, maxSubscriptionsPerIp } = this.limits;
    if (Object.keys(ctx.subscriptions).length > maxSubscriptionsPerSocket) {
      this.reject("websocket_subscriptions");
      return tooMany(`at most ${maxSubscriptionsPerSocket} subscriptions may be active on one connection`);
    }
    if ((this.subscriptionsPerAddress.get(state.address) ?? 0) >= maxSubscriptionsPerIp) {
      this.reject("websocket_subscriptions_per_ip");
      return tooMany(`at most ${maxSubscriptionsPerIp} subscriptions may be active from one address`);
    }
    state.active.add(id);
    bump(this.subscriptionsPerAddress, state.address, 1);
    clearTimeout(state.idleTimer);
    return null;
  }

  /** Gives back the place a subscription held (when it completes, or was refused after taking one). */
  release(state: SocketState, id: string): void {
    if (!state.active.delete(id)) return;
    bump(this.subscriptionsPerAddress, state.address, -1);
    this.armIdleTimer(state);
  }

  /** Closes (4401) every socket opened with a token that was revoked. */
  closeSocketsOfToken(tokenId: number): void {
    for (const state of this.states.values()) {
      if (state.credentials.caller?.tokenId !== tokenId) continue;
      closeWith(state.socket, CLOSE_CATALOGUE.UNAUTHORIZED, "Unauthorized: the API token was revoked");
    }
  }
}

/** graphql-ws's hooks: each connection and each subscribe admitted, each result and error formatted. */
function graphqlWsHooks(
  options: SubscriptionServerOptions,
  sockets: OpenSockets,
): ServerOptions<ConnectionParams, SocketExtra> {
  return {
    schema: options.schema,
    onConnect: (ctx) => admitConnection(options, sockets, ctx),
    onSubscribe: (ctx, id, payload: SubscribePayload) => admitSubscribe(options, sockets, ctx, id, payload),
    onNext: (ctx, _id, _payload, args, result) => {
      const state = sockets.stateOf(ctx);
      if (state && state.socket.bufferedAmount > options.limits.maxBufferedBytes) {
        sockets.slowReader(state);
        return undefined;
      }
      if (!result.errors?.length) return undefined;
      const requestId = (args.contextValue as { requestId?: string } | undefined)?.requestId ?? "";
      return { ...result, errors: result.errors.map((error) => options.formatter.format(error, requestId)) };
    },
    onError: (ctx, id, _payload, errors): GraphQLFormattedError[] => {
      const state = sockets.stateOf(ctx);
      if (state && errors.some((error) => error.originalError instanceof SlowSubscriberError))
        sockets.slowReader(state);
      options.log.debug({ subscriptionId: id, errors: errors.map((e) => e.message) }, "subscription refused");
      return errors.map((error) => options.formatter.format(error, ""));
    },
    onComplete: (ctx, id) => {
      const state = sockets.stateOf(ctx);
      if (state) sockets.release(state, id);
    },
  };
}

/** connection_init: refused (4401) with an invalid token, or when the client's rate budget is spent. */
async function admitConnection(
  options: SubscriptionServerOptions,
  sockets: OpenSockets,
  ctx: SocketContext,
): Promise<boolean> {
  const state = sockets.stateOf(ctx);
  if (!state || !options.accepting()) return false;
  const credentials = await options.authenticator.credentialsOf(authorizationOf(ctx.connectionParams));
  if (credentials.credentials === "invalid") {
    sockets.reject("websocket_token");
    closeWith(
      state.socket,
      CLOSE_CATALOGUE.UNAUTHORIZED,
      `Unauthorized: ${credentials.problem ?? "the API token is unknown, expired or revoked"}`,
    );
    return false;
  }
  const budget = await options.pipeline.chargeAdmission(rateKeyOf(state.address, credentials));
  if (budget) {
    refusedSubscribe(sockets, state, budget);
    return false;
  }
  state.credentials = credentials;
  sockets.armExpiryTimer(state);
  return true;
}

/** A subscribe: its place under the caps, then the admission pipeline; the execution arguments, or errors. */
async function admitSubscribe(
  options: SubscriptionServerOptions,
  sockets: OpenSockets,
  ctx: SocketContext,
  id: string,
  payload: SubscribePayload,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const state = sockets.stateOf(ctx);
  // Frames a flooding client queued before its socket was closed and paused are answered at no cost.
  if (!state || state.socket.readyState !== state.socket.OPEN) return [closing()];
  const overCap = sockets.takePlace(state, ctx, id);
  if (overCap) return [overCap];
  const admitted = await admitSubscription(options, state, ctx, payload);
  if (isRefusal(admitted) || state.socket.readyState !== state.socket.OPEN || !(id in ctx.subscriptions)) {
    sockets.release(state, id);
    return isRefusal(admitted) ? refusedSubscribe(sockets, state, admitted) : [closing()];
  }
  const contextValue = createContext(options.newLoaders, {
    ...state.credentials,
    requestId: randomUUID(),
    clientIp: state.address,
    cost: admitted.cost,
  });
  return {
    schema: options.schema,
    document: admitted.plan.document,
    operationName: admitted.plan.name,
    variableValues: admitted.variables,
    contextValue,
  };
}

/** The subscribe through the admission pipeline: the first point of the budget, the token, the rest. */
async function admitSubscription(
  options: SubscriptionServerOptions,
  state: SocketState,
  ctx: SocketContext,
  payload: SubscribePayload,
): Promise<Admitted | Refusal> {
  const rateKey = rateKeyOf(state.address, state.credentials);
  const refusedAtDoor = await options.pipeline.chargeAdmission(rateKey);
  if (refusedAtDoor) return refusedAtDoor;
  if (state.credentials.caller) {
    // The token may have been revoked or have expired since the socket opened.
    const now = await options.authenticator.credentialsOf(authorizationOf(ctx.connectionParams));
    if (!now.caller) {
      closeWith(state.socket, CLOSE_CATALOGUE.UNAUTHORIZED, "Unauthorized: the API token is no longer valid");
      return refusal("UNAUTHENTICATED", "The API token is no longer valid");
    }
  }
  return options.pipeline.admit(
    {
      query: payload.query,
      operationName: payload.operationName ?? undefined,
      variables: payload.variables ?? undefined,
      extensions: payload.extensions ?? undefined,
    },
    rateKey,
    "websocket",
  );
}

/** The errors a refused subscribe is answered with; a spent budget also closes the socket. */
function refusedSubscribe(sockets: OpenSockets, state: SocketState, refused: Refusal): readonly GraphQLError[] {
  if (refused.limit) sockets.reject(refused.limit);
  if (refused.code === "RATE_LIMITED") {
    const retryAfter = refused.headers?.["retry-after"] ?? "60";
    closeWith(
      state.socket,
      CLOSE_CATALOGUE.RATE_LIMITED,
      `Rate limited: this client's budget is spent; retry in ${retryAfter} s`,
    );
  }
  return refused.errors;
}

/** Adds `by` to the count of `key`, forgetting keys that reach zero (the maps stay as small as the sockets). */
function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

const closing = () =>
  new GraphQLError("The connection is closing, or the subscription was completed before it started", {
    extensions: { code: "BAD_REQUEST" },
  });

const tooMany = (message: string) =>
  new GraphQLError(`Too many subscriptions: ${message}`, { extensions: { code: "TOO_MANY_SUBSCRIPTIONS" } });

const rateKeyOf = (address: string, credentials: Credentials) =>
  credentials.caller ? `token:${credentials.caller.tokenId}` : `ip:${address}`;

/**
 * The Authorization value a connection_init payload carries: `Authorization` or `authorization` (e.g.
 * `Bearer ceg_…`), or a bare `token`. Undefined when it carries none; a non-string value is passed on as
 * an unusable credential, so that it is refused rather than ignored.
 */
export function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const value = params.Authorization ?? params.authorization ?? params.token;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return "invalid";
  return params.token === value && !/^Bearer\s/i.test(value) ? `Bearer ${value}` : value;
}
