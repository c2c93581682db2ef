import { registerEnumType } from "type-graphql";

export enum AgendaItemKind {
  OPENING = "OPENING",
  ADDRESS = "ADDRESS",
  REPORT = "REPORT",
  PRESENTATION = "PRESENTATION",
  EXPERIENCE_SHARING = "EXPERIENCE_SHARING",
  DISCUSSION = "DISCUSSION",
  CLOSING = "CLOSING",
  OTHER = "OTHER",
}

registerEnumType(AgendaItemKind, {
  name: "AgendaItemKind",
  description: "What happens in an agenda item.",
  valuesConfig: {
    OPENING: { description: "Opening ceremony or opening remarks." },
    ADDRESS: { description: "An address or keynote by a dignitary." },
    REPORT: { description: "A report, e.g. the Vice-Chair's report on regional activities." },
    PRESENTATION: { description: "A presentation of a plan, programme or tool." },
    EXPERIENCE_SHARING: { description: "Members share experiences and best practices." },
    DISCUSSION: { description: "Open discussion or administrative matters." },
    CLOSING: { description: "Closing remarks." },
    OTHER: { description: "Anything else." },
  },
});
