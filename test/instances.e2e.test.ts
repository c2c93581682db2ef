import { migrations } from "../migrations";
import type { TestDatabase } from "./helpers/database";
import { TEST_ENGINE, createTestDatabase } from "./helpers/database";
import { dataOf, startTestGateway } from "./helpers/gateway";

/*
 * Several gateway instances on one database, starting at the same moment: migrations and the first seed
 * run under the migration lock (PostgreSQL: an advisory lock; SQLite: an exclusive lock on a lock file), so
 * exactly one instance migrates and seeds and every instance becomes ready.
 */
describe(`instances starting together (${TEST_ENGINE})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it("lets two instances start together on one empty database: one migrates and seeds, both serve", async () => {
    const logs: Record<string, unknown>[][] = [[], []];
    const gateways = await Promise.all(logs.map((logLines) => startTestGateway({}, { database, logLines })));
    try {
      const db = gateways[0]!.gateway.dataSource;
      const applied: { name: string; n: number }[] = await db.query(
        `SELECT name, COUNT(*) AS n FROM migrations GROUP BY name ORDER BY name`,
      );
      expect(applied).toEqual(
        migrations
          .map((migration) => ({ name: new migration().name, n: 1 }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
      const counts: Record<string, number>[] = await db.query(
        `SELECT (SELECT COUNT(*) FROM region) AS regions, (SELECT COUNT(*) FROM meeting) AS meetings,
                (SELECT COUNT(*) FROM agenda_item) AS "agendaItems", (SELECT COUNT(*) FROM person) AS people`,
      );
      expect(counts).toEqual([{ regions: 6, meetings: 3, agendaItems: 8, people: 5 }]);
      const said = (msg: string) => logs.map((lines) => lines.filter((line) => line.msg === msg).length);
      expect(said("migrations applied").sort()).toEqual([0, 1]);
      expect(said("empty directory seeded").sort()).toEqual([0, 1]);
      for (const { gateway, query } of gateways) {
        expect((await fetch(new URL("/readyz", gateway.url))).status).toBe(200);
        expect(dataOf(await query<{ meetings: { totalCount: number } }>(`{ meetings { totalCount } }`))).toEqual({
          meetings: { totalCount: 3 },
        });
      }
    } finally {
      await Promise.all(gateways.map((t) => t.stop()));
    }
  });
});
