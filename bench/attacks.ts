import { createHash } from "node:crypto";

/*
 * The attacks on the request pipeline that issue 12 reproduced, each with the answer it must get: sent by
 * test/attacks.e2e.test.ts (which fails if one is answered otherwise, costs over 50 ms of CPU, or is not
 * charged) and measured by the bench's attack round (bench/pipeline.ts). Bodies are built once, outside any
 * measurement.
 */

export const json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");

const KINDS = `query Kinds($k: [MeetingKind!]) { meetings(filter: { kinds: $k }) { totalCount } }`;

export interface Attack {
  name: string;
  body: Buffer;
  headers?: Record<string, string>;
  /** Sent with an editor's token: token holders may send bodies up to 1 MiB, anonymous clients 64 KiB. */
  withToken?: boolean;
  status: number;
  code: string;
}

/** 200,000 invalid items in a list variable (800 kB): once 14 s of blocked event loop. */
export const hugeList = json({ query: KINDS, variables: { k: Array.from({ length: 200_000 }, () => "X") } });
const longValidList = json({ query: KINDS, variables: { k: Array.from({ length: 50_000 }, () => "WEBINAR") } });
const hugeBadVariable = json({
  query: `query($n: Int) { meetings(first: $n) { totalCount } }`,
  variables: { n: "9".repeat(900_000) },
});

/** The attacks, each with what it must be answered with. Bodies are built once, outside any measurement. */
export const ATTACKS: Attack[] = [
  {
    name: "a list variable of 200,000 invalid items (800 kB), anonymously",
    body: hugeList,
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "a list variable of 200,000 invalid items (800 kB), with a token",
    body: hugeList,
    withToken: true,
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    name: "a list variable of 50,000 valid items, with a token",
    body: longValidList,
    withToken: true,
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    name: "one field repeated 490 times (quadratic validation)",
    body: json({ query: `{ ${"meetings { totalCount } ".repeat(490)}}` }),
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
  },
  {
    name: "fragments that repeat one field 60 times",
    body: json({
      query: `{ ${Array.from({ length: 60 }, (_, i) => `...F${i}`).join(" ")} } ${Array.from(
        { length: 60 },
        (_, i) => `fragment F${i} on Query { meetings { totalCount } }`,
      ).join(" ")}`,
    }),
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
  },
  {
    name: "an operationName the document does not hold",
    body: json({ query: `query A { __typename }`, operationName: "B" }),
    status: 400,
    code: "OPERATION_RESOLUTION_FAILURE",
  },
  {
    name: "two operations and no operationName",
    body: json({ query: `query A { __typename } query B { __typename }` }),
    status: 400,
    code: "OPERATION_RESOLUTION_FAILURE",
  },
  {
    name: "a JSON body nested 5,000 deep (10 kB)",
    body: Buffer.from(`{"query":"{ __typename }","extensions":${"[".repeat(5_000)}${"]".repeat(5_000)}}`),
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "a persisted query whose hash is not its document's",
    body: json({
      query: `{ __typename }`,
      extensions: { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update("other").digest("hex") } },
    }),
    status: 400,
    code: "PERSISTED_QUERY_HASH_MISMATCH",
  },
  {
    name: "JSON declared as latin1",
    body: json({ query: `{ __typename }` }),
    headers: { "content-type": "application/json; charset=latin1" },
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "a bad variable of 900 kB, anonymously",
    body: hugeBadVariable,
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "a bad variable of 900 kB, with a token",
    body: hugeBadVariable,
    withToken: true,
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    name: "NUL written as a GraphQL escape inside the document",
    body: json({ query: `{ meetings(filter: { titleContains: "heads\\u0000" }) { totalCount } }` }),
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    name: "a control character in a variable",
    body: json({ query: `query($s: String!) { meeting(slug: $s) { slug } }`, variables: { s: "a\u0007b" } }),
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    name: "a body that is not JSON",
    body: Buffer.from(`{ "query": `),
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "variables as a JSON-encoded string",
    body: json({ query: `{ __typename }`, variables: "{}" }),
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "a batch of operations",
    body: json([{ query: `{ __typename }` }, { query: `{ __typename }` }]),
    status: 400,
    code: "BATCHING_NOT_SUPPORTED",
  },
];
