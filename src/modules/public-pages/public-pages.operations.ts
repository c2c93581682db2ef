/*
 * What the public pages read, as named GraphQL operations of the public schema: the pages are clients of the API
 * like any other, so they see exactly what an anonymous caller sees, and what they send can be copied and run in
 * the IDE. The result types below mirror the selections field by field.
 */

import { MeetingKind } from "../meeting/meeting.enums";
import type { MeetingFormat, MeetingStatus } from "../meeting/meeting.enums";

/** The status names of `Meeting.status`, as the operations answer them. */
export type MeetingStatusName = `${MeetingStatus}`;

/** The format names of `Meeting.format`. */
export type MeetingFormatName = `${MeetingFormat}`;

/** The kind names of `Meeting.kind`, in the schema's order (the index's filter lists them so). */
export const MEETING_KIND_NAMES = Object.values(MeetingKind);
export type MeetingKindName = `${MeetingKind}`;

export interface PageRegion {
  code: string;
  name: string;
}

export interface PageHost {
  name: string;
  shortName: string | null;
  isoCode: string;
  countryName: string;
}

export interface PageAgendaItem {
  position: number;
  title: string;
  kind: string;
  summary: string | null;
  speakers: { name: string; honorific: string | null }[];
  pillar: { name: string } | null;
  topics: { name: string }[];
}

export interface PageSource {
  title: string;
  publisher: string;
  publishedOn: string;
  language: string;
  url: string | null;
}

/** One meeting as its page shows it: the `meeting` of PublicMeetingPage. */
export interface PageMeeting {
  slug: string;
  title: string;
  kind: MeetingKindName;
  summary: string | null;
  status: MeetingStatusName;
  startDate: string | null;
  endDate: string | null;
  startTime: string | null;
  endTime: string | null;
  timezone: string | null;
  format: MeetingFormatName;
  sessionNumber: number | null;
  updatedAt: string;
  /** The meeting's iCalendar file, a path on this gateway (the feeds feature's). */
  calendarUrl: string;
  region: PageRegion | null;
  host: PageHost | null;
  series: { id: string; name: string; shortName: string | null } | null;
  theme: { year: number; title: string } | null;
  venue: { name: string; address: string | null; city: string | null; countryCode: string | null } | null;
  onlineLink: { url: string; platform: string | null } | null;
  agenda: PageAgendaItem[];
  sources: PageSource[];
}

export interface MeetingPageData {
  meeting: PageMeeting | null;
}

/** One line of the index: the `meetings.nodes` of PublicMeetingIndex. */
export interface IndexMeeting {
  slug: string;
  title: string;
  kind: MeetingKindName;
  status: MeetingStatusName;
  format: MeetingFormatName;
  startDate: string | null;
  endDate: string | null;
  region: PageRegion | null;
  host: { name: string; shortName: string | null; isoCode: string } | null;
}

export interface MeetingIndexData {
  meetings: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: IndexMeeting[];
  };
  regions: PageRegion[];
}

export const MEETING_PAGE_OPERATION = "PublicMeetingPage";
export const MEETING_INDEX_OPERATION = "PublicMeetingIndex";

/** Both operations in one document: each page runs one of them by name. */
export const PUBLIC_PAGES_DOCUMENT = `query ${MEETING_PAGE_OPERATION}($slug: String!) {
  meeting(slug: $slug) {
    slug
    title
    kind
    summary
    status
    startDate
    endDate
    startTime
    endTime
    timezone
    format
    sessionNumber
    updatedAt
    calendarUrl
    region { code name }
    host { name shortName isoCode countryName }
    series { id name shortName }
    theme { year title }
    venue { name address city countryCode }
    onlineLink { url platform }
    agenda {
      position
      title
      kind
      summary
      speakers { name honorific }
      pillar { name }
      topics { name }
    }
    sources { title publisher publishedOn language url }
  }
}

query ${MEETING_INDEX_OPERATION}($first: Int!, $after: String, $filter: MeetingFilter) {
  meetings(first: $first, after: $after, filter: $filter, orderBy: { field: START_DATE, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      slug
      title
      kind
      status
      format
      startDate
      endDate
      region { code name }
      host { name shortName isoCode }
    }
  }
  regions { code name }
}
`;
