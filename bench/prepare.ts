import { Q3_FILTER } from "./config";
import { dashboardQuery } from "./dashboard";
import { MEETING_IDS, THEMES, gql } from "./queries";

/** Everything the measured requests need that only the running gateway can tell (ids, cursors). */
export interface Inputs {
  q3Filter: Record<string, unknown>;
  q3Matches: number;
  q3Cursor: string | null;
  q3Position: number;
  /** Meeting ids for the mutation (Q5). */
  meetingIds: string[];
  dashboard: { query: string | null; note: string };
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

const Q3_COUNT = `query BenchFilteredCount($filter: MeetingFilter!) { meetings(filter: $filter, first: 0) { totalCount } }`;
const Q3_SEEK = `query BenchFilteredSeek($filter: MeetingFilter!, $first: Int!, $after: String) { meetings(filter: $filter, first: $first, after: $after) { pageInfo { hasNextPage endCursor } } }`;

async function q3Inputs(url: string) {
  const themes = await gql<{ themes: { nodes: { year: number; pillars: { id: string }[] }[] } }>(
    url,
    THEMES,
    "BenchThemes",
  );
  const from = Number(Q3_FILTER.startDateFrom.slice(0, 4));
  const to = Number(Q3_FILTER.startDateTo.slice(0, 4));
  const pillarIds = themes.themes.nodes
    .filter((t) => t.year >= from && t.year <= to && t.pillars.length)
    .map((t) => t.pillars[0]!.id);
  const filter = {
    regionCodes: [Q3_FILTER.regionCode],
    startDateFrom: Q3_FILTER.startDateFrom,
    startDateTo: Q3_FILTER.startDateTo,
    pillarIds,
  };
  const { meetings } = await gql<{ meetings: { totalCount: number } }>(url, Q3_COUNT, "BenchFilteredCount", { filter });
  const matches = meetings.totalCount;
  // Deep in the list, yet with a full page after it when the list is long enough.
  const position = Math.max(0, Math.min(Math.floor(matches * Q3_FILTER.depth), matches - Q3_FILTER.pageSize));
  let cursor: string | null = null;
  for (let done = 0; done < position;) {
    const first = Math.min(100, position - done);
    const page: { meetings: { pageInfo: PageInfo } } = await gql(url, Q3_SEEK, "BenchFilteredSeek", {
      filter,
      first,
      after: cursor,
    });
    cursor = page.meetings.pageInfo.endCursor;
    done += first;
  }
  return { filter, matches, cursor, position };
}

/** Ids of the newest meetings, for the mutation. */
async function meetingIds(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  while (ids.length < count) {
    const page: { meetings: { pageInfo: PageInfo; nodes: { id: string }[] } } = await gql(
      url,
      MEETING_IDS,
      "BenchMeetingIds",
      {
        first: 100,
        after,
      },
    );
    ids.push(...page.meetings.nodes.map((n) => n.id));
    if (!page.meetings.pageInfo.hasNextPage) break;
    after = page.meetings.pageInfo.endCursor;
  }
  return ids.slice(0, count);
}

export async function prepareInputs(url: string): Promise<Inputs> {
  const q3 = await q3Inputs(url);
  return {
    q3Filter: q3.filter,
    q3Matches: q3.matches,
    q3Cursor: q3.cursor,
    q3Position: q3.position,
    meetingIds: await meetingIds(url, 200),
    dashboard: await dashboardQuery(url),
  };
}
