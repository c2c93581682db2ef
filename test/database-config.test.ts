import { ConfigError, POSTGRES_POOL_DEFAULTS, loadConfig } from "../src/config";

describe("database configuration", () => {
  it("selects the engine from DATABASE_URL", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://gateway@db:5432/customs" }).database).toMatchObject({
      engine: "postgres",
      url: "postgres://gateway@db:5432/customs",
    });
    expect(loadConfig({ DATABASE_URL: "postgresql://gateway@db/customs" }).database.engine).toBe("postgres");
    expect(loadConfig({ DATABASE_URL: "sqlite:data/x.sqlite" }).database.engine).toBe("sqlite");
    expect(loadConfig({}).database.engine).toBe("sqlite");
  });

  it("reads the PostgreSQL pool settings, with defaults, and refuses impossible ones", () => {
    expect(loadConfig({}).database.pool).toEqual(POSTGRES_POOL_DEFAULTS);
    expect(
      loadConfig({
        DATABASE_POOL_SIZE: "25",
        DATABASE_CONNECT_TIMEOUT_MS: "1500",
        DATABASE_STATEMENT_TIMEOUT_MS: "0",
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "120000",
      }).database.pool,
    ).toEqual({ size: 25, connectTimeoutMs: 1500, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 120_000 });
    // One connection would deadlock start-up: it holds the migration lock while another migrates.
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "1" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: "0" })).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "soon" })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS/);
  });
});
