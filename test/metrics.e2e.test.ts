import { loadConfig } from "../src/config";
import { dashboardDocument } from "../src/platform/dashboard/dashboard.routes";
import { startTestGateway } from "./helpers/gateway";

/*
 * /metrics can be kept private, and clients cannot choose its label values: only known operations get a label.
 */

const defaults = loadConfig({});

describe("the metrics' operation labels", () => {
  it("labels the dashboard's operations and token holders' ones, and counts every other name as unlisted", async () => {
    const t = await startTestGateway();
    try {
      const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
      // 205 made-up names from an anonymous client: none becomes a label, and they take no label slot.
      for (let i = 0; i < 205; i++) expect((await t.query(`query Made${i} { __typename }`)).errors).toBeUndefined();
      expect((await t.query(dashboardDocument("query-regions"))).errors).toBeUndefined();
      expect((await t.query(`query EditorsOwn { __typename }`, undefined, editor)).errors).toBeUndefined();
      const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
      const operations = new Set([...text.matchAll(/graphql_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]));
      expect([...operations].sort()).toEqual(["DashboardRegions", "EditorsOwn", "unlisted"]);
      expect(text).toMatch(/graphql_requests_total\{operation="unlisted",type="query"\} 205/);
    } finally {
      await t.stop();
    }
  });

  it("labels the names listed in METRICS_OPERATION_NAMES for anyone", async () => {
    const t = await startTestGateway({ metrics: { ...defaults.metrics, operationNames: ["PartnerFeed"] } });
    try {
      await t.query(`query PartnerFeed { __typename }`);
      const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
      expect(text).toMatch(/graphql_requests_total\{operation="PartnerFeed",type="query"\} 1/);
    } finally {
      await t.stop();
    }
  });
});

describe("keeping the metrics private", () => {
  it("answers /metrics only with METRICS_TOKEN when it is set", async () => {
    const t = await startTestGateway({ metrics: { ...defaults.metrics, token: "scraper-secret" } });
    try {
      const url = new URL("/metrics", t.gateway.url);
      const anonymous = await fetch(url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await anonymous.text()).not.toMatch(/graphql_requests_total/);
      expect((await fetch(url, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      const scraper = await fetch(url, { headers: { authorization: "Bearer scraper-secret" } });
      expect(scraper.status).toBe(200);
      expect(await scraper.text()).toMatch(/graphql_requests_total/);
    } finally {
      await t.stop();
    }
  });

  it("serves /metrics on METRICS_PORT only, when it is set", async () => {
    const t = await startTestGateway({ metrics: { ...defaults.metrics, port: 0, host: "127.0.0.1" } });
    try {
      expect(t.gateway.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(new URL("/metrics", t.gateway.url))).status).toBe(404);
      const separate = await fetch(t.gateway.metricsUrl!);
      expect(separate.status).toBe(200);
      expect(await separate.text()).toMatch(/graphql_requests_total|process_cpu/);
    } finally {
      await t.stop();
    }
  });
});
