import type { DataSource } from "typeorm";

/** Every row of every table (migrations bookkeeping excluded), to prove an operation changed nothing. */
export async function dumpDatabase(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { tableName } of dataSource.entityMetadatas) {
    out[tableName] = await dataSource.query(`SELECT * FROM ${tableName} ORDER BY 1, 2`);
  }
  return out;
}
