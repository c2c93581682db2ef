import { isDeepStrictEqual } from "node:util";
import type { GraphQLResponse } from "./queries";
import { Q1, Q1_NAME, Q2, Q2_NAME, body, post } from "./queries";

/** The gateway's and the baseline's answers differ: the run must fail before anything is timed. */
export class ResponseMismatch extends Error {
  override readonly name = "ResponseMismatch";
}

/** The first path at which two JSON values differ, with both sides. */
function firstDifference(a: unknown, b: unknown, path = "data"): string | null {
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
    return `${path}: gateway ${JSON.stringify(a)?.slice(0, 300)} ≠ baseline ${JSON.stringify(b)?.slice(0, 300)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const difference = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (difference) return difference;
  }
  return `${path}: differs`;
}

async function compare(gatewayUrl: string, baselineUrl: string, requestBody: string, what: string): Promise<void> {
  const [gateway, baseline]: GraphQLResponse[] = await Promise.all([
    post(gatewayUrl, requestBody),
    post(baselineUrl, requestBody),
  ]);
  // The gateway adds extensions.cost to every response; only `data` is compared.
  const difference = firstDifference(gateway.data, baseline.data);
  if (difference) throw new ResponseMismatch(`${what}: ${difference}`);
}

/**
 * Asserts that the gateway and the baseline answer the same Q1 and Q2 requests with the same `data`,
 * nulls and order included, before anything is timed.
 */
export async function assertSameResponses(
  gatewayUrl: string,
  baselineUrl: string,
  slugs: string[],
  pageSizes: number[],
): Promise<void> {
  for (const slug of slugs) {
    await compare(gatewayUrl, baselineUrl, body(Q1, Q1_NAME, { slug }), `Q1 meeting(slug: "${slug}")`);
  }
  for (const first of pageSizes) {
    await compare(gatewayUrl, baselineUrl, body(Q2, Q2_NAME, { first }), `Q2 meetings(first: ${first})`);
  }
}
