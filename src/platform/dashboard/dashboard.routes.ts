import fs from "node:fs";
import path from "node:path";
import express from "express";
import type { Request, Response } from "express";
import { projectRoot } from "../../config";
import { CSS, JS, contentAsset, packageAsset, serveAssets } from "../http/static-assets";
import { escapeHtml, jsonForScriptElement, sendHtmlPage } from "../http/html";

/*
 * The dashboard page (/dashboard): regional activity, pillar coverage, top hosts and the latest meetings,
 * refreshed live. It is a client of the public API like any other: the page's script sends the GraphQL
 * documents of `page/queries/` to /graphql over HTTP, and subscribes to `directoryChanged` over WebSocket.
 * Those documents sit in the page source (in `<script type="application/graphql">` blocks and in its
 * "Queries this page sends" section) for client developers to copy.
 *
 * Every byte comes from this process, as for the IDE: Chart.js and the graphql-ws browser client from the
 * installed node_modules, the page's own HTML, script and stylesheet from `page/` in the source tree (the
 * build, plain `tsc`, does not copy them; they are read relative to the project root at start-up).
 */

export interface DashboardRouterOptions {
  /** Where the GraphQL endpoint is mounted (HTTP and WebSocket). */
  graphqlPath: string;
  /** Whether the IDE is served, so that meetings can link to it with a prefilled query. */
  ideEnabled: boolean;
  /**
   * Where the page's downloads are served (by the feeds feature): the CSV of what the dashboard shows, and the
   * iCalendar feed of the meetings it counts. Null: the page offers neither.
   */
  downloads: { activityCsvPath: string; calendarPath: string } | null;
}

export const DASHBOARD_PATH = "/dashboard";
export const PAGE_DIRECTORY = path.join(projectRoot, "src", "platform", "dashboard", "page");

/** The GraphQL documents the page sends, by the id of their `<script type="application/graphql">` block. */
export const DASHBOARD_QUERIES = {
  "query-activity": "activity.graphql",
  "query-summary": "summary.graphql",
  "query-regions": "regions.graphql",
  "subscription-changes": "changes.graphql",
} as const;

const PAGE_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // HTTP and WebSocket to this origin only ('self' covers ws: and wss: of the same host).
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

function readPageFile(name: string): string {
  return fs.readFileSync(path.join(PAGE_DIRECTORY, name), "utf8");
}

/** Reads a GraphQL document the page sends; exported so tests can price and run exactly what the page sends. */
export function dashboardDocument(id: keyof typeof DASHBOARD_QUERIES): string {
  return readPageFile(path.join("queries", DASHBOARD_QUERIES[id]));
}

/** The names of the operations the page sends: known to the metrics, whoever sends them. */
export function dashboardOperationNames(): string[] {
  return Object.keys(DASHBOARD_QUERIES).flatMap((id) =>
    [...dashboardDocument(id as keyof typeof DASHBOARD_QUERIES).matchAll(/\b(?:query|subscription)\s+(\w+)/g)].map(
      (match) => match[1]!,
    ),
  );
}

/** Fills the `{{name}}` placeholders of the page template; every one must be known. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`dashboard page: unknown placeholder {{${name}}}`);
    return value;
  });
}

/** Serves the dashboard at /dashboard with its assets under /dashboard/assets/. */
export function createDashboardRouter(options: DashboardRouterOptions): express.Router {
  const prefix = `${DASHBOARD_PATH}/assets`;
  const assets = {
    chart: packageAsset(prefix, "chart.js", "dist/chart.umd.min.js", JS),
    graphqlWs: packageAsset(prefix, "graphql-ws", "umd/graphql-ws.min.js", JS),
    script: contentAsset(prefix, "dashboard", "dashboard.js", Buffer.from(readPageFile("dashboard.js")), JS),
    css: contentAsset(prefix, "dashboard", "dashboard.css", Buffer.from(readPageFile("dashboard.css")), CSS),
  };
  const documents = Object.keys(DASHBOARD_QUERIES).map((id) => {
    const text = dashboardDocument(id as keyof typeof DASHBOARD_QUERIES).trim();
    // A <script> element's text is not HTML-decoded; only "</" could end it early, and GraphQL needs none.
    if (text.includes("</")) throw new Error(`dashboard page: ${id} may not contain "</"`);
    return { id, text };
  });
  const config = { graphqlPath: options.graphqlPath, ideEnabled: options.ideEnabled, downloads: options.downloads };
  // Without script the links still work: the whole CSV by year, and the calendar of every meeting.
  const downloads = options.downloads
    ? [
        `<p class="downloads" id="downloads">`,
        `<a id="download-csv" href="${escapeHtml(`${options.downloads.activityCsvPath}?granularity=YEAR`)}" download>Download CSV</a>`,
        ` of the numbers shown (the filters above apply) · `,
        `<a id="subscribe-calendar" href="${escapeHtml(options.downloads.calendarPath)}">Subscribe to the calendar</a>`,
        ` of these meetings: <code id="calendar-url">${escapeHtml(options.downloads.calendarPath)}</code>`,
        `</p>`,
      ].join("")
    : "";
  const page = fillTemplate(readPageFile("index.html"), {
    css: assets.css.urlPath,
    chartJs: assets.chart.urlPath,
    graphqlWs: assets.graphqlWs.urlPath,
    script: assets.script.urlPath,
    config: jsonForScriptElement(config),
    downloads,
    // The documents run as-is; the same text is shown in the page for people to read and copy.
    queryScripts: documents
      .map(({ id, text }) => `<script type="application/graphql" id="${id}">\n${text}\n</script>`)
      .join("\n    "),
    queryListings: documents
      .map(
        ({ id, text }) =>
          `<figure><figcaption><code>${escapeHtml(id)}</code></figcaption><pre><code>${escapeHtml(text)}</code></pre></figure>`,
      )
      .join("\n        "),
  });

  const router = express.Router();
  router.get(DASHBOARD_PATH, (_req: Request, res: Response) =>
    sendHtmlPage(res, page, { contentSecurityPolicy: PAGE_SECURITY_POLICY }),
  );
  serveAssets(router, Object.values(assets));
  return router;
}
