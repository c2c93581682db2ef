import type { Response } from "express";

/** Text that can sit in HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that can sit inside a <script> element: "<" is escaped so no "</script>" can end it early. */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * A whole HTML page of the gateway: the head every one of them has (UTF-8, a viewport for phones, kept out of
 * search engines unless `indexable`, the escaped title), then the page's own `head` elements (its stylesheets)
 * and its `body`. `head` and `body` are inserted as they are: already escaped, and indented to sit inside their
 * elements. `lang` is the page's language (English unless given).
 */
export function htmlDocument(page: {
  title: string;
  head: string;
  body: string;
  lang?: string;
  indexable?: boolean;
}): string {
  return `<!doctype html>
<html lang="${escapeHtml(page.lang ?? "en")}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />${page.indexable ? "" : '\n    <meta name="robots" content="noindex" />'}
    <title>${escapeHtml(page.title)}</title>
${page.head}
  </head>
  <body>
${page.body}
  </body>
</html>
`;
}

/**
 * Sends a server-rendered page with the headers every page of the gateway carries: its own Content Security
 * Policy, no MIME sniffing, no referrer, and revalidation on every load (a page names the current asset
 * versions and reflects the configuration, so an upgrade or a restart with other settings shows at once).
 */
export function sendHtmlPage(
  res: Response,
  page: string,
  options: { contentSecurityPolicy: string; status?: number; vary?: string },
): void {
  res.status(options.status ?? 200).set({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache",
    "Content-Security-Policy": options.contentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  if (options.vary) res.vary(options.vary);
  res.send(page);
}
