import type { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";

/** The part of node-postgres's type registry used here (TypeORM types its loaded `pg` module as `any`). */
interface PgTypeRegistry {
  types: { setTypeParser(oid: number, parse: (value: string) => unknown): void };
}

/** PostgreSQL type OIDs whose default parsing is overridden (pg-types' `builtins.DATE` and `TIMESTAMP`). */
export const PG_DATE = 1082;
export const PG_TIMESTAMP = 1114;

/**
 * Makes PostgreSQL values come back exactly as SQLite's do:
 * - `date` stays the `YYYY-MM-DD` text it is (node-postgres would build a Date at local midnight, which
 *   raw SQL results then carry and which shifts by a day when serialized in a time zone east of UTC);
 * - `timestamp` (without time zone: created_at, updated_at) is read as UTC, as the session writes it
 *   (`-c TimeZone=UTC`, src/platform/db/data-source.ts), whatever the Node process's TZ.
 *
 * The parsers go into node-postgres's type registry, which is one per process (pg 8.x: `pg.types`), reached
 * through the `pg` module TypeORM loaded (`PostgresDriver#postgres`, TypeORM 0.3.31). Every pool of the
 * process, the tests' own inspection data sources included, then reads dates and timestamps this way; these
 * parsers only make the defaults stricter. test/adapters-database.test.ts fails if TypeORM stops exposing the module it
 * loaded, if the OIDs change, or if a query stops going through the registry.
 */
export function usePortableTypes(dataSource: DataSource): void {
  const pg = (dataSource.driver as PostgresDriver).postgres as PgTypeRegistry;
  pg.types.setTypeParser(PG_DATE, (value) => value);
  pg.types.setTypeParser(PG_TIMESTAMP, (value) => new Date(`${value.replace(" ", "T")}Z`));
}
