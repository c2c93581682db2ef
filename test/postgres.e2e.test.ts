import type { MigrationInterface, QueryRunner } from "typeorm";
import { InitialSchema1764489600000 } from "../migrations/1764489600000-initial-schema";
import { POSTGRES_POOL_DEFAULTS } from "../src/config";
import { createDataSource, migrate } from "../src/platform/db/data-source";
import type { TestDatabase } from "./helpers/database";
import { createTestDatabase, onPostgres, withPostgresAdmin } from "./helpers/database";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/*
 * What only PostgreSQL has: several instances writing one database side by side, a server that can go away
 * while the gateway runs, the pool's settings, and the value types node-postgres would otherwise hand back
 * differently from SQLite. Runs under TEST_ENGINE=postgres.
 */
const describePostgres = onPostgres ? describe : describe.skip;

describePostgres("PostgreSQL", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase("postgres");
  });
  afterEach(() => database.drop());

  it("answers a unique key taken by another instance at the same moment with CONFLICT or BAD_USER_INPUT, never a crash", async () => {
    const gateways = [await startTestGateway({}, { database }), await startTestGateway({}, { database })];
    try {
      const tokens = await Promise.all(gateways.map((t) => t.createToken("editor")));
      const CREATE = `mutation($input: CreateRegionInput!) { createRegion(input: $input) { region { code } } }`;
      const codes: string[] = [];
      for (let round = 0; round < 15; round++) {
        const code = `RACE_${round}`;
        const answers = await Promise.all(
          gateways.map((t, i) =>
            t.query(CREATE, { input: { code, name: `Race ${round}` } }, { authorization: `Bearer ${tokens[i]}` }),
          ),
        );
        const won = answers.filter((answer) => !answer.errors);
        expect({ round, won: won.length }).toEqual({ round, won: 1 });
        const lost = answers.find((answer) => answer.errors)!;
        codes.push(String(lost.errors![0]!.extensions?.code));
      }
      expect(codes.filter((code) => code !== "BAD_USER_INPUT" && code !== "CONFLICT")).toEqual([]);
      const [{ n }]: [{ n: number }] = await gateways[0]!.gateway.dataSource.query(
        `SELECT COUNT(*) AS n FROM region WHERE code LIKE 'RACE\\_%'`,
      );
      expect(n).toBe(15);
    } finally {
      await Promise.all(gateways.map((t) => t.stop()));
    }
  });

  it("reports not ready (503) while the database refuses connections, and ready again once it is back", async () => {
    const t = await startTestGateway({}, { database });
    const readyz = new URL("/readyz", t.gateway.url);
    const disconnect = (allow: boolean) =>
      withPostgresAdmin(async (admin) => {
        await admin.query(`ALTER DATABASE "${database.name!}" ALLOW_CONNECTIONS ${allow}`);
        if (!allow) {
          await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
            database.name,
          ]);
        }
      });
    try {
      expect((await fetch(readyz)).status).toBe(200);
      await disconnect(false);
      const down = await fetch(readyz);
      expect({ status: down.status, body: await down.json() }).toEqual({
        status: 503,
        body: { status: "database unreachable" },
      });
      // A query in the meantime fails with a GraphQL error, not a crash or a hang.
      const failed = await t.query(`{ meetings { totalCount } }`);
      expect(failed.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      await disconnect(true);
      const up = await fetch(readyz);
      expect({ status: up.status, body: await up.json() }).toEqual({ status: 200, body: { status: "ready" } });
      expect(dataOf(await t.query(`{ meetings { totalCount } }`))).toEqual({ meetings: { totalCount: 3 } });
    } finally {
      await disconnect(true);
      await t.stop();
    }
  });

  it("applies the pool settings: statement timeout, session time zone, pool size", async () => {
    const pool = { ...POSTGRES_POOL_DEFAULTS, size: 3, statementTimeoutMs: 200 };
    const t: TestGateway = await startTestGateway(
      { database: { engine: "postgres", url: database.url, pool } },
      { database },
    );
    try {
      const db = t.gateway.dataSource;
      expect(await db.query(`SHOW statement_timeout`)).toEqual([{ statement_timeout: "200ms" }]);
      expect(await db.query(`SHOW TimeZone`)).toEqual([{ TimeZone: "UTC" }]);
      await expect(db.query(`SELECT pg_sleep(2)`)).rejects.toThrow(/statement timeout/);
      const sessions = await Promise.all(
        Array.from({ length: 6 }, () => db.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`)),
      );
      expect(new Set(sessions.map(([row]) => row!.pid)).size).toBeLessThanOrEqual(3);
    } finally {
      await t.stop();
    }
  });

  it("runs migrations on the lock's session, beyond the statement timeout that bounds every other statement", async () => {
    class Slow1799999999999 implements MigrationInterface {
      name = "Slow1799999999999";
      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`SELECT pg_sleep(0.6)`);
      }
      async down(): Promise<void> {}
    }
    const pool = { ...POSTGRES_POOL_DEFAULTS, statementTimeoutMs: 200 };
    const dataSource = createDataSource(
      { engine: "postgres", url: database.url, pool },
      { migrations: [InitialSchema1764489600000, Slow1799999999999] },
    );
    await dataSource.initialize();
    try {
      expect(await migrate(dataSource)).toEqual(["InitialSchema1764489600000", "Slow1799999999999"]);
      await expect(dataSource.query(`SELECT pg_sleep(0.6)`)).rejects.toThrow(/statement timeout/);
    } finally {
      await dataSource.destroy();
    }
  });

  it("hands back dates as YYYY-MM-DD text, timestamps as UTC instants, counts as numbers, in any process time zone", async () => {
    const zone = process.env.TZ;
    // East of UTC, where a date parsed as local midnight would print as the previous day in UTC.
    process.env.TZ = "Pacific/Auckland";
    const t = await startTestGateway({}, { database });
    try {
      const db = t.gateway.dataSource;
      const [row]: Record<string, unknown>[] = await db.query(
        `SELECT start_date, end_date, created_at, (SELECT COUNT(*) FROM meeting) AS meetings
         FROM meeting WHERE slug = '2021-04-22-americas-caribbean-heads-of-customs'`,
      );
      expect(row).toMatchObject({ start_date: "2021-04-22", end_date: "2021-04-22", meetings: 3 });
      const [now]: [{ now: Date }] = await db.query(`SELECT now()::timestamp AS now`);
      expect(Math.abs(now.now.getTime() - Date.now())).toBeLessThan(60_000);
      expect(Math.abs((row!.created_at as Date).getTime() - Date.now())).toBeLessThan(60_000);
      const meeting = dataOf(
        await t.query<{ meeting: { startDate: string; endDate: string; createdAt: string } }>(
          `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { startDate endDate createdAt } }`,
        ),
      ).meeting;
      expect(meeting).toMatchObject({ startDate: "2021-04-22", endDate: "2021-04-22" });
      expect(Math.abs(Date.parse(meeting.createdAt) - Date.now())).toBeLessThan(60_000);
    } finally {
      await t.stop();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
