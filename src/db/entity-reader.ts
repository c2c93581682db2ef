import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { LRUCache } from "lru-cache";
import { readRows } from "../adapters/sqlite-statements";

/** Column types whose driver values (SQLite and PostgreSQL alike) are already what TypeORM would hydrate. */
const AS_STORED = new Set<unknown>(["integer", "int", "int4", "varchar", "character varying", "text"]);

/** Timestamp types: hydrated to `Date` objects, which most responses never read. */
const TIMESTAMPS = new Set<unknown>([Date, "datetime", "timestamp", "timestamp without time zone", "timestamptz"]);

/** Statements binding more keys than this are built for each use: few requests batch that many. */
const MEMO_MAX_KEYS = 1_000;

/** Where an entity read by an EntityReader keeps its row, for the properties it converts on first read. */
const STORED_ROW = Symbol("storedRow");

interface ReadColumn {
  /** The column's name in the result row (its database name). */
  key: string;
  property: string;
  /** How TypeORM turns the stored value into the property's value; null when it is kept as stored. */
  convert: ((value: unknown) => unknown) | null;
}

/**
 * What one request's reads include. `timestamps: false` leaves out `createdAt`/`updatedAt` (the columns
 * every tracked entity carries): set per operation (src/execution/read-scope.ts) when its document asks
 * for neither, because a page of 50 meetings reads ~1,600 rows and their two timestamp strings were a
 * tenth of its CPU. Reading such a property of an entity read without them throws, never answers wrongly.
 */
export interface ReadScope {
  timestamps: boolean;
}

/** Reads with every column: for callers outside an operation (subscriptions, command-line tools). */
export const FULL_READS: Readonly<ReadScope> = Object.freeze({ timestamps: true });

/** A row of a linked read: the entity, and the key of the row it is linked to (e.g. an agenda item's id). */
export type Linked<T> = T & { linkedId: number };

/**
 * Reads rows of one entity with hand-written SQL and hydrates them the way TypeORM does, without its
 * query builder and result transformer.
 *
 * The per-request loaders fetch thousands of rows per response (a page of 50 meetings holds ~500 agenda
 * items and their speakers). TypeORM builds each query from find options, then hydrates every row
 * through a generic transformer; together that was a quarter of the CPU of such a response. Here the
 * column list is worked out once per entity, values that are stored as they are read (integers, text)
 * are copied, and only the others (timestamps, dates) go through the driver's own `prepareHydratedValue`,
 * so entities come out identical to TypeORM's on either engine. Entities are created from the class's
 * prototype, as TypeORM does, so `instanceof` (and GraphQL's interface type resolution) still holds.
 */
