import fs from "node:fs";
import path from "node:path";
import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** The href of every link of a page. */
const linksOf = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((match) => match[1]!);

describe("the home page and unknown paths", () => {
  let t: TestGateway;
  let origin: string;
  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
  });
  afterAll(() => t.stop());

  it("serves a page at / linking the IDE, the dashboard, the schema and the health checks", async () => {
    const response = await fetch(`${origin}/`, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<title>Customs Events Gateway</title>");
    expect(linksOf(html)).toEqual(["/graphql", "/dashboard", "/meetings", "/schema.graphql", "/healthz", "/readyz"]);
    // Every link leads somewhere a browser can open.
    for (const link of linksOf(html)) {
      expect({
        link,
        status: (await fetch(`${origin}${link}`, { headers: { accept: BROWSER_ACCEPT } })).status,
      }).toEqual({ link, status: 200 });
    }
  });

  it("needs no script and loads nothing, under a policy that allows only its own stylesheet", async () => {
    const response = await fetch(`${origin}/`);
    const html = await response.text();
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<form|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const policy = response.headers.get("content-security-policy")!;
    expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves the schema as the SDL of schema.graphql", async () => {
    const response = await fetch(`${origin}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe(fs.readFileSync(path.join(__dirname, "..", "schema.graphql"), "utf8"));
  });

  it("answers an unknown path with 404: a small page for browsers, JSON for other clients", async () => {
    const page = await fetch(`${origin}/no-such-page?x=<b>`, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain("<h1>Not found</h1>");
    expect(html).not.toContain("Cannot GET");
    expect(html).not.toContain("<b>");
    expect(linksOf(html)).toEqual(["/"]);

    for (const [method, accept] of [
      ["GET", "application/json"],
      ["GET", "*/*"],
      ["POST", "application/json"],
    ] as const) {
      const response = await fetch(`${origin}/api`, { method, headers: { accept } });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        status: "not found",
        message: "Nothing is served at this path. GraphQL is at /graphql; / lists everything this gateway serves.",
      });
    }
  });
});

describe("the home page with the IDE, the dashboard and introspection turned off", () => {
  let t: TestGateway;
  let origin: string;
  beforeAll(async () => {
    t = await startTestGateway({ ideEnabled: false, dashboardEnabled: false, introspectionEnabled: false });
    origin = new URL(t.gateway.url).origin;
  });
  afterAll(() => t.stop());

  it("links only what is served, and serves no schema", async () => {
    const html = await (await fetch(`${origin}/`)).text();
    expect(linksOf(html)).toEqual(["/meetings", "/healthz", "/readyz"]);
    expect(html).toContain("<code>/graphql</code>");
    expect((await fetch(`${origin}/schema.graphql`)).status).toBe(404);
  });
});
