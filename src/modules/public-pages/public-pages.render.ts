import { escapeHtml, htmlDocument, jsonForScriptElement } from "../../platform/http/html";
import { meetingEvent } from "./event-json-ld";
import type { IndexFilters, IndexQuery } from "./index-query";
import { indexHref } from "./index-query";
import { formatOffset, isKnownTimeZone, utcOffsetMinutes } from "./local-date-time";
import type { PageLabels } from "./page-labels";
import { labelsFor } from "./page-labels";
import type {
  IndexMeeting,
  MeetingIndexData,
  PageAgendaItem,
  PageMeeting,
  PageSource,
} from "./public-pages.operations";
import { MEETING_KIND_NAMES } from "./public-pages.operations";
import { PUBLIC_PAGE_STYLE } from "./public-pages.style";

/*
 * The public pages as pure functions of what their GraphQL operation answered: a meeting's page, the index and
 * the pages that say what went wrong. Server-rendered, no script: they read the same with JavaScript off, on a
 * closed network and on a phone. Every value from the directory is escaped where it is written.
 */

export const MEETINGS_PATH = "/meetings";

/** A meeting page's path. */
export const meetingPath = (slug: string) => `${MEETINGS_PATH}/${encodeURIComponent(slug)}`;

export interface RenderOptions {
  /** BCP 47 tag of the page's language: its `lang`, its dates and its labels. */
  language: string;
}

const html = escapeHtml;

function page(options: RenderOptions, title: string, body: string, extraHead = "", indexable = true): string {
  return htmlDocument({
    title,
    lang: options.language,
    // Meeting pages and the index are meant to be found: their structured data is for search engines.
    indexable,
    head: `    <style>${PUBLIC_PAGE_STYLE}</style>${extraHead}`,
    body,
  });
}

function breadcrumbs(current: string | null): string {
  const meetings =
    current === null ? `<li aria-current="page">Meetings</li>` : `<li><a href="${MEETINGS_PATH}">Meetings</a></li>`;
  return `    <header>
      <nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>${meetings}${current === null ? "" : `<li aria-current="page">${html(current)}</li>`}</ol></nav>
    </header>`;
}

/** `22 April 2021`, `22–23 April 2021`: calendar dates in the page's language, read as dates (no zone shift). */
export function formatDateRange(start: string, end: string | null, language: string): string {
  // The WCO writes British English: day before month, as most of its Members do.
  const locale = language.toLowerCase() === "en" ? "en-GB" : language;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const from = new Date(`${start}T00:00:00Z`);
  if (end === null || end === start) return format.format(from);
  return format.formatRange(from, new Date(`${end}T00:00:00Z`));
}

/** Only web links become links: a stored URL of another scheme is shown as text, never followed. */
function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

function externalLink(url: string, text: string, attributes = ""): string {
  if (!isWebUrl(url)) return html(text);
  return `<a href="${html(url)}" rel="external noopener noreferrer"${attributes}>${html(text)}</a>`;
}

function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function when(meeting: PageMeeting, language: string): string {
  if (meeting.startDate === null) return "Not recorded";
  const dates = `<time datetime="${html(meeting.startDate)}">${html(formatDateRange(meeting.startDate, meeting.endDate, language))}</time>`;
  if (meeting.startTime === null)
    return meeting.timezone ? `${dates} <span class="meta">(${html(meeting.timezone)})</span>` : dates;
  const times = meeting.endTime === null ? meeting.startTime : `${meeting.startTime}–${meeting.endTime}`;
  if (meeting.timezone === null || !isKnownTimeZone(meeting.timezone)) return `${dates}, ${html(times)}`;
  const offsets = [formatOffset(utcOffsetMinutes(meeting.startDate, meeting.startTime, meeting.timezone))];
  // A meeting across a clock change ends at another offset than it starts: both are given.
  const lastDay = meeting.endDate ?? meeting.startDate;
  if (meeting.endTime !== null) {
    const end = formatOffset(utcOffsetMinutes(lastDay, meeting.endTime, meeting.timezone));
    if (end !== offsets[0]) offsets.push(end);
  }
  const zone = `${meeting.timezone}, ${offsets.map((offset) => `UTC${offset}`).join(" → ")}`;
  return `${dates}, ${html(times)} <span class="meta">(${html(zone)})</span>`;
}

function fact(term: string, definition: string, name: string): string {
  return `        <dt>${term}</dt><dd data-fact="${name}">${definition}</dd>`;
}