export class EntityReader<T extends ObjectLiteral> {
  readonly table: string;
  private readonly columns: ReadColumn[];
  /** Every column's database name: the eagerly copied ones and those converted on first read. */
  private readonly selected: string[];
  /** The same without the creation and update timestamps. */
  private readonly selectedWithoutTimestamps: string[];
  private readonly prototype: object;
  private readonly postgres: boolean;
  /**
   * Statement texts by what shapes them (columns, scope, number of keys): built once, and the same string
   * each time, so the statement cache (src/db/sqlite-statements.ts) finds it without hashing it again.
   */
  private readonly statements = new LRUCache<string, string>({ max: 1_000 });

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    const metadata = dataSource.getMetadata(target);
    const driver = dataSource.driver;
    this.table = driver.escape(metadata.tableName);
    this.postgres = dataSource.options.type === "postgres";
    const columns = metadata.columns.filter(isOwnColumn);
    const lazy = columns.filter((column) => TIMESTAMPS.has(column.type) && !column.transformer);
    this.prototype = lazyPrototype(
      (metadata.target as { prototype: object }).prototype,
      lazy.map((column) => ({
        property: column.propertyName,
        key: column.databaseName,
        convert: (value: unknown) => (value === null ? null : driver.prepareHydratedValue(value, column)),
      })),
    );
    this.selected = columns.map((column) => column.databaseName);
    // Only columns converted on first read may be left out: their getter then throws instead of answering.
    this.selectedWithoutTimestamps = columns
      .filter((column) => !(lazy.includes(column) && (column.isCreateDate || column.isUpdateDate)))
      .map((column) => column.databaseName);
    this.columns = columns
      .filter((column) => !lazy.includes(column))
      .map((column) => ({
        key: column.databaseName,
        property: column.propertyName,
        convert: column.transformer
          ? (value: unknown) => driver.prepareHydratedValue(value, column)
          : AS_STORED.has(column.type)
            ? null
            : (value: unknown) => (value === null ? null : driver.prepareHydratedValue(value, column)),
      }));
  }

  /** `"alias"."column", …` for every column of the entity the scope includes. */
  selectList(alias: string, scope: ReadScope = FULL_READS): string {
    const escape = (name: string) => this.dataSource.driver.escape(name);
    const keys = scope.timestamps ? this.selected : this.selectedWithoutTimestamps;
    return keys.map((key) => `${escape(alias)}.${escape(key)}`).join(", ");
  }

  /** Positional parameter placeholders for `count` values, numbered from `offset` (PostgreSQL counts from 1). */
  placeholders(count: number, offset = 0): string {
    if (!this.postgres) return new Array<string>(count).fill("?").join(", ");
    return Array.from({ length: count }, (_, i) => `$${offset + i + 1}`).join(", ");
  }

  /** The statement text for `key`, kept for reuse unless it binds more than MEMO_MAX_KEYS keys. */
  private statement(key: string, keys: number, build: () => string): string {
    if (keys > MEMO_MAX_KEYS) return build();
    let sql = this.statements.get(key);
    if (sql === undefined) {
      sql = build();
      this.statements.set(key, sql);
    }
    return sql;
  }

  /** Every row of the table, ordered by `orderBy` (SQL over alias `t`): for the small reference tables. */
  async all(orderBy: string): Promise<T[]> {
    const sql = this.statement(
      `all:${orderBy}`,
      0,
      () => `SELECT ${this.selectList("t")} FROM ${this.table} "t" ORDER BY ${orderBy}`,
    );
    return (await readRows(this.dataSource, sql, [])).map((row) => this.hydrate(row));
  }

  /** Rows whose primary key is one of `ids`, in no particular order. */
  async byIds(ids: readonly number[], scope: ReadScope = FULL_READS): Promise<T[]> {
    const sql = this.statement(
      `byIds:${scope.timestamps}:${ids.length}`,
      ids.length,
      () =>
        `SELECT ${this.selectList("t", scope)} FROM ${this.table} "t" WHERE "t"."id" IN (${this.placeholders(ids.length)})`,
    );
    const rows = await readRows(this.dataSource, sql, ids);
    return rows.map((row) => this.hydrate(row));
  }

  /**
   * The row whose unique `column` holds `value`, or null: the point lookups behind `meeting(slug:)` and
   * the like, without building a TypeORM query for each request (about a tenth of a lookup's CPU).
   */
  async findOne(column: string, value: number | string): Promise<T | null> {
    const sql = this.statement(
      `findOne:${column}`,
      1,
      () =>
        `SELECT ${this.selectList("t")} FROM ${this.table} "t" WHERE "t".${this.dataSource.driver.escape(column)} = ${this.placeholders(1)} LIMIT 1`,
    );
    const rows = await readRows(this.dataSource, sql, [value]);
    return rows.length ? this.hydrate(rows[0]!) : null;
  }

  /** Rows whose `column` holds one of `values`, ordered by `orderBy` (SQL over alias `t`). */
  async where(
    column: string,
    values: readonly (number | string)[],
    orderBy: string,
    scope: ReadScope = FULL_READS,
  ): Promise<T[]> {
    const sql = this.statement(
      `where:${column}:${orderBy}:${scope.timestamps}:${values.length}`,
      values.length,
      () =>
        `SELECT ${this.selectList("t", scope)} FROM ${this.table} "t" WHERE "t".${this.dataSource.driver.escape(column)} IN (${this.placeholders(values.length)}) ORDER BY ${orderBy}`,
    );
    const rows = await readRows(this.dataSource, sql, values);
    return rows.map((row) => this.hydrate(row));
  }

  /**
   * Rows reached through a link table (e.g. the people speaking at agenda items): `link` is the link
   * table, `linkColumn` the link's key the caller groups by, `targetColumn` the link's reference to this
   * entity, `orderBy` SQL over aliases `l` (link) and `t` (this entity). Each entity carries `linkedId`.
   */
  async linked(
    link: { table: string; linkColumn: string; targetColumn: string },
    values: readonly number[],
    orderBy: string,
    scope: ReadScope = FULL_READS,
  ): Promise<Linked<T>[]> {
    const escape = (name: string) => this.dataSource.driver.escape(name);
    const sql = this.statement(
      `linked:${link.table}:${link.linkColumn}:${link.targetColumn}:${orderBy}:${scope.timestamps}:${values.length}`,
      values.length,
      () =>
        `SELECT "l".${escape(link.linkColumn)} AS "__linked_id", ${this.selectList("t", scope)} FROM ${escape(link.table)} "l" ` +
        `JOIN ${this.table} "t" ON "t"."id" = "l".${escape(link.targetColumn)} ` +
        `WHERE "l".${escape(link.linkColumn)} IN (${this.placeholders(values.length)}) ORDER BY ${orderBy}`,
    );
    const rows = await readRows(this.dataSource, sql, values);
    return rows.map((row) => Object.assign(this.hydrate(row), { linkedId: Number(row.__linked_id) }));
  }

  hydrate(row: Record<string, unknown>): T {
    const entity = Object.create(this.prototype) as Record<string | symbol, unknown>;
    entity[STORED_ROW] = row;
    for (const column of this.columns) {
      const value = row[column.key];
      entity[column.property] = column.convert ? column.convert(value) : value;
    }
    return entity as T;
  }
}

