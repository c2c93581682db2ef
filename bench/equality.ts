import { isDeepStrictEqual } from "node:util";
import type { GraphQLResponse } from "./queries";
import { Q1, Q1_NAME, Q2, Q2_NAME, body, post } from "./queries";

/** Two servers' answers differ: nothing is timed against them. */
export class ResponseMismatch extends Error {
  override readonly name = "ResponseMismatch";
}

/** The first path at which two JSON values differ, with both sides. */
function firstDifference(a: unknown, b: unknown, names: [string, string], path = "data"): string | null {
  if (isDeepStrictEqual(a, b)) {
    // Same content; JSON.stringify also compares key order.
    return JSON.stringify(a) === JSON.stringify(b) ? null : `${path}: same values, different field order`;
  }
  if (
    typeof a !== "object" ||
    typeof b !== "object" ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return `${path}: ${names[0]} ${JSON.stringify(a)?.slice(0, 300)} ≠ ${names[1]} ${JSON.stringify(b)?.slice(0, 300)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const difference = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      names,
      `${path}.${key}`,
    );
    if (difference) return difference;
  }
  return `${path}: differs`;
}

/** Which two servers are compared, for the messages, and whether requests bypass the response cache. */
export interface Comparison {
  names: [string, string];
  /** Adds a `benchNonce` variable (undeclared, so ignored by GraphQL) that makes every request miss the cache. */
  nonce?: boolean;
}

let nonce = 0;

async function compare(
  urls: [string, string],
  comparison: Comparison,
  variables: Record<string, unknown>,
  query: [string, string],
  what: string,
) {
  const requestBody = body(
    query[0],
    query[1],
    comparison.nonce ? { ...variables, benchNonce: `equality-${++nonce}` } : variables,
  );
  const [a, b]: GraphQLResponse[] = await Promise.all(urls.map((url) => post(url, requestBody)));
  // The gateway adds extensions.cost to every response; only `data` is compared.
  const difference = firstDifference(a!.data, b!.data, comparison.names);
  if (difference) throw new ResponseMismatch(`${what}: ${difference}`);
}

/**
 * Asserts that two servers answer the same Q1 and Q2 requests with the same `data`, nulls and order
 * included, before anything is timed: the gateway and the baseline, or the gateway on each SQLite driver.
 */
export async function assertSameResponses(
  urls: [string, string],
  slugs: string[],
  pageSizes: number[],
  comparison: Comparison = { names: ["gateway", "baseline"] },
): Promise<void> {
  for (const slug of slugs) {
    await compare(urls, comparison, { slug }, [Q1, Q1_NAME], `Q1 meeting(slug: "${slug}")`);
  }
  for (const first of pageSizes) {
    await compare(urls, comparison, { first }, [Q2, Q2_NAME], `Q2 meetings(first: ${first})`);
  }
}
