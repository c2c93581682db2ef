import "reflect-metadata";
import { CLI_ACTOR } from "../../src/platform/auth/actor";
import { Role } from "../../src/platform/auth/role";
import { TokenService } from "../../src/modules/tokens/token.service";
import { MutationRunner } from "../../src/platform/db/mutation";
import type { AppConfig } from "../../src/config";
import { loadConfig } from "../../src/config";
import pino from "pino";
import { createLogger } from "../../src/platform/logger";
import type { Gateway } from "../../src/app/server";
import { startGateway } from "../../src/app/server";
import type { TestDatabase } from "./database";
import { createTestDatabase } from "./database";

export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGateway {
  gateway: Gateway;
  /** The gateway's own fresh database (SQLite file or PostgreSQL database), dropped by `stop()`. */
  database: TestDatabase;
  /** POSTs one operation to the running gateway over HTTP and returns the parsed JSON body. */
  query<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
  /** Runs `work` and returns how many SQL statements the gateway sent meanwhile. */
  countSql<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /** Issues an API token of this role directly in the database and returns its secret. */
  createToken(role: "admin" | "editor", name?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real gateway (migrations, seeds, HTTP server) on an ephemeral port of 127.0.0.1 over a fresh
 * database of the engine under test (TEST_ENGINE), exactly as `npm start` does, with overrides for the test.
 * With `options.database`, it runs over that database instead, which the caller then owns (`stop()` leaves it).
 */
export async function startTestGateway(
  overrides: Partial<AppConfig> = {},
  options: {
    logLines?: Record<string, unknown>[];
    logLevel?: string;
    database?: TestDatabase;
    /** More environment variables, read by loadConfig as at `npm start` (e.g. GATEWAY_CLOCK_FIXED). */
    env?: Record<string, string>;
  } = {},
): Promise<TestGateway> {
  const database = options.database ?? (await createTestDatabase());
  const ownsDatabase = !options.database;
  // Tests send hundreds of requests from one address: rate limits are off unless a test turns them on.
  const config: AppConfig = {
    ...loadConfig({
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      PORT: "0",
      HOST: "127.0.0.1",
      RATE_LIMIT_ENABLED: "false",
      SQLITE_DRIVER: process.env.SQLITE_DRIVER,
      ...options.env,
    }),
    ...overrides,
  };
  // With `logLines`, every structured log line is collected there, so tests can read what the server logged.
  const logger = options.logLines
    ? pino(
        { level: options.logLevel ?? "info" },
        { write: (line: string) => void options.logLines!.push(JSON.parse(line) as Record<string, unknown>) },
      )
    : createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (error) {
    if (ownsDatabase) await database.drop();
    throw error;
  }
  const query = async <TData>(q: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: q, variables }),
    });
    return (await response.json()) as GraphQLResponse<TData>;
  };
  return {
    gateway,
    database,
    query,
    async countSql(work) {
      const before = gateway.sqlLogger.statementCount;
      const result = await work();
      return { result, statements: gateway.sqlLogger.statementCount - before };
    },
    async createToken(role, name = `test ${role}`) {
      const tokens = new TokenService(gateway.dataSource, new MutationRunner(gateway.dataSource));
      const { secret } = await tokens.create(CLI_ACTOR, { name, role: role === "admin" ? Role.ADMIN : Role.EDITOR });
      return secret;
    },
    async stop() {
      await gateway.stop();
      if (ownsDatabase) await database.drop();
    },
  };
}

/** Asserts a response has no errors and returns its data, with the errors in the failure message. */
export function dataOf<TData>(response: GraphQLResponse<TData>): TData {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  if (!response.data) throw new Error("response has no data");
  return response.data;
}

/** The single error of a response that must have failed. */
export function errorOf(response: GraphQLResponse<unknown>) {
  expect(response.errors).toHaveLength(1);
  return response.errors![0]!;
}
