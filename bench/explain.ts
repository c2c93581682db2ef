import sqlite3 from "sqlite3";
import { all } from "./baseline/queries";
import type { RunningServer } from "./process/gateway";

/** One SQL statement the gateway ran for a request (from its LOG_SQL=true debug log), with its plan. */
export interface ExplainedStatement {
  sql: string;
  parameters: unknown[];
  plan: string[];
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `send` against a gateway started with LOG_SQL=true LOG_LEVEL=debug and returns the statements it
 * logged meanwhile (the log line's msg is "sql"). Only one request is in flight, so every line is its own.
 */
export async function captureSql(
  gateway: RunningServer,
  send: () => Promise<unknown>,
): Promise<{ sql: string; parameters: unknown[] }[]> {
  const statements: { sql: string; parameters: unknown[] }[] = [];
  await settle(100);
  const off = gateway.child.onLog((line) => {
    if (line.msg === "sql" && typeof line.sql === "string") {
      statements.push({ sql: line.sql, parameters: Array.isArray(line.parameters) ? line.parameters : [] });
    }
  });
  try {
    await send();
    await settle(150);
  } finally {
    off();
  }
  return statements;
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** `EXPLAIN QUERY PLAN` of each statement with its own parameters, as indented lines. */
export async function explainAll(
  databaseFile: string,
  statements: { sql: string; parameters: unknown[] }[],
): Promise<ExplainedStatement[]> {
  const db = new sqlite3.Database(databaseFile, sqlite3.OPEN_READONLY);
  try {
    const explained: ExplainedStatement[] = [];
    for (const statement of statements) {
      const rows = await all<PlanRow>(db, `EXPLAIN QUERY PLAN ${statement.sql}`, statement.parameters);
      const depth = new Map<number, number>([[0, -1]]);
      const plan = rows.map((row) => {
        const d = (depth.get(row.parent) ?? -1) + 1;
        depth.set(row.id, d);
        return `${"  ".repeat(d)}${row.detail}`;
      });
      explained.push({ ...statement, plan });
    }
    return explained;
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
