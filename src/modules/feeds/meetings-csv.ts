import type { RouteDependencies } from "../../platform/feature-module";
import type { OperationEndpoint } from "../../platform/http/operation-routes";
import { CSV_CONTENT_TYPE, toCsv } from "./csv";
import { meetingFilterOf } from "./meeting-parameters";

/** The meetings of `/meetings.csv`, newest first: one page of the `meetings` query, as large as pages go. */
export const MEETINGS_CSV_QUERY = /* GraphQL */ `
  query MeetingsCsv($filter: MeetingFilter, $first: Int!) {
    meetings(filter: $filter, first: $first, orderBy: { field: START_DATE, direction: DESC }) {
      totalCount
      nodes {
        slug
        title
        kind
        startDate
        endDate
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

export const MEETINGS_CSV_MAX_ROWS = 100;

interface CsvMeeting {
  slug: string;
  title: string;
  kind: string;
  startDate: string | null;
  endDate: string | null;
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
  "start_date",
  "end_date",
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

/** `/meetings.csv`: the meetings the filter parameters select, one row each, newest first. */
export function meetingsCsvEndpoint({ operations }: RouteDependencies): OperationEndpoint {
  return {
    document: MEETINGS_CSV_QUERY,
    operationName: "MeetingsCsv",
    variables(req) {
      const parsed = meetingFilterOf(req);
      if ("problems" in parsed) return operations.badRequest(parsed.problems[0]!.message, parsed.problems);
      return { filter: parsed.filter, first: MEETINGS_CSV_MAX_ROWS };
    },
    render(data) {
      const { nodes } = data.meetings as { nodes: CsvMeeting[] };
      const rows = nodes.map((m) => [
        m.slug,
        m.title,
        m.kind,
        m.startDate,
        m.endDate,
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
      return { contentType: CSV_CONTENT_TYPE, body: toCsv(HEADER, rows), filename: "meetings.csv" };
    },
  };
}
