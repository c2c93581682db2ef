import { Router } from "express";
import type { Request, Response } from "express";
import type { RouteDependencies } from "../../platform/feature-module";
import type { OperationFailure, OperationRunner } from "../../platform/http/operation-routes";
import { LANGUAGE_PARAMETER, requestLanguage } from "../../platform/http/operation-routes";
import type { Logger } from "../../platform/logger";
import { indexVariables, parseIndexQuery } from "./index-query";
import type { MeetingIndexData, MeetingPageData } from "./public-pages.operations";
import { MEETING_INDEX_OPERATION, MEETING_PAGE_OPERATION, PUBLIC_PAGES_DOCUMENT } from "./public-pages.operations";
import type { RenderOptions } from "./public-pages.render";
import {
  MEETINGS_PATH,
  meetingPath,
  renderMeetingIndex,
  renderMeetingPage,
  renderProblemPage,
} from "./public-pages.render";
import { PUBLIC_PAGE_SECURITY_POLICY } from "./public-pages.style";

/*
 * `/meetings` and `/meetings/<slug>`: each runs its named operation of PUBLIC_PAGES_DOCUMENT through the
 * gateway's seam for public GET endpoints (src/platform/http/operation-routes.ts) — /graphql's rate budget,
 * pipeline, execution slots, response cache and error masking — and renders the data as HTML, sent with the
 * seam's ETag, 304 and `Cache-Control: public, max-age`. A page of its own replaces the seam's JSON only where a
 * person must read it: an unknown meeting (404) and a mistyped index URL (400). A refusal of the gateway (rate
 * limit, overload) keeps the seam's JSON answer and headers (Retry-After), as /graphql would send it.
 */

/** The headers every public page carries besides the seam's: its own policy, and those of the other pages. */
const PAGE_HEADERS = {
  "content-security-policy": PUBLIC_PAGE_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

const HTML = "text/html; charset=utf-8";

/**
 * The pages' language: `?lang=` when given, else the browser's `Accept-Language` (as every public endpoint
 * reads it, src/platform/http/operation-routes.ts), English when neither names one; null for a `?lang=` that names
 * no language. The labels, dates and `<html lang>` follow it, and the operations answer the directory's
 * translated texts in it.
 */
function renderOptions(req: Request): RenderOptions | null {
  const language = requestLanguage(req);
  return language === undefined ? null : { language: language ?? "en" };
}

/** The gateway's origin as the client reached it, for the page's canonical address in its JSON-LD. */
function originOf(req: Request): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * A page that is not the one asked for (404, 400): never stored by a shared cache, since the meeting may be
 * created, or the parameter corrected, the next moment.
 */
function sendProblem(res: Response, status: number, html: string): void {
  if (res.headersSent) return;
  res
    .status(status)
    .set({ ...PAGE_HEADERS, "content-type": HTML, "cache-control": "private, no-store" })
    .send(html);
}

/** A `?lang=` naming no language of the directory: 400, in English (no other language was named). */
function unknownLanguage(res: Response): void {
  problemPage(res, 400, "Unknown language", `\`${LANGUAGE_PARAMETER}\` must be given once, as en, fr or es.`, {
    language: "en",
  });
}

function problemPage(res: Response, status: number, title: string, message: string, options: RenderOptions): void {
  sendProblem(res, status, renderProblemPage(title, message, options));
}

async function serveMeeting(operations: OperationRunner, req: Request, res: Response): Promise<void> {
  const slug = String(req.params.slug);
  const options = renderOptions(req);
  if (!options) return unknownLanguage(res);
  // Any slug is looked up, a malformed one too: it costs the caller's budget like a real one.
  const outcome = await operations.run(req, res, {
    document: PUBLIC_PAGES_DOCUMENT,
    operationName: MEETING_PAGE_OPERATION,
    variables: { slug },
  });
  if (outcome === null) return;
  if (outcome.kind === "failed") return operations.fail(res, outcome);
  const { meeting } = outcome.data as unknown as MeetingPageData;
  if (!meeting)
    return problemPage(res, 404, "Meeting not found", `No meeting is listed at ${meetingPath(slug)}.`, options);
  const html = renderMeetingPage(meeting, `${originOf(req)}${meetingPath(meeting.slug)}`, options);
  operations.send(req, res, { contentType: HTML, body: html, headers: PAGE_HEADERS }, outcome.cache);
}

/** What an index URL the API refused says, when the fault is the URL's (a cursor or series id that is none). */
function urlProblem(failure: OperationFailure): string | null {
  if (failure.status !== 400) return null;
  return failure.errors[0]?.message ?? "The address is not one of this list.";
}

async function serveIndex(operations: OperationRunner, req: Request, res: Response): Promise<void> {
  const options = renderOptions(req);
  if (!options) return unknownLanguage(res);
  const notAList = (message: string) => problemPage(res, 400, "Not a list of meetings", message, options);
  const parsed = parseIndexQuery(req.query as Record<string, unknown>);
  if (!parsed.ok) return notAList(parsed.problem);
  const outcome = await operations.run(req, res, {
    document: PUBLIC_PAGES_DOCUMENT,
    operationName: MEETING_INDEX_OPERATION,
    variables: indexVariables(parsed.query),
  });
  if (outcome === null) return;
  if (outcome.kind === "failed") {
    const problem = urlProblem(outcome);
    return problem === null ? operations.fail(res, outcome) : notAList(problem);
  }
  const html = renderMeetingIndex(outcome.data as unknown as MeetingIndexData, parsed.query, options);
  operations.send(req, res, { contentType: HTML, body: html, headers: PAGE_HEADERS }, outcome.cache);
}

/** A page that threw while rendering: logged in full, answered as the seam answers the unexpected. */
function crashed(log: Logger, res: Response, error: unknown): void {
  log.error({ err: error }, "public page failed unexpectedly");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(500)
    .set("cache-control", "private, no-store")
    .json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
}

/** The public pages' routes, mounted by the composition root with every feature's (src/app/features.ts). */
export function createPublicPageRoutes({ operations, log }: RouteDependencies): Router {
  const router = Router();
  router.get(MEETINGS_PATH, (req, res) => {
    serveIndex(operations, req, res).catch((error: unknown) => crashed(log, res, error));
  });
  router.get(`${MEETINGS_PATH}/:slug`, (req, res) => {
    serveMeeting(operations, req, res).catch((error: unknown) => crashed(log, res, error));
  });
  return router;
}
