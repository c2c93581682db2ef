import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";
import { loadActivityDirectory } from "./helpers/activity-directory";

const PAGE = `{ meetings(first: 100) { nodes { slug host { name } agenda { title speakers { name } } participants { person { name } } } } }`;

async function post(t: TestGateway, query: string) {
  const response = await fetch(t.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
}

async function overloadRejections(t: TestGateway): Promise<number> {
  const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
  const line = text.split("\n").find((l) => l.includes('limit="overload"') && !l.startsWith("#"));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("admission control", () => {
  let tight: TestGateway;
  let priced: TestGateway;
  let roomy: TestGateway;

  beforeAll(async () => {
    // No response cache: every request must run its operation.
    [tight, priced, roomy] = await Promise.all([
      startTestGateway({
        responseCacheTtlSeconds: 0,
        concurrency: { maxConcurrentOperations: 1, maxConcurrentCost: 20_000, maxQueuedOperations: 2 },
      }),
      // Slots for ten operations, but priced for one page at a time: the price binds, not the count.
      startTestGateway({
        responseCacheTtlSeconds: 0,
        concurrency: { maxConcurrentOperations: 10, maxConcurrentCost: 100, maxQueuedOperations: 2 },
      }),
      startTestGateway({ responseCacheTtlSeconds: 0 }),
    ]);
    await Promise.all([
      loadActivityDirectory(tight.gateway.dataSource, 300),
      loadActivityDirectory(priced.gateway.dataSource, 300),
      loadActivityDirectory(roomy.gateway.dataSource, 300),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([tight?.stop(), priced?.stop(), roomy?.stop()]);
  });

  it("refuses what exceeds the slots and the queue with 503 OVERLOADED and Retry-After, and serves the rest", async () => {
    const before = await overloadRejections(tight);
    const responses = await Promise.all(Array.from({ length: 12 }, () => post(tight, PAGE)));
    const served = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 503);
    expect(served.length + refused.length).toBe(12);
    // One running and two waiting are admitted at once; the others arrive while all three are taken.
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of served)
      expect((r.body.data as { meetings: { nodes: unknown[] } }).meetings.nodes).toHaveLength(100);
    for (const r of refused) {
      expect(r.body.errors?.[0]?.extensions?.code).toBe("OVERLOADED");
      expect(r.retryAfter).toBe("1");
    }
    expect((await overloadRejections(tight)) - before).toBe(refused.length);
    // Once the burst is over, the gateway serves again.
    expect((await post(tight, `{ regions { code } }`)).status).toBe(200);
  });

  it("lets large operations run together only as far as their summed price allows, and cheap ones beside them", async () => {
    const pages = await Promise.all(Array.from({ length: 12 }, () => post(priced, PAGE)));
    // One page running (its price alone is above the limit: it runs alone), two waiting, the rest refused.
    expect(pages.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(1);
    expect(pages.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    // Cheap lookups fit beside each other: a burst of them is answered whole.
    const lookups = await Promise.all(Array.from({ length: 12 }, () => post(priced, `{ regions { code } }`)));
    expect(lookups.map((r) => r.status)).toEqual(new Array(12).fill(200));
  });

  it("queues a burst within the defaults and answers every request", async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, () => post(roomy, PAGE)));
    expect(responses.map((r) => r.status)).toEqual(new Array(40).fill(200));
    const first = JSON.stringify(responses[0]!.body);
    for (const r of responses) expect(JSON.stringify(r.body)).toBe(first);
  });
});
