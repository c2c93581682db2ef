import { DASHBOARD_QUERIES, dashboardDocument } from "../src/platform/dashboard/dashboard.routes";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/** The dashboard page over plain HTTP: headers, assets, its documents, and the switch that turns it off. */
describe("the dashboard page over HTTP", () => {
  let t: TestGateway;
  let origin: string;
  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
  });
  afterAll(() => t.stop());

  it("is served with a same-origin-only policy, and names versioned, immutable, local assets", async () => {
    const response = await fetch(`${origin}/dashboard`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain("unsafe-inline");
    const html = await response.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    // Nothing from another origin; every script is a file (no inline code), every asset from /dashboard/assets.
    expect(sources.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    expect([...html.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => attributes!.trim())).toEqual([
      'type="application/json" id="dashboard-config"',
      ...Object.keys(DASHBOARD_QUERIES).map((id) => `type="application/graphql" id="${id}"`),
      expect.stringMatching(/^src="\/dashboard\/assets\/chart\.js-[\d.]+\/chart\.umd\.min\.js"$/),
      expect.stringMatching(/^src="\/dashboard\/assets\/graphql-ws-[\d.]+\/graphql-ws\.min\.js"$/),
      expect.stringMatching(/^src="\/dashboard\/assets\/dashboard-[0-9a-f]{12}\/dashboard\.js"$/),
    ]);

    for (const asset of sources.filter((url) => url.startsWith("/dashboard/assets/"))) {
      const reply = await fetch(`${origin}${asset}`, { headers: { "accept-encoding": "gzip" } });
      expect({ asset, status: reply.status }).toEqual({ asset, status: 200 });
      expect(reply.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(reply.headers.get("content-encoding")).toBe("gzip");
      expect((await reply.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it("sends documents the API accepts as they are shown in the page", async () => {
    const filter = { regionCodes: ["AMERICAS_CARIBBEAN"], from: "2021-01-01", to: "2021-12-31" };
    const activity = dataOf(
      await t.query<{ regionalActivity: { period: { key: string }; meetingCount: number }[] }>(
        dashboardDocument("query-activity"),
        { filter, granularity: "QUARTER" },
      ),
    );
    expect(activity.regionalActivity.map((entry) => [entry.period.key, entry.meetingCount])).toEqual([
      ["2021-Q1", 0],
      ["2021-Q2", 1],
      ["2021-Q3", 0],
      ["2021-Q4", 0],
    ]);
    const summary = dataOf(
      await t.query<{ activitySummary: { topHosts: { member: { isoCode: string } }[] } }>(
        dashboardDocument("query-summary"),
        { filter, hosts: 5, recent: 10 },
      ),
    );
    expect(summary.activitySummary.topHosts.map((host) => host.member.isoCode)).toEqual(["PE"]);
    const regions = dataOf(await t.query<{ regions: unknown[] }>(dashboardDocument("query-regions")));
    expect(regions.regions).toHaveLength(6);
  });

  it("is not served with DASHBOARD_ENABLED=false", async () => {
    const off = await startTestGateway({ dashboardEnabled: false });
    try {
      const page = await fetch(new URL("/dashboard", off.gateway.url));
      expect(page.status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});
