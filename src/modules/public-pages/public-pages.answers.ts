import { SLUG_PATTERN } from "../../common/input-rules";
import type { IndexQuery } from "./index-query";
import { indexVariables, parseIndexQuery } from "./index-query";
import type { MeetingIndexData, MeetingPageData } from "./public-pages.operations";
import { MEETING_INDEX_OPERATION, MEETING_PAGE_OPERATION } from "./public-pages.operations";
import type { RenderOptions } from "./public-pages.render";
import { meetingPath, renderMeetingIndex, renderMeetingPage, renderProblemPage } from "./public-pages.render";

/*
 * What each public page answers, given a way to run one of its named operations: the transport (routes, caching
 * headers, rate limits) is the caller's, so these decide only the status and the page.
 */

/** An operation's answer as GraphQL gives it (after the gateway's error masking). */
export interface OperationResult<TData> {
  data?: TData | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs one of PUBLIC_PAGES_DOCUMENT's operations by name. */
export type RunOperation = <TData>(
  operationName: string,
  variables: Record<string, unknown>,
) => Promise<OperationResult<TData>>;

export interface PageAnswer {
  status: number;
  html: string;
}

/** An operation refused with one of these codes was sent a value from the URL that the API does not accept. */
const CALLER_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND"]);

/** Thrown when an operation fails for a reason other than the URL: the transport answers it as an error. */
export class OperationFailed extends Error {
  constructor(
    readonly operationName: string,
    readonly errors: NonNullable<OperationResult<unknown>["errors"]>,
  ) {
    super(`${operationName} failed: ${errors.map((e) => e.message).join("; ")}`);
  }
}

function dataOrProblem<TData>(
  operationName: string,
  result: OperationResult<TData>,
): { data: TData } | { problem: string } {
  if (result.errors?.length) {
    const code = result.errors[0]!.extensions?.code;
    if (typeof code === "string" && CALLER_CODES.has(code)) return { problem: result.errors[0]!.message };
    throw new OperationFailed(operationName, result.errors);
  }
  if (!result.data) throw new OperationFailed(operationName, [{ message: "no data" }]);
  return { data: result.data };
}

export function meetingNotFound(slug: string, options: RenderOptions): PageAnswer {
  return {
    status: 404,
    html: renderProblemPage("Meeting not found", `No meeting is listed at ${meetingPath(slug)}.`, options),
  };
}

/** `/meetings/<slug>`; `origin` is the gateway's public origin, for the page's canonical address. */
export async function meetingPageAnswer(
  slug: string,
  run: RunOperation,
  options: RenderOptions & { origin: string },
): Promise<PageAnswer> {
  // A slug that breaks the rule names no meeting: no operation is run for it.
  if (!SLUG_PATTERN.test(slug)) return meetingNotFound(slug, options);
  const outcome = dataOrProblem(MEETING_PAGE_OPERATION, await run<MeetingPageData>(MEETING_PAGE_OPERATION, { slug }));
  if ("problem" in outcome || !outcome.data.meeting) return meetingNotFound(slug, options);
  const { meeting } = outcome.data;
  return { status: 200, html: renderMeetingPage(meeting, `${options.origin}${meetingPath(meeting.slug)}`, options) };
}

function badIndexQuery(problem: string, options: RenderOptions): PageAnswer {
  return { status: 400, html: renderProblemPage("Not a list of meetings", problem, options) };
}

/** `/meetings?…`: the index, or a 400 page naming the parameter at fault. */
export async function meetingIndexAnswer(
  queryString: Record<string, unknown>,
  run: RunOperation,
  options: RenderOptions,
): Promise<PageAnswer> {
  const parsed = parseIndexQuery(queryString);
  if (!parsed.ok) return badIndexQuery(parsed.problem, options);
  const query: IndexQuery = parsed.query;
  const outcome = dataOrProblem(
    MEETING_INDEX_OPERATION,
    await run<MeetingIndexData>(MEETING_INDEX_OPERATION, indexVariables(query)),
  );
  if ("problem" in outcome) return badIndexQuery(outcome.problem, options);
  return { status: 200, html: renderMeetingIndex(outcome.data, query, options) };
}
