import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import type { ClassType } from "type-graphql";
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { Brackets } from "typeorm";
import { readerOf } from "./entity-reader";
import { BadUserInputError } from "../../common/errors";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Return at most this many items from the start (after \`after\`). 0–${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE} when neither \`first\` nor \`last\` is given.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return items after this cursor (an edge's `cursor`)." })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Return at most this many items from the end (before \`before\`). 0–${MAX_PAGE_SIZE}. Cannot be combined with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return items before this cursor (an edge's `cursor`)." })
  before?: string | null;
}

@ObjectType("PageInfo", {
  simpleResolvers: true,
  description: "Where a page sits in the whole list (Relay cursor connections).",
})
export class PageInfo {
  @Field({ description: "True when more items follow this page in the list's order." })
  hasNextPage!: boolean;

  @Field({ description: "True when items precede this page in the list's order." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge of the page; null when it is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the page; null when it is empty." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; `totalCount` runs its COUNT query only when a client asks for it. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  countTotal: () => Promise<number>;
}

/**
 * Builds the `<Name>Connection` and `<Name>Edge` object types for a node type. The connection's
 * `totalCount` is a method so that the COUNT query runs only when the field is selected.
 */
export function connectionTypes<T extends object>(nodeType: ClassType<T>, name: string, plural: string) {
  @ObjectType(`${name}Edge`, {
    simpleResolvers: true,
    description: `One ${name} in a page of ${plural}, with the cursor that points at it.`,
  })
  class EdgeType {
    @Field({ description: "Opaque cursor of this edge; pass it as `after` or `before` to page from here." })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name} at this edge.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `A page of ${plural} (Relay cursor connection).`,
  })
  class ConnectionType implements ConnectionResult<T> {
    @Field(() => [EdgeType], { description: "The edges of this page, in the list's order." })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: "Where this page sits in the whole list." })
    pageInfo!: PageInfo;

    countTotal!: () => Promise<number>;

    @Field(() => [nodeType], { description: "The nodes of this page, in order: a shortcut for `edges { node }`." })
    nodes(): T[] {
      return this.edges.map((edge) => edge.node);
    }

    @Field(() => Int, { description: "How many items the whole list holds, across all pages, with the same filter." })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }

  return { EdgeType, ConnectionType };
}

export type SortDirection = "ASC" | "DESC";

/** A validated page request: which end to read from, how many rows, and from which cursor. */
export interface PageRequest {
  limit: number;
  backward: boolean;
  cursor: string | null;
}

function checkSize(value: number | null | undefined, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw BadUserInputError.forField(name, `must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`);
  }
  return value;
}

export function toPageRequest(args: ConnectionArgs): PageRequest {
  const first = checkSize(args.first, "first");
  const last = checkSize(args.last, "last");
  if (first !== null && last !== null) {
    throw new BadUserInputError("Pass either `first` or `last`, not both", [
      { path: "last", message: "cannot be combined with first" },
    ]);
  }
  if (args.after != null && args.before != null) {
    throw new BadUserInputError("Pass either `after` or `before`, not both", [
      { path: "before", message: "cannot be combined with after" },
    ]);
  }
  if (last !== null || (first === null && args.before != null)) {
    return { limit: last ?? DEFAULT_PAGE_SIZE, backward: true, cursor: args.before ?? null };
  }
  return { limit: first ?? DEFAULT_PAGE_SIZE, backward: false, cursor: args.after ?? null };
}

/** A sort order a list supports: the column it sorts by, and how to read that value off an entity. */
export interface KeysetOrder<T> {
  /** Distinguishes cursors of different lists and orders, so one cannot be replayed against another. */
  tag: string;
  /** Qualified column, e.g. `meeting.start_date`. */
  column: string;
  /** Tie-breaker primary key column, e.g. `meeting.id`. */
  idColumn: string;
  direction: SortDirection;
  /** Nullable sort columns sort NULL as the smallest value: first ascending, last descending. */
  nullable: boolean;
  valueOf: (row: T) => string | number | null;
  idOf: (row: T) => number;
  /**
   * Inclusive bounds a filter puts on the sort column (a date range on a list sorted by date). They are
   * written by `paginate`, not by the filter, so that each side of the column gets one bound: see
   * `applyRangeAndSeek`.
   */
  range?: SortRange;
}

type CursorValue = string | number | null;

/** Inclusive bounds on a list's sort column; a missing side is unbounded. */
export interface SortRange {
  min?: string | number;
  max?: string | number;
}

interface CursorPayload {
  t: string;
  v: CursorValue;
  i: number;
}

/** An opaque cursor: the payload as base64url JSON, so clients cannot take it apart (or rely on its shape). */
export function encodeOpaqueCursor(payload: object): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/**
 * The JSON object inside a cursor made by `encodeOpaqueCursor`, of a list tagged `tag`; anything else (too long,
 * not base64url, not JSON, another list's cursor) is BAD_USER_INPUT on `argName`. The caller checks the rest.
 */
export function decodeOpaqueCursor(cursor: string, tag: string, argName: string): Record<string, unknown> {
  const invalid = () => BadUserInputError.forField(argName, "is not a cursor of this list and order");
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof payload !== "object" || payload === null || (payload as { t?: unknown }).t !== tag) throw invalid();
  return payload as Record<string, unknown>;
}

function encodeCursor(tag: string, value: CursorValue, id: number): string {
  const payload: CursorPayload = { t: tag, v: value, i: id };
  return encodeOpaqueCursor(payload);
}

function decodeCursor(cursor: string, tag: string, argName: string): { value: CursorValue; id: number } {
  const { v, i } = decodeOpaqueCursor(cursor, tag, argName) as Partial<CursorPayload>;
  const valueOk = v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
  if (!valueOk || typeof i !== "number" || !Number.isSafeInteger(i)) {
    throw BadUserInputError.forField(argName, "is not a cursor of this list and order");
  }
  return { value: v, id: i };
}

/**
 * Adds a keyset ("seek") condition: rows strictly after `(value, id)` in the effective order. Never OFFSET:
 * the cost of a page does not grow with its depth in the list.
 */
function applySeek(
  qb: SelectQueryBuilder<ObjectLiteral>,
  order: KeysetOrder<unknown>,
  direction: SortDirection,
  value: CursorValue,
  id: number,
): void {
  const v = "seekValue";
  const i = "seekId";
  const { column, idColumn } = order;
  const cmp = direction === "ASC" ? ">" : "<";
  const params = { [v]: value, [i]: id };
  qb.andWhere(
    new Brackets((where) => {
      if (value === null) {
        // NULL is the smallest value: after it ascending come other NULLs by id, then every non-null value.
        where.where(`(${column} IS NULL AND ${idColumn} ${cmp} :${i})`, params);
        if (direction === "ASC") where.orWhere(`${column} IS NOT NULL`);
      } else {
        // Written as a range on the sort column (`<= v`) refined by the tie-break, so that the index on the
        // sort column can seek straight to the cursor instead of filtering every row before it.
        where.where(`(${column} ${cmp}= :${v} AND (${column} ${cmp} :${v} OR ${idColumn} ${cmp} :${i}))`, params);
        if (direction === "DESC" && order.nullable) where.orWhere(`${column} IS NULL`);
      }
    }),
  );
}

const compareValues = (a: string | number, b: string | number): number =>
  typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;

/** The filter's bounds on the sort column, as plain conditions (for counting the whole filtered list). */
function applyRange(qb: SelectQueryBuilder<ObjectLiteral>, column: string, range: SortRange): void {
  if (range.min !== undefined) qb.andWhere(`${column} >= :rangeMin`, { rangeMin: range.min });
  if (range.max !== undefined) qb.andWhere(`${column} <= :rangeMax`, { rangeMax: range.max });
}

/**
 * The filter's bounds on the sort column and the cursor's seek condition, with at most one bound on each
 * side of the column. The seek bounds the side the page reads towards (`<= v` descending); when the filter
 * bounds that side too, only the tighter of the two is written. SQLite seeks an index range on a single
 * bound per side, chosen without knowing the parameters: given both `start_date <= '2020-12-31'` and the
 * cursor's `start_date <= '2017-05-18'` it may start at the filter's end and test every row in between,
 * which made a page deep in a filtered list cost in proportion to its depth.
 */
function applyRangeAndSeek(
  qb: SelectQueryBuilder<ObjectLiteral>,
  order: KeysetOrder<unknown>,
  direction: SortDirection,
  cursor: { value: CursorValue; id: number } | null,
): void {
  const range: SortRange = { ...order.range };
  let seek = cursor;
  if (cursor && cursor.value !== null) {
    const side = direction === "DESC" ? "max" : "min";
    const bound = range[side];
    const filterIsTighter =
      bound !== undefined &&
      (direction === "DESC" ? compareValues(bound, cursor.value) < 0 : compareValues(bound, cursor.value) > 0);
    // Every row within a strictly tighter filter bound lies past the cursor, and the seek implies a looser one.
    if (filterIsTighter) seek = null;
    else delete range[side];
  }
  applyRange(qb, order.column, range);
  if (seek) applySeek(qb, order, direction, seek.value, seek.id);
}

/** A copy of the list's query for counting it whole: its filters and range, without seek or order. */
function countable<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, order: KeysetOrder<T>): SelectQueryBuilder<T> {
  const copy = qb.clone();
  if (order.range) applyRange(copy as unknown as SelectQueryBuilder<ObjectLiteral>, order.column, order.range);
  return copy;
}

/** Applies the range and the page's cursor to `qb`; returns the direction the page reads in. */
function seekPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  page: PageRequest,
): SortDirection {
  const direction = page.backward ? (order.direction === "ASC" ? "DESC" : "ASC") : order.direction;
  const cursor = page.cursor === null ? null : decodeCursor(page.cursor, order.tag, page.backward ? "before" : "after");
  applyRangeAndSeek(
    qb as unknown as SelectQueryBuilder<ObjectLiteral>,
    order as KeysetOrder<unknown>,
    direction,
    cursor,
  );
  return direction;
}

/**
 * Runs one page of a keyset-paginated list. `qb` must hold the list's filters only; ordering, the seek
 * condition and the limit are added here. The total is counted on a clone, lazily.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  page: PageRequest,
  engine: "sqlite" | "postgres",
): Promise<ConnectionResult<T>> {
  const countQuery = countable(qb, order);
  let total: Promise<number> | undefined;
  const countTotal = () => (total ??= countQuery.getCount());

  const direction = seekPage(qb, order, page);
  const nulls =
    engine === "postgres" && order.nullable ? (direction === "ASC" ? "NULLS FIRST" : "NULLS LAST") : undefined;

  let rows: T[] = [];
  let hasMore = false;
  if (page.limit > 0) {
    qb.orderBy(order.column, direction, nulls)
      .addOrderBy(order.idColumn, direction)
      .limit(page.limit + 1);
    rows = await readPage(qb);
    hasMore = rows.length > page.limit;
    if (hasMore) rows = rows.slice(0, page.limit);
    if (page.backward) rows.reverse();
  } else {
    // `first: 0` asks only for pageInfo/totalCount: one cheap probe tells whether items exist.
    hasMore = (await qb.clone().select(order.idColumn).limit(1).getRawMany()).length > 0;
  }

  return toConnection(rows, hasMore, order, page, countTotal);
}

/**
 * The rows of a list query as entities, read through the entity's reader (src/platform/db/entity-reader.ts): TypeORM
 * builds the statement (filters, seek, order, limit), and the rows come back in the same shape as those the
 * per-request loaders read, without TypeORM's result transformer.
 */
function readPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  return readerOf(qb.connection, qb.expressionMap.mainAlias!.target as EntityTarget<T>).many(qb);
}

/** Wraps one page of rows (already in the list's order) as a connection. */
function toConnection<T>(
  rows: T[],
  hasMore: boolean,
  order: KeysetOrder<T>,
  page: PageRequest,
  countTotal: () => Promise<number>,
): ConnectionResult<T> {
  const edges = rows.map((node) => ({ cursor: encodeCursor(order.tag, order.valueOf(node), order.idOf(node)), node }));
  const pageInfo: PageInfo = {
    hasNextPage: page.backward ? page.cursor !== null : hasMore,
    hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
  return { edges, pageInfo, countTotal };
}

/**
 * One page of a nested list for many parents at once (e.g. `meetings` of every region in a response):
 * one window-function query ranks the children of every parent, one query loads the page's rows, and
 * one GROUP BY counts totals if asked. The statement count does not grow with the number of parents.
 */
export async function paginateByParent<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  parentColumn: string,
  parentIds: readonly number[],
  order: KeysetOrder<T>,
  page: PageRequest,
  engine: "sqlite" | "postgres",
  loadByIds: (ids: number[]) => Promise<T[]>,
): Promise<ConnectionResult<T>[]> {
  qb.andWhere(`${parentColumn} IN (:...parentIds)`, { parentIds: [...parentIds] });

  const countQuery = countable(qb, order)
    .select(parentColumn, "parentId")
    .addSelect("COUNT(*)", "total")
    .groupBy(parentColumn);
  let totals: Promise<Map<number, number>> | undefined;
  const totalOf = (parentId: number) =>
    (totals ??= countQuery
      .getRawMany<{ parentId: number | string; total: number | string }>()
      .then((rows) => new Map(rows.map((row) => [Number(row.parentId), Number(row.total)])))).then(
      (map) => map.get(parentId) ?? 0,
    );

  const direction = seekPage(qb, order, page);
  const nulls = engine === "postgres" && order.nullable ? (direction === "ASC" ? " NULLS FIRST" : " NULLS LAST") : "";

  qb.select(order.idColumn, "rowId")
    .addSelect(parentColumn, "parentId")
    .addSelect(
      `ROW_NUMBER() OVER (PARTITION BY ${parentColumn} ORDER BY ${order.column} ${direction}${nulls}, ${order.idColumn} ${direction})`,
      "rowRank",
    );
  const [sql, parameters] = qb.getQueryAndParameters();
  const rankedRows: { rowId: number | string; parentId: number | string }[] = await qb.connection.query(
    `SELECT "rowId", "parentId" FROM (${sql}) ranked WHERE "rowRank" <= ${page.limit + 1} ORDER BY "parentId", "rowRank"`,
    parameters,
  );
  const ranked = new Map<number, number[]>(parentIds.map((id) => [id, []]));
  for (const row of rankedRows) ranked.get(Number(row.parentId))?.push(Number(row.rowId));

  const wanted = [...ranked.values()].flatMap((ids) => ids.slice(0, page.limit));
  const byId = new Map((wanted.length ? await loadByIds(wanted) : []).map((row) => [order.idOf(row), row]));

  return parentIds.map((parentId) => {
    const ids = ranked.get(parentId) ?? [];
    const rows = ids.slice(0, page.limit).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    if (page.backward) rows.reverse();
    return toConnection(rows, ids.length > page.limit, order, page, () => totalOf(parentId));
  });
}
