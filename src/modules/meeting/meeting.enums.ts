import { registerEnumType } from "type-graphql";

export enum MeetingKind {
  REGIONAL_HEADS_OF_CUSTOMS_MEETING = "REGIONAL_HEADS_OF_CUSTOMS_MEETING",
  COUNCIL_SESSION = "COUNCIL_SESSION",
  CONFERENCE = "CONFERENCE",
  WORKSHOP = "WORKSHOP",
  WEBINAR = "WEBINAR",
  INAUGURATION = "INAUGURATION",
  OTHER = "OTHER",
}

registerEnumType(MeetingKind, {
  name: "MeetingKind",
  description: "What kind of event a meeting is.",
  valuesConfig: {
    REGIONAL_HEADS_OF_CUSTOMS_MEETING: { description: "A meeting of the heads of customs of one WCO region." },
    COUNCIL_SESSION: { description: "A session of the WCO Council or one of its committees." },
    CONFERENCE: { description: "A conference or forum." },
    WORKSHOP: { description: "A workshop or training event." },
    WEBINAR: { description: "An online seminar." },
    INAUGURATION: { description: "The inauguration of a facility or institution, e.g. a regional laboratory." },
    OTHER: { description: "Any other kind of event." },
  },
});

export enum MeetingFormat {
  IN_PERSON = "IN_PERSON",
  VIRTUAL = "VIRTUAL",
  HYBRID = "HYBRID",
  UNKNOWN = "UNKNOWN",
}

registerEnumType(MeetingFormat, {
  name: "MeetingFormat",
  description: "How participants attended.",
  valuesConfig: {
    IN_PERSON: { description: "Everyone met in one place." },
    VIRTUAL: { description: "Everyone joined online." },
    HYBRID: { description: "Some met in person, others joined online." },
    UNKNOWN: { description: "The sources do not say." },
  },
});

export enum ParticipationRole {
  HOST = "HOST",
  CONVENER = "CONVENER",
  SPEAKER = "SPEAKER",
  PARTICIPANT = "PARTICIPANT",
}

registerEnumType(ParticipationRole, {
  name: "ParticipationRole",
  description: "The part a person played at a meeting. A person may hold several roles at one meeting.",
  valuesConfig: {
    HOST: { description: "Represented the hosting administration." },
    CONVENER: { description: "Convened the meeting, e.g. the region's Vice-Chair who invited the participants." },
    SPEAKER: { description: "Spoke at one or more agenda items." },
    PARTICIPANT: { description: "Took part without a more specific role on record." },
  },
});

export enum MeetingOrderField {
  START_DATE = "START_DATE",
  TITLE = "TITLE",
}

registerEnumType(MeetingOrderField, {
  name: "MeetingOrderField",
  description: "What to sort meetings by. Ties are broken by creation order, so pages are stable.",
  valuesConfig: {
    START_DATE: { description: "The first day of the meeting. Meetings with no known date count as earliest." },
    TITLE: { description: "The meeting's title." },
  },
});

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}

registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: {
    ASC: { description: "Smallest first (earliest date, A before Z)." },
    DESC: { description: "Largest first (latest date, Z before A)." },
  },
});

export enum MeetingStatus {
  SCHEDULED = "SCHEDULED",
  POSTPONED = "POSTPONED",
  CANCELLED = "CANCELLED",
  HELD = "HELD",
}

registerEnumType(MeetingStatus, {
  name: "MeetingStatus",
  description:
    "What is on record about whether a meeting takes place. Independent of its dates: whether a meeting is upcoming or past is `MeetingFilter.when`'s question, answered from the calendar.",
  valuesConfig: {
    SCHEDULED: {
      description:
        "Planned as dated; nothing on record says it was postponed, cancelled or held (the status of every new meeting).",
    },
    POSTPONED: { description: "Put off to a later date, which may not be known yet." },
    CANCELLED: { description: "Called off: it will not take place." },
    HELD: { description: "Took place, as a source reports." },
  },
});

export enum MeetingTiming {
  UPCOMING = "UPCOMING",
  ONGOING = "ONGOING",
  PAST = "PAST",
}

registerEnumType(MeetingTiming, {
  name: "MeetingTiming",
  description:
    "Where a meeting's dates lie relative to today, today being the current date on the calendar of the meeting's own time zone (UTC for a meeting with no time zone). Judged by calendar dates only: local start and end times do not change it. A meeting with no start date is none of these.",
  valuesConfig: {
    UPCOMING: { description: "Its first day is after today." },
    ONGOING: { description: "Today lies between its first and last day, both included." },
    PAST: { description: "Its last day (its first, when the last is unknown) is before today." },
  },
});
