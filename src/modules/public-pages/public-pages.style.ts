import { createHash } from "node:crypto";

/*
 * The public pages' one stylesheet, inline (nothing to fetch, on a closed network or a slow phone) and allowed
 * by its hash alone. Phone first: one column, text that wraps anywhere rather than widen the page (titles and
 * URLs can be long words), and a wider measure only where there is room.
 */
export const PUBLIC_PAGE_STYLE = `*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b1b; background: #fff; overflow-wrap: anywhere; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 0.75rem; font-size: 0.9rem; }
footer { padding-bottom: 2rem; font-size: 0.85rem; color: #555; }
nav ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
nav li + li::before { content: "›"; margin-right: 0.25rem; color: #666; }
a { color: #0b5394; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.75rem 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1rem; margin: 0; }
.status { display: inline-block; padding: 0 0.5rem; border-radius: 0.25rem; font-weight: 600; font-size: 0.9rem; background: #e8f0e8; }
.status-cancelled { background: #fbe3e3; color: #8a1111; }
.status-postponed { background: #fff1cc; color: #6b4e00; }
dl.facts { display: grid; grid-template-columns: 1fr; gap: 0 1rem; margin: 1rem 0; }
dl.facts dt { font-weight: 600; margin-top: 0.5rem; }
dl.facts dd { margin: 0; }
@media (min-width: 36rem) {
  dl.facts { grid-template-columns: max-content 1fr; }
  dl.facts dt, dl.facts dd { margin-top: 0.35rem; }
}
ol.agenda, ul.sources, ul.meetings { padding-left: 0; list-style: none; }
ol.agenda > li, ul.meetings > li { padding: 0.6rem 0; border-bottom: 1px solid #eee; }
.meta { color: #555; font-size: 0.9rem; margin: 0.15rem 0; }
.speakers { margin: 0.25rem 0 0; }
ul.sources li { margin: 0.4rem 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 1rem 0; }
form.filters label { display: flex; flex-direction: column; font-size: 0.9rem; min-width: 0; max-width: 100%; }
form.filters select, form.filters input { font: inherit; max-width: 100%; }
form.filters input { width: 6rem; }
.pager { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0 2rem; }`;

/**
 * Nothing but the stylesheet above, by its hash, and the filter form sent back here. The JSON-LD block needs no
 * `script-src`: a script of type application/ld+json is a data block that browsers never run, so the policy
 * has nothing to allow for it (and blocks any script that would run).
 */
export const PUBLIC_PAGE_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(PUBLIC_PAGE_STYLE).digest("base64")}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");