/**
 * A prototype below the entity class's (so `instanceof` holds) whose timestamp properties convert the stored
 * value on first read and keep the result as the object's own property. Parsing two timestamps of every
 * row into `Date` objects was a tenth of the CPU of a large list that never shows them.
 */
function lazyPrototype(
  classPrototype: object,
  columns: { property: string; key: string; convert: (value: unknown) => unknown }[],
): object {
  if (!columns.length) return classPrototype;
  const prototype = Object.create(classPrototype) as object;
  for (const { property, key, convert } of columns) {
    Object.defineProperty(prototype, property, {
      configurable: true,
      enumerable: true,
      get(this: Record<string | symbol, unknown>) {
        const row = this[STORED_ROW] as Record<string, unknown>;
        if (!(key in row)) throw new Error(`${property} was not read: the operation's reads left it out`);
        const value = convert(row[key]);
        Object.defineProperty(this, property, { value, writable: true, enumerable: true, configurable: true });
        return value;
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, property, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  return prototype;
}

const readers = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, EntityReader<ObjectLiteral>>>();

/** The reader of an entity on a connection, built once (loaders are created for every request). */
export function readerOf<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>): EntityReader<T> {
  let byTarget = readers.get(dataSource);
  if (!byTarget) readers.set(dataSource, (byTarget = new Map()));
  let reader = byTarget.get(target);
  if (!reader) byTarget.set(target, (reader = new EntityReader(dataSource, target)));
  return reader as EntityReader<T>;
}

/** Columns the entity declares itself; a relation's join column alone is hydrated by TypeORM as a relation. */
function isOwnColumn(column: ColumnMetadata): boolean {
  return !column.isVirtual && column.propertyName !== column.relationMetadata?.propertyName;
}
