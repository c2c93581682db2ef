import type { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { LRUCache } from "lru-cache";
import { readRows } from "../adapters/sqlite-statements";

/** Column types whose driver values (SQLite and PostgreSQL alike) are already what TypeORM would hydrate. */
const AS_STORED = new Set<unknown>(["integer", "int", "int4", "varchar", "character varying", "text"]);

/** Timestamp types: hydrated to `Date` objects. */
const TIMESTAMPS = new Set<unknown>([Date, "datetime", "timestamp", "timestamp without time zone", "timestamptz"]);

/** Statements binding more keys than this are built for each use: few requests batch that many. */
const MEMO_MAX_KEYS = 1_000;

/** The result column holding a row's values as a JSON array, on SQLite (see `EntityReader`). */
const PACKED_ROW = "__row";

/**
 * Column types whose SQLite values come through JSON exactly as the driver reads them: integers (a column
 * typed by its property's `Number`, like a generated id, is an INTEGER column), text, and timestamps (read as
 * integers, see `timestampValue`). Not REAL (SQLite writes it in JSON with 15 digits, so 0.1 + 0.2 would come
 * back as 0.3) nor BLOB (which JSON cannot hold): those are read as result columns of their own.
 */
const JSON_SAFE = new Set<unknown>([...AS_STORED, ...TIMESTAMPS, "date", "boolean", Number, String, Boolean]);

interface ReadColumn {
  /** The column's name in the result row (its database name). */
  key: string;
  property: string;
  /** The SQL expression of its value, over `alias`. */
  value: (alias: string) => string;
  /** Its position in the row's JSON array (SQLite), or -1 when it is a result column of its own. */
  packedAt: number;
  /** How the value read becomes the property's value; null when it is kept as read. */
  convert: ((value: unknown) => unknown) | null;
}

/** A row of a linked read: the entity, and the key of the row it is linked to (e.g. an agenda item's id). */
export interface Linked<T> {
  linkedId: number;
  entity: T;
}

/**
 * The one way entities are read for resolvers: loaders, point lookups, list pages and nested connections all
 * hydrate their rows here, so every entity a resolver sees has one shape, whatever the operation asks for:
 * the class's prototype, one own data property per column, timestamps as `Date` — the shape TypeORM's own
 * reads give (test/entity-timestamps.e2e.test.ts compares the two for every entity, on each engine).
 *
 * The per-request loaders fetch thousands of rows per response (a page of 50 meetings with its agenda items and
 * their speakers). TypeORM builds each query from find options, then hydrates every row through a generic
 * transformer; together that was a large share of the CPU of such a response (docs/benchmarks.md). Here the column
 * list is worked out once per entity, values that are stored as they are read (integers, text) are copied, and only
 * the others go through the driver's own `prepareHydratedValue`; timestamps come from the database as milliseconds
 * since the epoch (`timestampValue`), and each becomes a `Date` with `new Date(ms)`.
 *
 * On SQLite each row is selected as one JSON array (`json_array(…)`), parsed with `JSON.parse`. node-sqlite3
 * (and, less so, better-sqlite3) builds every value of a result row as a property set through N-API, with a
 * new string for its column's name each time: that per-value cost, not the values, made the two timestamp
 * columns a visible share of the CPU of a page of meetings, and once led to leaving them out of reads whose
 * document did not name them — with getters that threw when something read them anyway. One value per row
 * and V8's JSON parser cost less, with either driver, than the separate columns did without the timestamps.
 */
export class EntityReader<T extends ObjectLiteral> {
  readonly table: string;
  private readonly columns: ReadColumn[];
  private readonly prototype: object;
  private readonly postgres: boolean;
  /** Whether any column comes in the row's JSON array (SQLite). */
  private readonly packed: boolean;
  /** Makes an entity of its column values (see `entityBuilder`). */
  private readonly build: EntityBuilder;
  /**
   * Statement texts by what shapes them (columns, number of keys): built once, and the same string each
   * time, so the statement cache (src/platform/adapters/sqlite-statements.ts) finds it without hashing it again.
   */
  private readonly statements = new LRUCache<string, string>({ max: 1_000 });
  /** Select lists by alias: `selectList` is called for every page a list query reads. */
  private readonly selectLists = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    const metadata = dataSource.getMetadata(target);
    const driver = dataSource.driver;
    this.table = driver.escape(metadata.tableName);
    this.postgres = dataSource.options.type === "postgres";
    this.prototype = (metadata.target as { prototype: object }).prototype;
    const escape = (name: string) => driver.escape(name);
    let packed = 0;
    this.columns = metadata.columns.filter(isOwnColumn).map((column): ReadColumn => {
      const key = column.databaseName;
      const plain = (alias: string) => `${escape(alias)}.${escape(key)}`;
      const packedAt = !this.postgres && JSON_SAFE.has(column.type) ? packed++ : -1;
      if (TIMESTAMPS.has(column.type) && !column.transformer) {
        return {
          key,
          property: column.propertyName,
          value: (alias) => timestampValue(this.postgres, plain(alias)),
          packedAt,
          convert: (value) => (value === null ? null : new Date(value as number)),
        };
      }
      return {
        key,
        property: column.propertyName,
        value: plain,
        packedAt,
        convert: column.transformer
          ? (value: unknown) => driver.prepareHydratedValue(value, column)
          : AS_STORED.has(column.type)
            ? null
            : (value: unknown) => (value === null ? null : driver.prepareHydratedValue(value, column)),
      };
    });
    this.packed = packed > 0;
    this.build = entityBuilder(this.columns.map((column) => column.property));
  }

  /**
   * What a statement selects over alias `alias` for every column of the entity, for `hydrate`: on SQLite one
   * JSON array, `json_array("alias"."column", …) AS "__row"`; on PostgreSQL `"alias"."column", …`.
   */
  selectList(alias: string): string {
    let list = this.selectLists.get(alias);
    if (list === undefined) {
      const escape = (name: string) => this.dataSource.driver.escape(name);
      const packed = this.columns.filter((column) => column.packedAt >= 0).map((column) => column.value(alias));
      const selected = this.columns
        .filter((column) => column.packedAt < 0)
        .map((column) => `${column.value(alias)} AS ${escape(column.key)}`);
      if (packed.length) selected.unshift(`json_array(${packed.join(", ")}) AS ${escape(PACKED_ROW)}`);
      list = selected.join(", ");
      this.selectLists.set(alias, list);
    }
    return list;
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
  async byIds(ids: readonly number[]): Promise<T[]> {
    const sql = this.statement(
      `byIds:${ids.length}`,
      ids.length,
      () =>
        `SELECT ${this.selectList("t")} FROM ${this.table} "t" WHERE "t"."id" IN (${this.placeholders(ids.length)})`,
    );
    const rows = await readRows(this.dataSource, sql, ids);
    return rows.map((row) => this.hydrate(row));
  }

  /**
   * The row whose unique `column` holds `value`, or null: the point lookups behind `meeting(slug:)` and
   * the like, without building a TypeORM query for each request (a share of a lookup's CPU worth saving:
   * docs/benchmarks.md).
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
  async where(column: string, values: readonly (number | string)[], orderBy: string): Promise<T[]> {
    const sql = this.statement(
      `where:${column}:${orderBy}:${values.length}`,
      values.length,
      () =>
        `SELECT ${this.selectList("t")} FROM ${this.table} "t" WHERE "t".${this.dataSource.driver.escape(column)} IN (${this.placeholders(values.length)}) ORDER BY ${orderBy}`,
    );
    const rows = await readRows(this.dataSource, sql, values);
    return rows.map((row) => this.hydrate(row));
  }

  /**
   * Rows reached through a link table (e.g. the people speaking at agenda items): `link` is the link
   * table, `linkColumn` the link's key the caller groups by, `targetColumn` the link's reference to this
   * entity, `orderBy` SQL over aliases `l` (link) and `t` (this entity). Each entity comes with the key of
   * the link it was reached through, beside it: the entity itself has the shape of every other read.
   */
  async linked(
    link: { table: string; linkColumn: string; targetColumn: string },
    values: readonly number[],
    orderBy: string,
  ): Promise<Linked<T>[]> {
    const escape = (name: string) => this.dataSource.driver.escape(name);
    const sql = this.statement(
      `linked:${link.table}:${link.linkColumn}:${link.targetColumn}:${orderBy}:${values.length}`,
      values.length,
      () =>
        `SELECT "l".${escape(link.linkColumn)} AS "__linked_id", ${this.selectList("t")} FROM ${escape(link.table)} "l" ` +
        `JOIN ${this.table} "t" ON "t"."id" = "l".${escape(link.targetColumn)} ` +
        `WHERE "l".${escape(link.linkColumn)} IN (${this.placeholders(values.length)}) ORDER BY ${orderBy}`,
    );
    const rows = await readRows(this.dataSource, sql, values);
    return rows.map((row) => ({ linkedId: Number(row.__linked_id), entity: this.hydrate(row) }));
  }

  /**
   * The entities a TypeORM query builder over this entity selects (its filters, order and limit), read with
   * this reader's select list instead of TypeORM's: list pages and other filtered lists.
   */
  async many(qb: SelectQueryBuilder<T>): Promise<T[]> {
    qb.select(this.selectList(qb.alias));
    const [sql, parameters] = qb.getQueryAndParameters();
    const rows = await readRows(qb.connection, sql, parameters);
    return rows.map((row) => this.hydrate(row));
  }

  /** An entity from a row of a statement that selected `selectList(alias)`. */
  hydrate(row: Record<string, unknown>): T {
    const packed = this.packed ? (JSON.parse(row[PACKED_ROW] as string) as unknown[]) : null;
    const values = new Array<unknown>(this.columns.length);
    this.columns.forEach((column, i) => {
      const value = column.packedAt >= 0 ? packed![column.packedAt] : row[column.key];
      values[i] = column.convert ? column.convert(value) : value;
    });
    return this.build(this.prototype, values) as T;
  }
}

/** Makes an entity: an object of the entity's prototype with `values` as its properties, in column order. */
type EntityBuilder = (prototype: object, values: readonly unknown[]) => Record<string, unknown>;

/**
 * A function that sets each of `properties` by name (`entity["slug"] = values[1]`), generated once per entity.
 * Setting them in a loop (`entity[property] = …`) is a keyed store, and V8 turns an object that gets more than
 * about twenty properties that way into a slow dictionary object: a Meeting, at 21 columns, then cost ~15%
 * more CPU per page of meetings and several times the garbage collection (docs/benchmarks.md). Stores by a
 * constant name keep every entity a fast object of one shape, however many columns it has
 * (test/entity-reader.test.ts checks it with V8's own predicate). The names are the entity's property names,
 * from its metadata, quoted as JSON string literals.
 */
function entityBuilder(properties: readonly string[]): EntityBuilder {
  const stores = properties.map((property, i) => `entity[${JSON.stringify(property)}] = values[${i}];`);
  return new Function(
    "prototype",
    "values",
    ["const entity = Object.create(prototype);", ...stores, "return entity;"].join("\n"),
  ) as EntityBuilder;
}

/**
 * SQL for a timestamp column's value as whole milliseconds since the Unix epoch, a number for `new Date(ms)`
 * (an integer on SQLite; float8, parsed with `parseFloat`, on PostgreSQL) instead of text to parse. The
 * instant is the one TypeORM reads: SQLite's text (`YYYY-MM-DD HH:MM:SS.SSS`, as TypeORM writes it) is UTC,
 * and `julianday` reads it so; PostgreSQL's `timestamp` is read as UTC too (src/platform/adapters/pg-type-parsers.ts),
 * and `EPOCH` of a timestamp without time zone is its UTC reading. PostgreSQL keeps microseconds, a `Date`
 * milliseconds, which `Date` parsing truncates: `date_trunc` does the same. `ROUND` only removes the
 * floating-point error of the arithmetic (under 0.1 ms at today's dates).
 */
function timestampValue(postgres: boolean, column: string): string {
  return postgres
    ? `ROUND(EXTRACT(EPOCH FROM date_trunc('milliseconds', ${column})) * 1000)::float8`
    : `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;
}

/** Readers by connection and entity; each map value is the `EntityReader<T>` of its key's entity `T`. */
const readers = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, unknown>>();

/** The reader of an entity on a connection, built once (loaders are created for every request). */
export function readerOf<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>): EntityReader<T> {
  let byTarget = readers.get(dataSource);
  if (!byTarget) readers.set(dataSource, (byTarget = new Map()));
  let reader = byTarget.get(target) as EntityReader<T> | undefined;
  if (!reader) byTarget.set(target, (reader = new EntityReader(dataSource, target)));
  return reader;
}

/** Columns the entity declares itself; a relation's join column alone is hydrated by TypeORM as a relation. */
function isOwnColumn(column: ColumnMetadata): boolean {
  return !column.isVirtual && column.propertyName !== column.relationMetadata?.propertyName;
}
