import "reflect-metadata";
import type DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { ComplexityEstimatorArgs } from "graphql-query-complexity";
import type { Router } from "express";
import type { DatabaseEngine } from "../config";
import type { DirectorySection } from "./directory-section";
import type { Clock } from "./clock";
import type { Logger } from "./logger";
import type { LoaderFactories } from "./db/loaders";
import type { MutationRunner } from "./db/mutation";
import type { OperationRunner } from "./http/operation-routes";

/** A class: an entity, a resolver or a service, by its constructor. */
export type ClassOf<T = object> = abstract new (...args: never[]) => T;

/** What every feature's services are made from, created once per gateway (or command-line run). */
export interface FeatureDependencies {
  /** Reads: never waits for a write (SQLite: its own connection in WAL mode). */
  reader: DataSource;
  /** Writes: through `mutations` only. */
  writer: DataSource;
  engine: DatabaseEngine;
  /** The one unit of work every change runs in: lock, transaction, audit. */
  mutations: MutationRunner;
  log?: Logger;
  /** "Now", for answers that depend on the date (src/platform/clock.ts): the system clock unless a test fixes it. */
  clock: Clock;
  /** Most meetings `exportDirectory` answers with (MAX_EXPORT_MEETINGS). */
  maxExportMeetings?: number;
  /** Services of the features listed before this one, by class. */
  services: ServiceRegistry;
  /** Every feature's part of the directory file, in the feature list's order (src/app/features.ts). */
  directorySections: readonly DirectorySection[];
}

/** What a feature's public GET endpoints are built with (see `FeatureModule.routes`). */
export interface RouteDependencies {
  /** Runs fixed GraphQL queries through /graphql's pipeline and sends what they render, with ETag and caching. */
  operations: OperationRunner;
  log: Logger;
}

/** A per-request loader that fetches one Node type by primary key (see `node`/`nodes`). */
export type NodeLoader = DataLoader<number, object | null>;

/** How `node(id:)` finds objects of one type: the name of its by-id loader, and whether only admins may. */
export interface NodeLookup<TLoaderName extends string = string> {
  loader: TLoaderName;
  adminOnly?: boolean;
}

/** What a list field is assumed to hold, for the query price (src/platform/pipeline/cost.ts), by `Type.field`. */
export type ListSizeEstimate = number | ((args: ComplexityEstimatorArgs["args"]) => number);

/**
 * One feature of the directory, as it registers itself: its tables, its GraphQL resolvers, the services they
 * are given, the per-request loaders, the Node types `node(id:)` can fetch, and how its lists are priced. The
 * gateway's data source, schema, context, node lookup and query price are all derived from the one list of
 * features (src/app/features.ts), so adding a feature means adding its folder and one line there.
 */
export interface FeatureModule<TLoaders extends LoaderFactories = LoaderFactories> {
  /** For error messages and the order check: what the feature is called. */
  readonly name: string;
  /** TypeORM entities: the tables the feature owns. */
  readonly entities?: readonly ClassOf[];
  /**
   * type-graphql resolver classes. Each is constructed once, with the services its constructor parameters
   * name by type (reflect-metadata), from this feature or one listed before it.
   */
  readonly resolvers?: readonly ClassOf[];
  /** Creates the feature's services; each is then found by its class. */
  readonly services?: (dependencies: FeatureDependencies) => readonly object[];
  /** Per-request loader factories; `ctx.loaders.<name>` builds each on first use. */
  readonly loaders?: (dataSource: DataSource) => TLoaders;
  /** Node types by GraphQL type name, with the name of the loader (of this feature) that fetches them by id. */
  readonly nodes?: Readonly<Record<string, NodeLookup<Extract<keyof TLoaders, string>>>>;
  /** Sizes assumed for the feature's lists without a page size, by `Type.field`. */
  readonly listSizes?: Readonly<Record<string, ListSizeEstimate>>;
  /** The feature's part of the directory file: a top-level section, and fields of meeting records. */
  readonly directory?: DirectorySection;
  /**
   * Public GET endpoints (calendars, feeds, CSV, pages), each a fixed query run by `operations.handler(…)`
   * (src/platform/http/operation-routes.ts): mounted on the gateway's Express application, after its own routes
   * and before the 404 answer. They never run a mutation and need no custom header.
   */
  readonly routes?: (dependencies: RouteDependencies) => Router;
}

/** Declares a feature with its loader names checked against its own loaders. */
export function defineFeature<TLoaders extends LoaderFactories>(
  feature: FeatureModule<TLoaders>,
): FeatureModule<TLoaders> {
  return feature;
}

/**
 * Services by their class. Resolvers and later features ask for a service by its class, and get the one
 * instance of this gateway (several gateways in one process — the tests — each have their own registry).
 */
export class ServiceRegistry {
  private readonly instances = new Map<ClassOf, object>();

  add(service: object): void {
    const serviceClass = service.constructor as ClassOf;
    if (this.instances.has(serviceClass)) throw new Error(`Two services of class ${serviceClass.name}`);
    this.instances.set(serviceClass, service);
  }

  get<T extends object>(serviceClass: ClassOf<T>): T {
    const service = this.instances.get(serviceClass);
    if (!service) throw new Error(`No service of class ${serviceClass.name} is registered by a feature listed so far`);
    return service as T;
  }

  /**
   * An instance of `resolverClass`, given the services its constructor parameters name by type. TypeScript
   * records those types (emitDecoratorMetadata) because type-graphql's `@Resolver()` decorates the class.
   */
  construct<T extends object>(resolverClass: new (...services: never[]) => T): T {
    const parameterTypes = (Reflect.getMetadata("design:paramtypes", resolverClass) ?? []) as ClassOf[];
    const services = parameterTypes.map((type, index) => {
      const service = this.instances.get(type);
      if (!service) {
        throw new Error(
          `${resolverClass.name}'s constructor parameter ${index + 1} (${type?.name ?? "unknown type"}) is no registered service`,
        );
      }
      return service;
    });
    return new resolverClass(...(services as never[]));
  }
}
