import DataLoader from "dataloader";
import type { EntityReader, Linked } from "./entity-reader";

/**
 * Keys per batched query. Large enough that one page never splits into two queries (a page of 100
 * meetings can hold 2,000 agenda items), small enough for every engine's bound-parameter limit.
 */
const MAX_BATCH = 10_000;

/**
 * A per-request loader of rows by primary key: every `load(id)` made in one tick of the event loop
 * becomes one `WHERE id IN (…)` query. Missing ids resolve to null.
 */
export function rowsById<T extends { id: number }>(fetch: (ids: readonly number[]) => Promise<T[]>) {
  return new DataLoader<number, T | null>(
    async (ids) => {
      const rows = await fetch(ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** A loader factory of an entity's rows by primary key. */
export function rowsByIdOf<T extends { id: number }>(reader: EntityReader<T>) {
  return () => rowsById((ids) => reader.byIds(ids));
}

/**
 * A per-request loader of child rows grouped by a parent key: all parents of one tick are fetched
 * with one query. `fetch` must return rows in the order each group should keep.
 */
export function rowsByKey<K extends number | string, T>(
  fetch: (keys: readonly K[]) => Promise<T[]>,
  keyOf: (row: T) => K,
) {
  return new DataLoader<K, T[]>(async (keys) => grouped(keys, await fetch(keys), keyOf, (row) => row), {
    maxBatchSize: MAX_BATCH,
  });
}

/**
 * A per-request loader of the entities linked to each key through a link table (an agenda item's speakers):
 * `fetch` reads them with `EntityReader.linked`, in the order each group should keep.
 */
export function linkedByKey<T>(fetch: (keys: readonly number[]) => Promise<Linked<T>[]>) {
  return new DataLoader<number, T[]>(
    async (keys) =>
      grouped(
        keys,
        await fetch(keys),
        (row) => row.linkedId,
        (row) => row.entity,
      ),
    { maxBatchSize: MAX_BATCH },
  );
}

/** `rows` grouped by key, as `valueOf` of each, in the order of `keys` (an empty group for a key without rows). */
function grouped<K, R, T>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, valueOf: (row: R) => T): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(valueOf(row));
    else groups.set(key, [valueOf(row)]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** A feature's per-request loaders, as factories: each is built the first time a request uses it. */
export type LoaderFactories = Record<string, () => unknown>;

/** The loaders of one request: a property per factory, built on first read and kept for the request. */
export type LazyLoaders<F extends LoaderFactories> = { readonly [K in keyof F]: ReturnType<F[K]> };

/**
 * A class whose instances hold one request's loaders, each built on first read. The getters live on the
 * prototype and replace themselves with an own property, so a request allocates only the loaders its
 * operation uses: built eagerly, the two dozen DataLoaders (and their caches) of every request outlived the
 * young generation whenever a scavenge caught the request in flight, and were a large part of what the
 * collector promoted to the old generation under load (docs/benchmarks.md).
 */
export function lazyLoaderClass<F extends LoaderFactories>(factories: F): new () => LazyLoaders<F> {
  class RequestLoaders {}
  for (const [name, factory] of Object.entries(factories)) {
    Object.defineProperty(RequestLoaders.prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: RequestLoaders) {
        const loader = factory();
        Object.defineProperty(this, name, { value: loader, enumerable: true });
        return loader;
      },
    });
  }
  return RequestLoaders as new () => LazyLoaders<F>;
}

/** Loads one related row through a nullable foreign key. */
export function loadOptional<T>(loader: DataLoader<number, T | null>, id: number | null): Promise<T | null> {
  return id === null ? Promise.resolve(null) : loader.load(id);
}

/** Loads a row a non-null foreign key points at; a dangling key is a broken invariant, not a client error. */
export async function loadRequired<T>(loader: DataLoader<number, T | null>, id: number, what: string): Promise<T> {
  const row = await loader.load(id);
  if (row === null) throw new Error(`${what} ${id} is referenced but missing`);
  return row;
}

/**
 * Per-request batching of nested connections (a region's `meetings`, a Member's `hostedMeetings`…):
 * occurrences of the same field with the same arguments across many parents share one batch.
 */
export class NestedConnections {
  private readonly loaders = new Map<string, DataLoader<number, unknown>>();

  load<T>(
    field: string,
    args: unknown,
    parentId: number,
    batch: (parentIds: readonly number[]) => Promise<T[]>,
  ): Promise<T> {
    const key = `${field}:${JSON.stringify(args)}`;
    let loader = this.loaders.get(key) as DataLoader<number, T> | undefined;
    if (!loader) {
      loader = new DataLoader<number, T>(batch, { maxBatchSize: MAX_BATCH });
      this.loaders.set(key, loader as DataLoader<number, unknown>);
    }
    return loader.load(parentId);
  }
}
