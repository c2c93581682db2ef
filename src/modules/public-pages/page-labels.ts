import type { MeetingFormatName, MeetingKindName, MeetingStatusName } from "./public-pages.operations";

/*
 * The words the pages put around the directory's data, in one place per language so that a translation is one
 * more object of the same shape: English, French and Spanish, the directory's languages (src/common/language.ts);
 * `labelsFor` falls back to English. These are the pages' own words; the directory's texts (titles, names)
 * follow the request's language through their translations, where the directory has them.
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

const FRENCH: PageLabels = {
  kinds: {
    REGIONAL_HEADS_OF_CUSTOMS_MEETING: "Réunion régionale des directeurs généraux des douanes",
    COUNCIL_SESSION: "Session du Conseil",
    CONFERENCE: "Conférence",
    WORKSHOP: "Atelier",
    WEBINAR: "Webinaire",
    INAUGURATION: "Inauguration",
    OTHER: "Autre événement",
  },
  formats: {
    IN_PERSON: "En présentiel",
    VIRTUAL: "En ligne",
    HYBRID: "En présentiel et en ligne",
    UNKNOWN: "Non précisé",
  },
  statuses: { SCHEDULED: "Prévue", POSTPONED: "Reportée", CANCELLED: "Annulée", HELD: "Tenue" },
  agendaKinds: {
    OPENING: "Ouverture",
    ADDRESS: "Allocution",
    REPORT: "Rapport",
    PRESENTATION: "Présentation",
    EXPERIENCE_SHARING: "Partage d'expériences",
    DISCUSSION: "Débat",
    CLOSING: "Clôture",
    OTHER: "Autre",
  },
};

const SPANISH: PageLabels = {
  kinds: {
    REGIONAL_HEADS_OF_CUSTOMS_MEETING: "Reunión regional de Directores Generales de Aduanas",
    COUNCIL_SESSION: "Sesión del Consejo",
    CONFERENCE: "Conferencia",
    WORKSHOP: "Taller",
    WEBINAR: "Seminario web",
    INAUGURATION: "Inauguración",
    OTHER: "Otro evento",
  },
  formats: { IN_PERSON: "Presencial", VIRTUAL: "En línea", HYBRID: "Presencial y en línea", UNKNOWN: "No consta" },
  statuses: { SCHEDULED: "Programada", POSTPONED: "Aplazada", CANCELLED: "Cancelada", HELD: "Celebrada" },
  agendaKinds: {
    OPENING: "Apertura",
    ADDRESS: "Discurso",
    REPORT: "Informe",
    PRESENTATION: "Presentación",
    EXPERIENCE_SHARING: "Intercambio de experiencias",
    DISCUSSION: "Debate",
    CLOSING: "Clausura",
    OTHER: "Otro",
  },
};

const LABELS: Readonly<Record<string, PageLabels>> = { en: ENGLISH, fr: FRENCH, es: SPANISH };

/** The labels of `language` (a BCP 47 tag; its primary subtag decides), English when there are none. */
export function labelsFor(language: string): PageLabels {
  return LABELS[language.split("-")[0]!.toLowerCase()] ?? ENGLISH;
}
