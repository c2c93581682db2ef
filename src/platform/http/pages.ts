import { createHash } from "node:crypto";
import express from "express";
import type { Request, RequestHandler, Response } from "express";
import type { GraphQLSchema } from "graphql";
import { lexicographicSortSchema, printSchema } from "graphql";
import { escapeHtml, htmlDocument, sendHtmlPage } from "./html";

/*
 * The gateway's own small pages: the home page at `/`, which says what is served where, the schema's SDL at
 * `/schema.graphql`, and the answer to every path nothing else serves (Express's default is a bare "Cannot GET
 * /x" that names nothing a newcomer could try instead).
 *
 * The pages are rendered once, at start-up, on the server: they need no script, load nothing from anywhere
 * (closed customs networks, as for the IDE), and their Content-Security-Policy allows nothing but their own
 * inline stylesheet, by its hash.
 */

export interface PagesOptions {
  /** Where GraphQL is served (HTTP and WebSocket). */
  graphqlPath: string;
  title: string;
  /** Whether the IDE is served at the GraphQL path to browsers. */
  ideEnabled: boolean;
  /** Where the dashboard is served, if it is. */
  dashboardPath: string | null;
  /** The schema, served as SDL when introspection is enabled (it tells the same, and is off when that is off). */
  schema: GraphQLSchema | null;
}

export const SCHEMA_PATH = "/schema.graphql";

const STYLE = `body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
dt { font-weight: 600; margin-top: 0.75rem; }
dd { margin-left: 0; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
pre { background: #f3f3f3; padding: 0.75rem; overflow-x: auto; }`;

/** Only the inline stylesheet above, by its hash: no script, no image, no frame, no form, nothing from elsewhere. */
const PAGE_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function renderPage(title: string, body: string): string {
  return htmlDocument({ title, head: `    <style>${STYLE}</style>`, body });
}

/** A link with its explanation, as one entry of the home page's list. */
function entry(href: string, label: string, explanation: string): string {
  return `      <dt><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></dt>
      <dd>${explanation}</dd>`;
}

function renderHome(options: PagesOptions): string {
  const graphql = escapeHtml(options.graphqlPath);
  const entries = [
    options.ideEnabled
      ? entry(
          options.graphqlPath,
          "GraphQL IDE",
          "GraphiQL, served by the gateway with all its assets. Its <strong>Docs</strong> pane documents every type, field and argument; its <strong>Headers</strong> tab takes an <code>Authorization: Bearer &lt;token&gt;</code> for changes.",
        )
      : `      <dt><code>${graphql}</code></dt>
      <dd>The GraphQL endpoint (the IDE is turned off here).</dd>`,
    options.dashboardPath
      ? entry(
          options.dashboardPath,
          "Dashboard",
          "Meetings per region and period, agenda items per theme pillar, the busiest hosts and the latest meetings, refreshed live.",
        )
      : "",
    entry(
      "/meetings",
      "Meetings",
      "Every meeting of the directory as a page of its own, newest first, with its agenda, sources and calendar file: readable in any browser, and described to search engines as schema.org events.",
    ),
    options.schema
      ? entry(
          SCHEMA_PATH,
          "Schema (SDL)",
          "The whole documented schema, as the repository's <code>schema.graphql</code>: generate typed clients from it.",
        )
      : "",
    entry("/healthz", "/healthz", "200 while the process is up."),
    entry("/readyz", "/readyz", "200 when the database answers and every migration is applied, 503 otherwise."),
  ].filter(Boolean);
  return renderPage(
    options.title,
    `    <h1>${escapeHtml(options.title)}</h1>
    <p>A GraphQL API over a directory of international customs events: the regions of the World Customs
      Organization (WCO), its Members, the meetings they hold with their agendas and participants, the news items
      that document them, and the annual WCO theme with its pillars.</p>
    <dl>
${entries.join("\n")}
    </dl>
    <h2>From a program</h2>
    <p>POST JSON to <code>${graphql}</code>, as every GraphQL client does; subscriptions use WebSocket
      (<code>graphql-transport-ws</code>) at the same URL. Reading needs no token.</p>
    <pre><code>curl -s https://&lt;this server&gt;${graphql} -H 'content-type: application/json' \\
  -d '{"query":"{ regions { code name } }"}'</code></pre>
    <p>The gateway's README, in its source, explains the queries, the errors and their codes, the limits, and
      how to administer the directory.</p>`,
  );
}

function renderNotFound(options: PagesOptions): string {
  return renderPage(
    `Not found: ${options.title}`,
    `    <h1>Not found</h1>
    <p>Nothing is served at this address. GraphQL is at <code>${escapeHtml(options.graphqlPath)}</code>; the
      <a href="/">home page</a> lists everything this gateway serves.</p>`,
  );
}

/**
 * The home page at `/` (to every client: it is the only thing there) and, when introspection is enabled, the
 * schema's SDL at /schema.graphql, printed sorted as `npm run schema:emit` prints it.
 */
export function createPagesRouter(options: PagesOptions): express.Router {
  const home = renderHome(options);
  const router = express.Router();
  router.get("/", (_req, res) => sendHtmlPage(res, home, { contentSecurityPolicy: PAGE_SECURITY_POLICY }));
  if (options.schema) {
    const sdl = `${printSchema(lexicographicSortSchema(options.schema))}\n`;
    router.get(SCHEMA_PATH, (_req: Request, res: Response) => {
      res.set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" }).send(sdl);
    });
  }
  return router;
}

/**
 * The answer to a path nothing serves: a small page for browsers, JSON for everything else, both 404 and
 * both pointing at GraphQL and the home page. Registered last.
 */
export function notFound(options: PagesOptions): RequestHandler {
  const page = renderNotFound(options);
  const body = {
    status: "not found",
    message: `Nothing is served at this path. GraphQL is at ${options.graphqlPath}; / lists everything this gateway serves.`,
  };
  return (req, res) => {
    res.vary("Accept");
    if (req.accepts(["application/json", "text/html"]) === "text/html")
      sendHtmlPage(res, page, { contentSecurityPolicy: PAGE_SECURITY_POLICY, status: 404 });
    else res.status(404).set("Cache-Control", "no-cache").json(body);
  };
}
