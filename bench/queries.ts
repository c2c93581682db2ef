/*
 * The operations the bench measures. Q1 and Q2 are also answered by the baseline server, which dispatches
 * on `operationName`, so both servers receive byte-identical requests.
 */

export const Q1_NAME = "BenchMeetingBySlug";
export const Q1 = `query ${Q1_NAME}($slug: String!) { meeting(slug: $slug) { slug title kind startDate endDate timezone format host { isoCode name shortName } region { code name } } }`;

export const Q2_NAME = "BenchMeetingsPage";
export const Q2 = `query ${Q2_NAME}($first: Int!, $after: String) { meetings(first: $first, after: $after) { pageInfo { hasNextPage } nodes { slug title kind startDate endDate host { isoCode name shortName } region { code name } theme { year title } agenda { position title kind speakers { slug name honorific } } } } }`;

export const Q3_NAME = "BenchFilteredPage";
export const Q3 = `query ${Q3_NAME}($filter: MeetingFilter!, $first: Int!, $after: String) { meetings(filter: $filter, first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { slug title startDate host { name } region { code } } } }`;

/** Q6: `titleContains` (the search index, meeting titles only), a page with its total. */
export const Q6_NAME = "BenchTitleContains";
export const Q6 = `query ${Q6_NAME}($text: String!) { meetings(first: 20, filter: { titleContains: $text }) { totalCount nodes { slug title startDate } } }`;

/** Q7: full-text `search` over every kind of object, ranked, with snippets. */
export const Q7_NAME = "BenchSearch";
export const Q7 = `query ${Q7_NAME}($text: String!) { search(text: $text, first: 20) { totalCount edges { type matchedField snippet node { __typename ... on Meeting { slug } ... on Person { slug } ... on Member { isoCode } } } } }`;

export const Q5_NAME = "BenchUpdateMeeting";
export const Q5 = `mutation ${Q5_NAME}($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { slug summary version } } }`;

export const THEMES = `query BenchThemes { themes(first: 100) { nodes { year pillars { id name } } } }`;
export const MEETING_IDS = `query BenchMeetingIds($first: Int!, $after: String) { meetings(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }`;

export interface GraphQLRequest {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
}

export const body = (query: string, operationName: string, variables: Record<string, unknown>): string =>
  JSON.stringify({ query, operationName, variables } satisfies GraphQLRequest);

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** POSTs one operation; throws on a non-200 status or on GraphQL errors unless `allowErrors`. */
export async function post(
  url: string,
  requestBody: string,
  headers: Record<string, string> = {},
  allowErrors = false,
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: requestBody,
  });
  const text = await response.text();
  let parsed: GraphQLResponse;
  try {
    parsed = JSON.parse(text) as GraphQLResponse;
  } catch {
    throw new Error(`${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  if (!allowErrors && (response.status !== 200 || parsed.errors?.length)) {
    throw new Error(`${url} answered ${response.status}: ${text.slice(0, 600)}`);
  }
  return parsed;
}

export async function gql<T>(
  url: string,
  query: string,
  operationName: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  return (await post(url, body(query, operationName, variables), headers)).data as T;
}
