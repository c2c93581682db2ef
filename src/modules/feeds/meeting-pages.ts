import type { Request } from "express";
import type { OperationEndpoint, OperationFailure, OperationRunner } from "../../platform/http/operation-routes";
import { meetingFilterOf } from "./meeting-parameters";

/** Meetings per run of a feed's query: the largest page the `meetings` connection serves. */
export const MEETINGS_PAGE_SIZE = 100;
/** Runs of the query per request: at most MEETINGS_PAGE_SIZE × MEETINGS_MAX_PAGES meetings per feed. */
export const MEETINGS_MAX_PAGES = 5;
export const MEETINGS_MAX = MEETINGS_PAGE_SIZE * MEETINGS_MAX_PAGES;

/** One page of `meetings(…) { totalCount pageInfo { hasNextPage endCursor } nodes { … } }`. */
export interface MeetingsPage<TNode> {
  meetings: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: TNode[];
  };
}

/**
 * How the meeting feeds read their list: page after page of the `meetings` connection (each page a run of the
 * fixed query, charged and cached as such), until it ends or MEETINGS_MAX meetings are read.
 */
export const MEETINGS_PAGES: NonNullable<OperationEndpoint["pages"]> = {
  max: MEETINGS_MAX_PAGES,
  next(data, variables) {
    const { pageInfo } = (data as unknown as MeetingsPage<unknown>).meetings;
    return pageInfo.hasNextPage ? { ...variables, after: pageInfo.endCursor } : null;
  },
};

/** Every page's meetings, in order, and how many the filter selects in all. */
export function meetingsOf<TNode>(pages: readonly Record<string, unknown>[]): { nodes: TNode[]; total: number } {
  const typed = pages as unknown as readonly MeetingsPage<TNode>[];
  return { nodes: typed.flatMap((page) => page.meetings.nodes), total: typed[0]?.meetings.totalCount ?? 0 };
}

/** The variables of a meeting feed's first page: the filter its parameters ask for, or 400 naming the bad one. */
export function firstPageVariables(
  operations: OperationRunner,
  req: Request,
): Record<string, unknown> | OperationFailure {
  const parsed = meetingFilterOf(req);
  if ("problems" in parsed) return operations.badRequest(parsed.problems[0]!.message, parsed.problems);
  return { filter: parsed.filter, first: MEETINGS_PAGE_SIZE };
}
