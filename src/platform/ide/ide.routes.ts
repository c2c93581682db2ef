import express from "express";
import type { Request, Response } from "express";
import { CSS, JS, contentAsset, packageAsset, serveAssets } from "../http/static-assets";
import { htmlDocument, jsonForScriptElement, sendHtmlPage } from "../http/html";

/*
 * The GraphQL IDE (GraphiQL), served by the gateway itself.
 *
 * Customs administrations often run on closed or air-gapped networks: a landing page that loads its scripts
 * from a CDN (as Apollo's does) shows a blank screen there. So every byte the page needs comes from this
 * process: GraphiQL and React are read from the installed node_modules (never copied into the repository)
 * and served under URLs that carry the package versions, which lets browsers cache them for good. The page's
 * Content-Security-Policy only allows this origin, so a browser would refuse any third-party load anyway.
 *
 * GraphQL Playground is retired and folded into GraphiQL; /playground stays as an alias for old bookmarks.
 */

export interface IdeRouterOptions {
  /** Where the GraphQL endpoint is mounted; the page is served there too, to browsers. */
  graphqlPath: string;
  /** The page title. */
  title: string;
}

/** Shown in the query editor of a fresh browser: the seeded meeting. */
const DEFAULT_QUERY = `# The seeded meeting. Run it with Ctrl-Enter.
{
  meeting(slug: "2021-04-22-americas-caribbean-heads-of-customs") {
    title
    startDate
    host {
      name
      shortName
    }
  }
}
`;

/**
 * Renders GraphiQL into #graphiql with the settings of the page's JSON block. Served as a file, not inline,
 * so that the Content-Security-Policy can forbid inline scripts altogether.
 *
 * Headers carry bearer tokens, so none may reach localStorage. `shouldPersistHeaders: false` keeps them out
 * of the editor state, but GraphiQL 3.8's history (and favourites) still record each run's headers there;
 * the storage below blanks them on the way in. The browser test checks that no token is left in storage.
 */
const BOOTSTRAP_SCRIPT = `"use strict";
(function () {
  var config = JSON.parse(document.getElementById("ide-config").textContent);

  var NAMESPACE = "graphiql:";
  var RECORDS = { "graphiql:queries": true, "graphiql:favorites": true, "graphiql:tabState": true };
  function blankHeaders(node) {
    if (node === null || typeof node !== "object") return;
    for (var key in node) {
      if (key === "headers" && typeof node[key] === "string") node[key] = "";
      else blankHeaders(node[key]);
    }
  }
  var storage = {
    getItem: function (key) {
      return localStorage.getItem(key);
    },
    setItem: function (key, value) {
      if (key === NAMESPACE + "headers") return localStorage.removeItem(key);
      if (RECORDS[key]) {
        var data = JSON.parse(value);
        blankHeaders(data);
        value = JSON.stringify(data);
      }
      localStorage.setItem(key, value);
    },
    removeItem: function (key) {
      localStorage.removeItem(key);
    },
    clear: function () {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf(NAMESPACE) === 0) localStorage.removeItem(key);
      });
    },
    get length() {
      return Object.keys(localStorage).filter(function (key) {
        return key.indexOf(NAMESPACE) === 0;
      }).length;
    },
  };

  // Links such as the dashboard's "open in the IDE" name the operation to show: /graphql?query=…
  var linkedQuery = new URLSearchParams(location.search).get("query");

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: config.graphqlPath }),
      defaultQuery: config.defaultQuery,
      query: linkedQuery || undefined,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      storage: storage,
    }),
  );
})();
`;

const PAGE_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL's components set element styles at run time.
  "style-src 'self' 'unsafe-inline'",
  // The fonts are data: URLs inside graphiql.min.css.
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function renderPage(
  options: IdeRouterOptions,
  assets: Record<"css" | "react" | "reactDom" | "graphiql" | "bootstrap", string>,
) {
  const config = { graphqlPath: options.graphqlPath, defaultQuery: DEFAULT_QUERY };
  return htmlDocument({
    title: options.title,
    head: `    <link rel="stylesheet" href="${assets.css}" />
    <style>
      html, body, #graphiql { height: 100%; margin: 0; }
    </style>`,
    body: `    <div id="graphiql">Loading the GraphQL IDE…</div>
    <script type="application/json" id="ide-config">${jsonForScriptElement(config)}</script>
    <script src="${assets.react}"></script>
    <script src="${assets.reactDom}"></script>
    <script src="${assets.graphiql}"></script>
    <script src="${assets.bootstrap}"></script>`,
  });
}

/**
 * Serves GraphiQL at `GET <graphqlPath>` to browsers (requests that prefer text/html) and at `GET /playground`,
 * with its assets under /ide/assets/. Every other request to the GraphQL path goes on to Apollo.
 */
export function createIdeRouter(options: IdeRouterOptions): express.Router {
  const prefix = "/ide/assets";
  const assets = {
    css: packageAsset(prefix, "graphiql", "graphiql.min.css", CSS),
    react: packageAsset(prefix, "react", "umd/react.production.min.js", JS),
    reactDom: packageAsset(prefix, "react-dom", "umd/react-dom.production.min.js", JS),
    graphiql: packageAsset(prefix, "graphiql", "graphiql.min.js", JS),
    bootstrap: contentAsset(prefix, "ide", "ide.js", Buffer.from(BOOTSTRAP_SCRIPT, "utf8"), JS),
  };
  const page = renderPage(options, {
    css: assets.css.urlPath,
    react: assets.react.urlPath,
    reactDom: assets.reactDom.urlPath,
    graphiql: assets.graphiql.urlPath,
    bootstrap: assets.bootstrap.urlPath,
  });

  const sendPage = (_req: Request, res: Response) =>
    sendHtmlPage(res, page, { contentSecurityPolicy: PAGE_SECURITY_POLICY, vary: "Accept" });

  const router = express.Router();
  router.get(options.graphqlPath, (req, res, next) => {
    // Same negotiation as Apollo's landing page: HTML only when the client ranks it above every GraphQL type.
    const preferred = req.accepts([
      "application/json",
      "application/graphql-response+json",
      "multipart/mixed",
      "text/html",
    ]);
    if (preferred !== "text/html") {
      next();
      return;
    }
    sendPage(req, res);
  });
  router.get("/playground", sendPage);
  serveAssets(router, Object.values(assets));
  return router;
}
