import type { RouteDependencies } from "../../platform/feature-module";
import type { OperationEndpoint } from "../../platform/http/operation-routes";
import { CSV_CONTENT_TYPE, toCsv } from "./csv";
import { MEETINGS_MAX, MEETINGS_PAGES, firstPageVariables, meetingsOf } from "./meeting-pages";

/** The meetings of `/meetings.csv`, newest first, a page at a time (meeting-pages.ts). */
export const MEETINGS_CSV_QUERY = /* GraphQL */ `
  query MeetingsCsv($filter: MeetingFilter, $first: Int!, $after: String) {
    meetings(filter: $filter, first: $first, after: $after, orderBy: { field: START_DATE, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        slug
        title
        kind
        status
        startDate
        endDate
        startTime
        endTime
        timezone
        format
        region {
          code
        }
        host {
          isoCode
          name
        }
        series {
          slug
        }
        sessionNumber
        venue {
          name
          city
          countryCode
        }
        onlineLink {
          url
        }
        version
        updatedAt
      }
    }
  }
`;

interface CsvMeeting {
  slug: string;
  title: string;
  kind: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  startTime: string | null;
  endTime: string | null;
  timezone: string | null;
  format: string;
  region: { code: string } | null;
  host: { isoCode: string; name: string } | null;
  series: { slug: string } | null;
  sessionNumber: number | null;
  venue: { name: string; city: string | null; countryCode: string | null } | null;
  onlineLink: { url: string } | null;
  version: number;
  updatedAt: string;
}

const HEADER = [
  "slug",
  "title",
  "kind",
  "status",
  "start_date",
  "end_date",
  "start_time",
  "end_time",
  "timezone",
  "format",
  "region",
  "host_iso_code",
  "host",
  "series",
  "session_number",
  "venue",
  "venue_city",
  "venue_country",
  "online_url",
  "version",
  "updated_at",
];

/**
 * `/meetings.csv`: the meetings the filter parameters select, one row each, newest first, at most MEETINGS_MAX
 * (the earliest-starting are left out beyond; `X-Total-Count` says how many the filter selects).
 */
export function meetingsCsvEndpoint({ operations }: RouteDependencies): OperationEndpoint {
  return {
    document: MEETINGS_CSV_QUERY,
    operationName: "MeetingsCsv",
    variables: (req) => firstPageVariables(operations, req),
    pages: MEETINGS_PAGES,
    render(_data, _req, pages) {
      const { nodes, total } = meetingsOf<CsvMeeting>(pages);
      const rows = nodes.map((m) => [
        m.slug,
        m.title,
        m.kind,
        m.status,
        m.startDate,
        m.endDate,
        m.startTime,
        m.endTime,
        m.timezone,
        m.format,
        m.region?.code,
        m.host?.isoCode,
        m.host?.name,
        m.series?.slug,
        m.sessionNumber,
        m.venue?.name,
        m.venue?.city,
        m.venue?.countryCode,
        m.onlineLink?.url,
        m.version,
        m.updatedAt,
      ]);
      // Cut at MEETINGS_MAX: said in a header, since a CSV has no place for it that a spreadsheet would not read.
      const headers: Record<string, string> = { "x-total-count": String(total) };
      if (total > nodes.length) headers["x-truncated"] = `the ${MEETINGS_MAX} latest-starting of ${total}`;
      return { contentType: CSV_CONTENT_TYPE, body: toCsv(HEADER, rows), filename: "meetings.csv", headers };
    },
  };
}