function facts(meeting: PageMeeting, labels: PageLabels, language: string): string {
  const rows = [
    fact("When", when(meeting, language), "when"),
    fact(
      "Kind",
      `<a href="${html(indexHref({ kind: meeting.kind }))}">${html(labels.kinds[meeting.kind])}</a>`,
      "kind",
    ),
    fact("Format", html(labels.formats[meeting.format]), "format"),
  ];
  if (meeting.host) {
    const { name, shortName, isoCode, countryName: country } = meeting.host;
    const label = shortName ? `${name} (${shortName}), ${country}` : `${name}, ${country}`;
    rows.push(fact("Host", `<a href="${html(indexHref({ host: isoCode }))}">${html(label)}</a>`, "host"));
  }
  if (meeting.region)
    rows.push(
      fact(
        "Region",
        `<a href="${html(indexHref({ region: meeting.region.code }))}">${html(meeting.region.name)}</a>`,
        "region",
      ),
    );
  if (meeting.series) {
    const session = meeting.sessionNumber === null ? "" : `, session ${meeting.sessionNumber}`;
    rows.push(
      fact(
        "Series",
        `<a href="${html(indexHref({ series: meeting.series.id }))}">${html(meeting.series.name)}</a>${session}`,
        "series",
      ),
    );
  }
  if (meeting.theme) rows.push(fact("Theme", `${html(meeting.theme.title)} (${meeting.theme.year})`, "theme"));
  if (meeting.venue) {
    const { name, address, city, countryCode } = meeting.venue;
    const parts = [name, address, city, countryCode === null ? null : countryName(countryCode, language)];
    rows.push(fact("Venue", html(parts.filter((part) => part !== null).join(", ")), "venue"));
  }
  if (meeting.onlineLink) {
    const { url, platform } = meeting.onlineLink;
    rows.push(fact("Online", externalLink(url, platform ? `Join on ${platform}` : url), "online"));
  }
  // The feeds serve a calendar file only for a meeting with a known date (Meeting.calendarUrl).
  if (meeting.startDate !== null)
    rows.push(
      fact(
        "Calendar",
        `<a href="${html(meeting.calendarUrl)}" type="text/calendar">Add to your calendar (.ics)</a>`,
        "calendar",
      ),
    );
  return `      <dl class="facts">\n${rows.join("\n")}\n      </dl>`;
}

function speakerName(speaker: PageAgendaItem["speakers"][number]): string {
  return speaker.honorific ? `${speaker.honorific} ${speaker.name}` : speaker.name;
}

function agendaItem(item: PageAgendaItem, labels: PageLabels): string {
  const meta = [labels.agendaKinds[item.kind] ?? item.kind];
  if (item.pillar) meta.push(`Pillar: ${item.pillar.name}`);
  const lines = [
    `<h3>${html(item.title)}</h3>`,
    `<p class="meta">${html(meta.join(" · "))}</p>`,
    item.summary === null ? "" : `<p>${html(item.summary)}</p>`,
    item.speakers.length
      ? `<p class="speakers">Speakers: ${item.speakers.map((s) => `<span class="speaker">${html(speakerName(s))}</span>`).join(", ")}</p>`
      : "",
    item.topics.length ? `<p class="meta">Topics: ${html(item.topics.map((t) => t.name).join(", "))}</p>` : "",
  ].filter(Boolean);
  return `          <li data-position="${item.position}">${lines.join("")}</li>`;
}

function source(item: PageSource, language: string): string {
  const title = `<cite lang="${html(item.language)}">${html(item.title)}</cite>`;
  const linked =
    item.url !== null && isWebUrl(item.url)
      ? `<a href="${html(item.url)}" hreflang="${html(item.language)}" rel="external noopener noreferrer">${title}</a>`
      : title;
  const published = `<time datetime="${html(item.publishedOn)}">${html(formatDateRange(item.publishedOn, null, language))}</time>`;
  return `          <li>${linked}, ${html(item.publisher)}, ${published}</li>`;
}

/** A meeting's page, with its schema.org `Event` as JSON-LD; `url` is the page's own absolute address. */
export function renderMeetingPage(meeting: PageMeeting, url: string, options: RenderOptions): string {
  const labels = labelsFor(options.language);
  const status = meeting.status.toLowerCase();
  const sections = [
    meeting.summary === null ? "" : `      <p class="summary">${html(meeting.summary)}</p>`,
    facts(meeting, labels, options.language),
    meeting.agenda.length
      ? `      <section id="agenda" aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda</h2>
        <ol class="agenda">
${meeting.agenda.map((item) => agendaItem(item, labels)).join("\n")}
        </ol>
      </section>`
      : "",
    meeting.sources.length
      ? `      <section id="sources" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        <ul class="sources">
${meeting.sources.map((item) => source(item, options.language)).join("\n")}
        </ul>
      </section>`
      : "",
  ].filter(Boolean);
  const jsonLd = `\n    <script type="application/ld+json">${jsonForScriptElement(meetingEvent(meeting, url))}</script>`;
  return page(
    options,
    meeting.title,
    `${breadcrumbs(meeting.title)}
    <main>
      <article class="meeting" data-slug="${html(meeting.slug)}">
      <h1>${html(meeting.title)}</h1>
      <p><span class="status status-${html(status)}" data-status="${html(meeting.status)}">${html(labels.statuses[meeting.status])}</span></p>
${sections.join("\n")}
      </article>
    </main>
    <footer><p>From the Customs Events Gateway's directory, last changed ${html(meeting.updatedAt.slice(0, 10))}.
      The same data in GraphQL: <code>meeting(slug: "${html(meeting.slug)}")</code> at <a href="/graphql">/graphql</a>.</p></footer>`,
    `\n    <link rel="canonical" href="${html(url)}" />${jsonLd}`,
  );
}

