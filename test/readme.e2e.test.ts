import fs from "node:fs";
import path from "node:path";
import type { TestGateway } from "./helpers/gateway";
import { startTestGateway } from "./helpers/gateway";

/** Each ```graphql block of the README followed by a ```json block: the query and its exact answer. */
function readmeExamples(): { query: string; expected: unknown }[] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang, body: body! }));
  const examples = [];
  for (let i = 0; i < blocks.length - 1; i++) {
    if (blocks[i]!.lang === "graphql" && blocks[i + 1]!.lang === "json") {
      examples.push({ query: blocks[i]!.body, expected: JSON.parse(blocks[i + 1]!.body) });
    }
  }
  return examples;
}

/** Every ```graphql block that is a mutation: the administrators' examples. */
function readmeMutations(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  return [...readme.matchAll(/```graphql\n(mutation[\s\S]*?)```/g)].map(([, body]) => body!);
}

describe("README examples", () => {
  const examples = readmeExamples();
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it("has the four documented examples", () => {
    expect(examples).toHaveLength(4);
  });

  it.each(examples.map((example, i) => [i + 1, example] as const))(
    "example %i answers exactly as documented",
    async (_n, example) => {
      expect(await t.query(example.query)).toEqual(example.expected);
    },
  );

  it("has a mutation example that works with an editor token on the seeded directory", async () => {
    const mutations = readmeMutations();
    expect(mutations).toHaveLength(1);
    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const response = await t.query<{ updateMeeting: { meeting: { format: string; version: number } } }>(
      mutations[0]!,
      undefined,
      editor,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateMeeting.meeting).toMatchObject({ format: "VIRTUAL", version: 2 });
  });
});
