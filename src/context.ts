import type { DataSource } from "typeorm";
import type { Credentials } from "./auth/authenticator";
import type { Caller } from "./auth/token.service";
import type { LazyLoaders } from "./common/loaders";
import { NestedConnections, lazyLoaderClass } from "./common/loaders";
import type { AllLoaderFactories } from "./features";
import { loaderFactories } from "./features";

export type Loaders = LazyLoaders<AllLoaderFactories>;

const loaderClasses = new WeakMap<DataSource, new () => Loaders>();

/** One request's loaders: a fresh set, each DataLoader built when the request first uses it. */
export function createLoaders(dataSource: DataSource): Loaders {
  let RequestLoaders = loaderClasses.get(dataSource);
  if (!RequestLoaders) {
    RequestLoaders = lazyLoaderClass(loaderFactories(dataSource));
    loaderClasses.set(dataSource, RequestLoaders);
  }
  return new RequestLoaders();
}

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
}

export interface RequestInfo extends Credentials {
  requestId: string;
  clientIp: string;
  cost?: number;
}

/** The context of one operation, for a caller whose credentials the transport has already checked. */
export function createContext(dataSource: DataSource, info: RequestInfo): GatewayContext {
  return {
    loaders: createLoaders(dataSource),
    nested: new NestedConnections(),
    caller: info.caller,
    credentials: info.credentials,
    credentialsProblem: info.problem,
    requestId: info.requestId,
    clientIp: info.clientIp,
    cost: info.cost,
  };
}
