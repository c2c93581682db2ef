import { auditFeature } from "../modules/audit/audit.module";
import { tokensFeature } from "../modules/tokens/tokens.module";
import type { Router } from "express";
import type { FeatureModule, ListSizeEstimate, NodeLookup, RouteDependencies } from "../platform/feature-module";
import type { DirectorySection } from "../platform/directory-section";
import type { DataSource } from "typeorm";
import type { LazyLoaders } from "../platform/db/loaders";
import { lazyLoaderClass } from "../platform/db/loaders";
import { directoryFeature } from "../modules/directory/directory.module";
import { feedsFeature } from "../modules/feeds/feeds.module";
import { liveFeature } from "../modules/live/live.module";
import { activityFeature } from "../modules/activity/activity.module";
import { agendaFeature } from "../modules/agenda/agenda.module";
import { meetingFeature } from "../modules/meeting/meeting.module";
import { memberFeature } from "../modules/member/member.module";
import { nodeFeature } from "../modules/node/node.module";
import { personFeature } from "../modules/person/person.module";
import { publicPagesFeature } from "../modules/public-pages/public-pages.module";
import { regionFeature } from "../modules/region/region.module";
import { searchFeature } from "../modules/search/search.module";
import { seriesFeature } from "../modules/series/series.module";
import { themeFeature } from "../modules/theme/theme.module";
import { translationFeature } from "../modules/translation/translation.module";
import { venueFeature } from "../modules/venue/venue.module";
import type { ListSizes } from "../platform/pipeline/cost";
import type { BeforeCommitHook } from "../platform/db/before-commit";

/**
 * Every feature of the gateway: the one list a new feature is added to. The data source's entities, the
 * schema's resolvers, each request's loaders, `node(id:)`'s types and the query price's list sizes are all
 * derived from it. Order matters only for services: a feature's services may use those of features before it.
 */
export const FEATURES = [
  regionFeature,
  memberFeature,
  personFeature,
  themeFeature,
  meetingFeature,
  seriesFeature,
  venueFeature,
  agendaFeature,
  translationFeature,
  activityFeature,
  searchFeature,
  tokensFeature,
  auditFeature,
  directoryFeature,
  liveFeature,
  nodeFeature,
  feedsFeature,
  publicPagesFeature,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (all: infer I) => void
  ? I
  : never;
type LoadersOf<F> = F extends FeatureModule<infer L> ? L : never;

/** Every feature's per-request loader factories, as one object type. */
export type AllLoaderFactories = UnionToIntersection<LoadersOf<(typeof FEATURES)[number]>>;

declare module "../platform/context" {
  /** Every feature's loaders: what `ctx.loaders` holds in each request. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: adds the members
  interface Loaders extends LazyLoaders<AllLoaderFactories> {}
}

export const entities = FEATURES.flatMap((feature) => feature.entities ?? []);

export const resolvers = FEATURES.flatMap((feature) => feature.resolvers ?? []);

/** Every feature's before-commit hook, in the feature list's order: given to each data source with `entities`. */
export const beforeCommit: readonly BeforeCommitHook[] = FEATURES.flatMap((feature) =>
  feature.beforeCommit ? [feature.beforeCommit] : [],
);

/** Node types by GraphQL type name; a type registered twice is a mistake caught at start-up. */
export function nodeLookups(): ReadonlyMap<string, NodeLookup> {
  const lookups = new Map<string, NodeLookup>();
  for (const feature of FEATURES) {
    for (const [typename, lookup] of Object.entries(feature.nodes ?? {})) {
      if (lookups.has(typename)) throw new Error(`Two features register the Node type ${typename}`);
      lookups.set(typename, lookup);
    }
  }
  return lookups;
}

/**
 * Every feature's list sizes by `Type.field`, for the query price; a list priced by two features is a mistake
 * caught at start-up (one feature's size would otherwise silently replace the other's).
 */
export function mergeListSizes(features: readonly Pick<FeatureModule, "name" | "listSizes">[]): ListSizes {
  const sizes: Record<string, ListSizeEstimate> = {};
  const pricedBy = new Map<string, string>();
  for (const feature of features) {
    for (const [field, size] of Object.entries(feature.listSizes ?? {})) {
      const earlier = pricedBy.get(field);
      if (earlier !== undefined)
        throw new Error(`Two features price the list ${field}: ${earlier} and ${feature.name}`);
      pricedBy.set(field, feature.name);
      sizes[field] = size;
    }
  }
  return sizes;
}

export const listSizes: ListSizes = mergeListSizes(FEATURES);

/**
 * Every feature's part of the directory file, in the feature list's order (which is the order of their sections
 * and meeting fields in an exported file); a section key given by two features is a mistake caught at start-up.
 */
export function directorySectionsOf(
  features: readonly Pick<FeatureModule, "name" | "directory">[],
): readonly DirectorySection[] {
  const ownedBy = new Map<string, string>();
  const sections: DirectorySection[] = [];
  for (const feature of features) {
    if (!feature.directory) continue;
    const earlier = ownedBy.get(feature.directory.key);
    if (earlier !== undefined)
      throw new Error(
        `Two features declare the directory section ${feature.directory.key}: ${earlier} and ${feature.name}`,
      );
    ownedBy.set(feature.directory.key, feature.name);
    sections.push(feature.directory);
  }
  return sections;
}

export const directorySections = directorySectionsOf(FEATURES);

/** Every feature's loader factories over one data source; a loader name given twice is caught at start-up. */
export function loaderFactories(dataSource: DataSource): AllLoaderFactories {
  const factories: Record<string, unknown> = {};
  for (const feature of FEATURES) {
    for (const [name, factory] of Object.entries(feature.loaders?.(dataSource) ?? {})) {
      if (name in factories) throw new Error(`Two features declare the loader ${name}`);
      factories[name] = factory;
    }
  }
  return factories as AllLoaderFactories;
}

const loaderClasses = new WeakMap<DataSource, new () => LazyLoaders<AllLoaderFactories>>();

/** One request's loaders over `dataSource`: a fresh set, each DataLoader built when the request first uses it. */
export function createLoaders(dataSource: DataSource): LazyLoaders<AllLoaderFactories> {
  let RequestLoaders = loaderClasses.get(dataSource);
  if (!RequestLoaders) {
    RequestLoaders = lazyLoaderClass(loaderFactories(dataSource));
    loaderClasses.set(dataSource, RequestLoaders);
  }
  return new RequestLoaders();
}

/** Every feature's public GET endpoints, in the feature list's order. */
export function featureRouters(dependencies: RouteDependencies): Router[] {
  return FEATURES.flatMap((feature: FeatureModule) => (feature.routes ? [feature.routes(dependencies)] : []));
}