function indexLine(meeting: IndexMeeting, labels: PageLabels, language: string): string {
  const date =
    meeting.startDate === null
      ? "Date not recorded"
      : `<time datetime="${html(meeting.startDate)}">${html(formatDateRange(meeting.startDate, meeting.endDate, language))}</time>`;
  const meta = [labels.kinds[meeting.kind], meeting.region?.name, meeting.host?.shortName ?? meeting.host?.name]
    .filter((part): part is string => part !== undefined && part !== null)
    .map(html);
  const status =
    meeting.status === "CANCELLED" || meeting.status === "POSTPONED"
      ? ` <span class="status status-${meeting.status.toLowerCase()}">${html(labels.statuses[meeting.status])}</span>`
      : "";
  return `        <li data-slug="${html(meeting.slug)}"><h3><a href="${html(meetingPath(meeting.slug))}">${html(meeting.title)}</a>${status}</h3><p class="meta">${date} · ${meta.join(" · ")}</p></li>`;
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${html(value)}"${selected ? " selected" : ""}>${html(label)}</option>`;
}

function filterForm(data: MeetingIndexData, filters: IndexFilters, labels: PageLabels): string {
  const regions = data.regions.map((r) => option(r.code, r.name, r.code === filters.region)).join("");
  const kinds = MEETING_KIND_NAMES.map((k) => option(k, labels.kinds[k], k === filters.kind)).join("");
  // Host and series come from links on meeting pages; the form keeps them so that narrowing further keeps them.
  const kept = (["host", "series"] as const)
    .filter((name) => filters[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${html(String(filters[name]))}" />`)
    .join("");
  return `      <form class="filters" method="get" action="${MEETINGS_PATH}">
        <label>Region <select name="region">${option("", "All regions", filters.region === undefined)}${regions}</select></label>
        <label>Kind <select name="kind">${option("", "All kinds", filters.kind === undefined)}${kinds}</select></label>
        <label>Year <input name="year" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" value="${filters.year === undefined ? "" : String(filters.year).padStart(4, "0")}" /></label>
        ${kept}<button type="submit">Show</button>
      </form>`;
}

/** What the filters select, in words: the index's heading says what the list is. */
function describeFilters(filters: IndexFilters, data: MeetingIndexData, labels: PageLabels): string {
  const parts: string[] = [];
  if (filters.region !== undefined)
    parts.push(data.regions.find((r) => r.code === filters.region)?.name ?? filters.region);
  if (filters.kind !== undefined) parts.push(labels.kinds[filters.kind]);
  if (filters.year !== undefined) parts.push(String(filters.year));
  if (filters.host !== undefined) parts.push(`hosted by ${filters.host}`);
  if (filters.series !== undefined) parts.push("one series");
  return parts.join(" · ");
}

/** The index: newest first, one page of INDEX_PAGE_SIZE, the next page by cursor. */
export function renderMeetingIndex(data: MeetingIndexData, query: IndexQuery, options: RenderOptions): string {
  const labels = labelsFor(options.language);
  const { filters } = query;
  const { nodes, totalCount, pageInfo } = data.meetings;
  const filtered = Object.keys(filters).length > 0;
  const described = describeFilters(filters, data, labels);
  const list = nodes.length
    ? `      <ul class="meetings">\n${nodes.map((m) => indexLine(m, labels, options.language)).join("\n")}\n      </ul>`
    : `      <p>No meeting matches.</p>`;
  const pager = [
    query.after === undefined ? "" : `<a href="${html(indexHref(filters))}" rel="first">First page</a>`,
    pageInfo.hasNextPage && pageInfo.endCursor !== null
      ? `<a href="${html(indexHref(filters, pageInfo.endCursor))}" rel="next">Older meetings</a>`
      : "",
  ].filter(Boolean);
  return page(
    options,
    filtered ? `Meetings: ${described}` : "Meetings",
    `${breadcrumbs(null)}
    <main>
      <h1>Meetings${filtered ? `: ${html(described)}` : ""}</h1>
      <p id="count" data-total="${totalCount}">${totalCount === 1 ? "1 meeting" : `${totalCount} meetings`}, newest first; meetings without a known date come last.${filtered ? ` <a href="${MEETINGS_PATH}">All meetings</a>` : ""}</p>
${filterForm(data, filters, labels)}
${list}
      <nav class="pager" aria-label="Pages">${pager.join("")}</nav>
    </main>`,
    pageInfo.hasNextPage && pageInfo.endCursor !== null
      ? `\n    <link rel="next" href="${html(indexHref(filters, pageInfo.endCursor))}" />`
      : "",
  );
}

/** A page that says what went wrong (no meeting by that slug, a bad parameter), with the way back. */
export function renderProblemPage(title: string, message: string, options: RenderOptions): string {
  return page(
    options,
    title,
    `${breadcrumbs(title)}
    <main>
      <h1>${html(title)}</h1>
      <p>${html(message)}</p>
      <p><a href="${MEETINGS_PATH}">All meetings</a></p>
    </main>`,
    "",
    false,
  );
}
