import type { MeetingFormatName, MeetingKindName, MeetingStatusName } from "./public-pages.operations";

/*
 * The words the pages put around the directory's data, in one place per language so that a translation is one
 * more object of the same shape. Only English exists so far; `labelsFor` falls back to it.
 */

export interface PageLabels {
  kinds: Record<MeetingKindName, string>;
  formats: Record<MeetingFormatName, string>;
  statuses: Record<MeetingStatusName, string>;
  agendaKinds: Record<string, string>;
}

const ENGLISH: PageLabels = {
  kinds: {
    REGIONAL_HEADS_OF_CUSTOMS_MEETING: "Regional heads of customs meeting",
    COUNCIL_SESSION: "Council session",
    CONFERENCE: "Conference",
    WORKSHOP: "Workshop",
    WEBINAR: "Webinar",
    INAUGURATION: "Inauguration",
    OTHER: "Other event",
  },
  formats: { IN_PERSON: "In person", VIRTUAL: "Online", HYBRID: "In person and online", UNKNOWN: "Not recorded" },
  statuses: { SCHEDULED: "Scheduled", POSTPONED: "Postponed", CANCELLED: "Cancelled", HELD: "Held" },
  agendaKinds: {
    OPENING: "Opening",
    ADDRESS: "Address",
    REPORT: "Report",
    PRESENTATION: "Presentation",
    EXPERIENCE_SHARING: "Experience sharing",
    DISCUSSION: "Discussion",
    CLOSING: "Closing",
    OTHER: "Other",
  },
};

const LABELS: Readonly<Record<string, PageLabels>> = { en: ENGLISH };

/** The labels of `language` (a BCP 47 tag; its primary subtag decides), English when there are none. */
export function labelsFor(language: string): PageLabels {
  return LABELS[language.split("-")[0]!.toLowerCase()] ?? ENGLISH;
}
