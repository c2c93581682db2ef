import { MEETING_KIND_NAMES } from "./public-pages.operations";
import type { MeetingKindName } from "./public-pages.operations";

/*
 * The index's query string (`/meetings?region=EUROPE&kind=WEBINAR&year=2021&after=…`): what a person can type,
 * bookmark or follow from a meeting's page, turned into the variables of PublicMeetingIndex. Each parameter is
 * checked here, so that a mistyped link gets a page saying which parameter is wrong rather than a GraphQL message.
 */

/** Meetings per index page. */
export const INDEX_PAGE_SIZE = 25;

export interface IndexFilters {
  region?: string;
  kind?: MeetingKindName;
  year?: number;
  host?: string;
  series?: string;
}

export interface IndexQuery {
  filters: IndexFilters;
  after?: string;
}

export type ParsedIndexQuery = { ok: true; query: IndexQuery } | { ok: false; problem: string };

const PARAMETERS = ["region", "kind", "year", "host", "series", "after"] as const;
type Parameter = (typeof PARAMETERS)[number];

/** Each parameter's rule: its value as the variables take it, or undefined when it breaks the rule. */
const RULES: Record<
  Exclude<Parameter, "after">,
  { accept: (raw: string) => string | number | undefined; rule: string }
> = {
  region: { accept: (raw) => (/^[A-Z][A-Z0-9_]{0,39}$/.test(raw) ? raw : undefined), rule: "a region code" },
  kind: {
    accept: (raw) => ((MEETING_KIND_NAMES as readonly string[]).includes(raw) ? raw : undefined),
    rule: `one of ${MEETING_KIND_NAMES.join(", ")}`,
  },
  year: {
    accept: (raw) => (/^\d{4}$/.test(raw) && raw !== "0000" ? Number(raw) : undefined),
    rule: "a year of four digits",
  },
  host: {
    accept: (raw) => (/^[A-Za-z]{2}$/.test(raw) ? raw.toUpperCase() : undefined),
    rule: "a two-letter ISO country code",
  },
  series: { accept: (raw) => (/^[A-Za-z0-9+/=_-]{1,200}$/.test(raw) ? raw : undefined), rule: "a series id" },
};

/** Reads the index's query string (as Express parses it): unknown parameters are ignored, empty ones too. */
export function parseIndexQuery(query: Record<string, unknown>): ParsedIndexQuery {
  const filters: Record<string, string | number> = {};
  let after: string | undefined;
  for (const name of PARAMETERS) {
    const raw = query[name];
    if (raw === undefined || raw === "") continue;
    if (typeof raw !== "string") return { ok: false, problem: `Give "${name}" once.` };
    if (name === "after") {
      if (raw.length > 200) return { ok: false, problem: `"after" is not a cursor of this list.` };
      after = raw;
      continue;
    }
    const value = RULES[name].accept(raw);
    if (value === undefined) return { ok: false, problem: `"${name}" must be ${RULES[name].rule}.` };
    filters[name] = value;
  }
  return { ok: true, query: { filters: filters as IndexFilters, ...(after === undefined ? {} : { after }) } };
}

/** The variables of PublicMeetingIndex for `query`. */
export function indexVariables(query: IndexQuery): Record<string, unknown> {
  const { region, kind, year, host, series } = query.filters;
  const filter: Record<string, unknown> = {};
  if (region !== undefined) filter.regionCodes = [region];
  if (kind !== undefined) filter.kinds = [kind];
  if (host !== undefined) filter.hostIsoCodes = [host];
  if (series !== undefined) filter.seriesId = series;
  if (year !== undefined) {
    const padded = String(year).padStart(4, "0");
    filter.startDateFrom = `${padded}-01-01`;
    filter.startDateTo = `${padded}-12-31`;
  }
  return { first: INDEX_PAGE_SIZE, after: query.after ?? null, filter };
}

/** The index's path with these filters (and cursor), parameters in a fixed order so equal queries have one URL. */
export function indexHref(filters: IndexFilters, after?: string): string {
  const params = new URLSearchParams();
  for (const name of ["region", "kind", "year", "host", "series"] as const) {
    const value = filters[name];
    if (value !== undefined) params.set(name, String(value));
  }
  if (after !== undefined) params.set("after", after);
  const search = params.toString();
  return search ? `/meetings?${search}` : "/meetings";
}
