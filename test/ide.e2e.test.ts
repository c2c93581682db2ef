import fs from "node:fs";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const SEEDED_SLUG = "2021-04-22-americas-caribbean-heads-of-customs";

/** The URLs of every <script src> and <link href> of a page. */
function assetUrls(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]!);
  const links = [...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!);
  return [...scripts, ...links];
}

/** The JSON settings block the page hands to its bootstrap script. */
function pageConfig(html: string): { graphqlPath: string; defaultQuery: string } {
  const match = /<script type="application\/json" id="ide-config">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error("the page has no #ide-config block");
  return JSON.parse(match[1]!) as { graphqlPath: string; defaultQuery: string };
}

/**
 * A GET with node:http, which sends exactly the given headers and returns the raw bytes (fetch decompresses
 * transparently, and adds `cache-control: no-cache` to conditional requests).
 */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("the GraphQL IDE", () => {
  let t: TestGateway;
  let origin: string;

  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
  });
  afterAll(() => t.stop());

  const getPage = (path: string) => fetch(`${origin}${path}`, { headers: { accept: BROWSER_ACCEPT } });

  it.each(["/graphql", "/playground"])("serves the GraphiQL page at %s to browsers", async (path) => {
    const response = await getPage(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain("<title>Customs Events Gateway</title>");
    expect(html).toContain('<div id="graphiql">');

    const urls = assetUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) expect(url).toMatch(/^\/ide\/assets\/[\w.-]+\/[\w.-]+\.(js|css)$/);
    // Nothing is loaded from anywhere else: no absolute URL at all, no protocol-relative one, no inline handler.
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/(src|href)="\/\//);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // Versioned asset names: the installed package versions are in the URLs.
    expect(urls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/ide\/assets\/graphiql-\d+\.\d+\.\d+\/graphiql\.min\.js$/),
        expect.stringMatching(/^\/ide\/assets\/graphiql-\d+\.\d+\.\d+\/graphiql\.min\.css$/),
        expect.stringMatching(/^\/ide\/assets\/react-\d+\.\d+\.\d+\/react\.production\.min\.js$/),
        expect.stringMatching(/^\/ide\/assets\/react-dom-\d+\.\d+\.\d+\/react-dom\.production\.min\.js$/),
      ]),
    );

    const config = pageConfig(html);
    expect(config.graphqlPath).toBe("/graphql");
    expect(config.defaultQuery).toContain(`meeting(slug: "${SEEDED_SLUG}")`);
  });

  it("serves every asset of the page with its content type, a long immutable cache lifetime and a real body", async () => {
    const urls = assetUrls(await (await getPage("/graphql")).text());
    for (const url of urls) {
      const response = await fetch(`${origin}${url}`);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const expectedType = url.endsWith(".css") ? /^text\/css/ : /^(text|application)\/javascript/;
      expect(response.headers.get("content-type")).toMatch(expectedType);
      expect(response.headers.get("cache-control")).toMatch(/max-age=31536000/);
      expect(response.headers.get("cache-control")).toContain("immutable");
      const body = await response.text();
      expect(body.length).toBeGreaterThan(url.includes("/ide-") ? 200 : 5000);
    }
  });

  it("loads GraphiQL with a fetcher on the GraphQL path and headers that are never persisted", async () => {
    const urls = assetUrls(await (await getPage("/graphql")).text());
    const bootstrap = urls.find((url) => /^\/ide\/assets\/ide-[0-9a-f]+\/ide\.js$/.test(url));
    expect(bootstrap).toBeDefined();
    const script = await (await fetch(`${origin}${bootstrap}`)).text();
    expect(script).toContain("GraphiQL.createFetcher({ url: config.graphqlPath })");
    expect(script).toContain("isHeadersEditorEnabled: true");
    expect(script).toContain("shouldPersistHeaders: false");
    expect(script).toContain("storage: storage");
  });

  it("compresses assets for clients that accept gzip and revalidates them with ETags", async () => {
    const urls = assetUrls(await (await getPage("/graphql")).text());
    const graphiql = urls.find((url) => url.endsWith("/graphiql.min.js"))!;
    const plain = await rawGet(`${origin}${graphiql}`, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const gzipped = await rawGet(`${origin}${graphiql}`, { "accept-encoding": "gzip, deflate, br" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toContain("Accept-Encoding");
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);

    for (const [encoding, first] of [
      ["identity", plain],
      ["gzip", gzipped],
    ] as const) {
      expect(first.headers.etag).toMatch(/^"[^"]+"$/);
      const revalidated = await rawGet(`${origin}${graphiql}`, {
        "accept-encoding": encoding,
        "if-none-match": first.headers.etag!,
      });
      expect({ encoding, status: revalidated.status, length: revalidated.body.length }).toEqual({
        encoding,
        status: 304,
        length: 0,
      });
    }
    expect(gzipped.headers.etag).not.toBe(plain.headers.etag);
  });

  it("answers 404 for an asset it does not serve", async () => {
    const response = await fetch(`${origin}/ide/assets/graphiql-0.0.0/graphiql.min.js`);
    expect(response.status).toBe(404);
  });

  it.each(["application/json", "application/graphql-response+json", "*/*"])(
    "leaves GET queries that accept %s to Apollo",
    async (accept) => {
      const response = await fetch(`${origin}/graphql?query=${encodeURIComponent("{__typename}")}`, {
        headers: { accept, "apollo-require-preflight": "true" },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
      expect(await response.json()).toMatchObject({ data: { __typename: "Query" } });
    },
  );

  it("leaves POSTed operations to Apollo, even from a client that prefers HTML", async () => {
    const response = await fetch(t.gateway.url, {
      method: "POST",
      headers: { accept: BROWSER_ACCEPT, "content-type": "application/json" },
      body: JSON.stringify({ query: `{ meeting(slug: "${SEEDED_SLUG}") { host { shortName } } }` }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { meeting: { host: { shortName: "SUNAT" } } } });
  });

  it("keeps Apollo's CSRF prevention: a simple GET without a preflight header is refused", async () => {
    const response = await fetch(`${origin}/graphql?query=${encodeURIComponent("{__typename}")}`, {
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(400);
  });
});

describe("the GraphQL IDE, when IDE_ENABLED is false", () => {
  let t: TestGateway;
  let origin: string;

  beforeAll(async () => {
    t = await startTestGateway({ ideEnabled: false });
    origin = new URL(t.gateway.url).origin;
  });
  afterAll(() => t.stop());

  it("serves no page and no assets", async () => {
    const page = await fetch(`${origin}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    const body = await page.text();
    expect(page.headers.get("content-type") ?? "").not.toMatch(/^text\/html/);
    expect(body).not.toContain("GraphiQL");
    expect(body).not.toContain("/ide/assets/");

    expect((await fetch(`${origin}/playground`, { headers: { accept: BROWSER_ACCEPT } })).status).toBe(404);
    const manifest = JSON.parse(fs.readFileSync(require.resolve("graphiql/package.json"), "utf8")) as {
      version: string;
    };
    const asset = await fetch(`${origin}/ide/assets/graphiql-${manifest.version}/graphiql.min.js`);
    expect(asset.status).toBe(404);
  });

  it("still answers GraphQL", async () => {
    const response = await fetch(`${origin}/graphql?query=${encodeURIComponent("{__typename}")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(await response.json()).toMatchObject({ data: { __typename: "Query" } });
  });
});
