import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

const QUERY = `{ meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") { summary } }`;

describe("the response cache", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor")}` };
  });
  afterAll(() => t.stop());

  const ask = async (headers: Record<string, string> = {}) => {
    const response = await fetch(t.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: QUERY }),
    });
    return {
      cache: response.headers.get("x-cache"),
      cacheControl: response.headers.get("cache-control"),
      body: (await response.json()) as { data: { meeting: { summary: string } } },
    };
  };

  it("serves a repeated anonymous query from the cache, without SQL, marked cacheable", async () => {
    const first = await ask();
    expect(first.cache).toBe("MISS");
    expect(first.cacheControl).toBe("public, max-age=5");
    const { result: second, statements } = await t.countSql(() => ask());
    expect(second.cache).toBe("HIT");
    expect(second.body).toEqual(first.body);
    expect(statements).toBe(0);
  });

  it("forgets everything as soon as a mutation succeeds", async () => {
    await ask();
    const id = Buffer.from("Meeting:1").toString("base64url");
    const mutation = await fetch(t.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({
        query: `mutation { updateMeeting(input: { id: "${id}", summary: "Changed" }) { meeting { summary } } }`,
      }),
    });
    expect(mutation.status).toBe(200);
    const after = await ask();
    expect(after.cache).toBe("MISS");
    expect(after.body.data.meeting.summary).toBe("Changed");
  });

  it("never caches authenticated requests", async () => {
    const first = await ask(editor);
    const second = await ask(editor);
    expect([first.cache, second.cache]).toEqual([null, null]);
    expect(second.cacheControl).toBe("private, no-store");
  });

  it("can be turned off", async () => {
    const off = await startTestGateway({ responseCacheTtlSeconds: 0 });
    try {
      const response = await fetch(off.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(response.headers.get("x-cache")).toBeNull();
    } finally {
      await off.stop();
    }
  });
});
