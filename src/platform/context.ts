import type { LanguageCode } from "../common/language";
import type { Credentials } from "./auth/authenticator";
import type { Caller } from "./auth/caller";
import { NestedConnections } from "./db/loaders";

/**
 * One request's DataLoaders, by name. Empty here: the platform knows no feature. The composition root
 * (src/app/features.ts) merges every feature's loaders into it, the way Express's `Request` is augmented, so
 * resolvers see `ctx.loaders.meetingById` typed while this layer never imports a feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Loaders {}

/** Makes a fresh set of one request's loaders (each DataLoader built when the request first uses it). */
export type LoadersFactory = () => Loaders;

/** Everything a resolver may use while answering one request. Built fresh for each request. */
export interface GatewayContext {
  /** DataLoaders are per request: a batch never mixes callers, and nothing is cached across requests. */
  loaders: Loaders;
  /** Batches nested connections of many parents into a constant number of queries. */
  nested: NestedConnections;
  /** The token holder making the request; null for anonymous readers. */
  caller: Caller | null;
  /** Whether the request carried a token, and whether it was accepted. */
  credentials: "none" | "valid" | "invalid";
  /** Why invalid credentials were refused, when it is not the token itself (a header not `Bearer <token>`). */
  credentialsProblem?: string;
  /** Correlates the client's response, the access log and error logs. */
  requestId: string;
  /** The client's address, for per-IP rate limits of anonymous callers. */
  clientIp: string;
  /** Worst-case number of objects the operation may resolve, once it has been priced. */
  cost?: number;
  /**
   * The language translated texts are answered in (src/modules/translation): negotiated from `Accept-Language`
   * over HTTP, or set by a transport that has its own way to choose (`?lang=` of the feeds and pages). Null:
   * every text as stored, and no translation is read at all.
   */
  language: LanguageCode | null;
}

export interface RequestInfo extends Credentials {
  requestId: string;
  clientIp: string;
  cost?: number;
  /** See GatewayContext.language; absent: null. */
  language?: LanguageCode | null;
}

/** The context of one operation, for a caller whose credentials the transport has already checked. */
export function createContext(newLoaders: LoadersFactory, info: RequestInfo): GatewayContext {
  return {
    loaders: newLoaders(),
    nested: new NestedConnections(),
    caller: info.caller,
    credentials: info.credentials,
    credentialsProblem: info.problem,
    requestId: info.requestId,
    clientIp: info.clientIp,
    cost: info.cost,
    language: info.language ?? null,
  };
}
