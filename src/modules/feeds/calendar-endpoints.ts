import type { RouteDependencies } from "../../platform/feature-module";
import type { OperationEndpoint } from "../../platform/http/operation-routes";
import { LANGUAGE_PARAMETER } from "../../platform/http/operation-routes";
import type { CalendarMeeting } from "./calendar";
import { CALENDAR_CONTENT_TYPE, CALENDAR_MEETING_FIELDS, renderCalendar } from "./calendar";
import { meetingCalendarPath, originOf } from "./feed-ids";
import { MEETINGS_MAX, MEETINGS_PAGES, firstPageVariables, meetingsOf } from "./meeting-pages";

export const MEETINGS_CALENDAR_QUERY = /* GraphQL */ `
  query MeetingsCalendar($filter: MeetingFilter, $first: Int!, $after: String) {
    meetings(filter: $filter, first: $first, after: $after, orderBy: { field: START_DATE, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ${CALENDAR_MEETING_FIELDS}
      }
    }
  }
`;

export const MEETING_CALENDAR_QUERY = /* GraphQL */ `
  query MeetingCalendar($slug: String!) {
    meeting(slug: $slug) {
      ${CALENDAR_MEETING_FIELDS}
    }
  }
`;

/**
 * `/calendar.ics`: the meetings the filter parameters select (those of `/meetings.csv`), newest first, up to
 * MEETINGS_MAX of them, read a page at a time (meeting-pages.ts). Beyond the bound the earliest-starting are
 * left out, and the calendar's description says how many of how many it holds.
 */
export function meetingsCalendarEndpoint({ operations }: RouteDependencies): OperationEndpoint {
  return {
    document: MEETINGS_CALENDAR_QUERY,
    operationName: "MeetingsCalendar",
    variables: (req) => firstPageVariables(operations, req),
    pages: MEETINGS_PAGES,
    render(_data, req, pages) {
      const { nodes: meetings, total } = meetingsOf<CalendarMeeting>(pages);
      const origin = originOf(req);
      const query = [...new URL(req.originalUrl, "http://gateway.invalid").searchParams]
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      const description =
        total > meetings.length
          ? `The ${meetings.length} latest-starting of the ${total} meetings this calendar selects: narrow it (from=, to=, region=…) to see the others.`
          : `Meetings of the Customs Events Gateway${query ? ` selected by ${query}` : ""}.`;
      const { body } = renderCalendar(meetings, {
        name: query ? `Customs events (${query})` : "Customs events",
        description,
        url: `${origin}${req.originalUrl}`,
        origin,
      });
      const headers: Record<string, string> = { "x-total-count": String(total) };
      if (total > meetings.length) headers["x-truncated"] = `the ${MEETINGS_MAX} latest-starting of ${total}`;
      return { contentType: CALENDAR_CONTENT_TYPE, body, filename: "calendar.ics", headers };
    },
  };
}

/** `/calendar/<slug>.ics`: one meeting's event (`Meeting.calendarUrl`), to add to a calendar once. */
export function meetingCalendarEndpoint({ operations }: RouteDependencies): OperationEndpoint {
  return {
    document: MEETING_CALENDAR_QUERY,
    operationName: "MeetingCalendar",
    variables(req) {
      const search = new URL(req.originalUrl, "http://gateway.invalid").searchParams;
      if ([...search.keys()].some((name) => name !== LANGUAGE_PARAMETER))
        return operations.badRequest(`A meeting's calendar takes no parameter but \`${LANGUAGE_PARAMETER}\``);
      return { slug: req.params.slug };
    },
    render(data, req) {
      const meeting = data.meeting as CalendarMeeting | null;
      const slug = String(req.params.slug);
      if (!meeting) return operations.notFound(`No meeting has the slug "${slug}"`);
      const origin = originOf(req);
      const { body, events } = renderCalendar([meeting], {
        name: meeting.title,
        url: `${origin}${meetingCalendarPath(meeting.slug)}`,
        origin,
      });
      if (!events) return operations.notFound(`The meeting "${slug}" has no known date yet, so no calendar entry`);
      return { contentType: CALENDAR_CONTENT_TYPE, body, filename: `${meeting.slug}.ics` };
    },
  };
}
