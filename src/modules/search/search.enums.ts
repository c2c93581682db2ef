import { registerEnumType } from "type-graphql";
import { SearchFieldCode } from "../../platform/db/search-index";

/** The kinds of objects `search` finds. */
export enum SearchableType {
  MEETING = "MEETING",
  AGENDA_ITEM = "AGENDA_ITEM",
  TOPIC = "TOPIC",
  PERSON = "PERSON",
  MEMBER = "MEMBER",
  ORGANISATION = "ORGANISATION",
  MEETING_SERIES = "MEETING_SERIES",
}

registerEnumType(SearchableType, {
  name: "SearchableType",
  description: "A kind of object `search` finds.",
  valuesConfig: {
    MEETING: { description: "Meetings, by title and summary." },
    AGENDA_ITEM: { description: "Agenda items, by title and summary." },
    TOPIC: { description: "Agenda topics, by name." },
    PERSON: { description: "People, by name." },
    MEMBER: { description: "WCO Members, by name, short name and country name." },
    ORGANISATION: { description: "Other organisations, by name and short name." },
    MEETING_SERIES: { description: "Meeting series, by name and short name." },
  },
});

/** Which field of the found object holds the match. */
export enum SearchMatchField {
  TITLE = "TITLE",
  SUMMARY = "SUMMARY",
  NAME = "NAME",
  SHORT_NAME = "SHORT_NAME",
  COUNTRY_NAME = "COUNTRY_NAME",
}

registerEnumType(SearchMatchField, {
  name: "SearchMatchField",
  description: "The field of a found object that matched the search text.",
  valuesConfig: {
    TITLE: { description: "`title` (meetings, agenda items)." },
    SUMMARY: { description: "`summary` (meetings, agenda items)." },
    NAME: { description: "`name` (topics, people, Members, organisations, series)." },
    SHORT_NAME: { description: "`shortName` (Members, organisations, series)." },
    COUNTRY_NAME: { description: "`countryName` (Members)." },
  },
});

/** What each field code of the index is: the object's type, the loader that reads it, and the field. */
export interface IndexedField {
  type: SearchableType;
  loader:
    "meetingById" | "agendaItemById" | "topicById" | "personById" | "memberById" | "organisationById" | "seriesById";
  property: string;
  field: SearchMatchField;
}

const c = SearchFieldCode;
const T = SearchableType;
const F = SearchMatchField;
export const INDEXED_FIELDS: ReadonlyMap<number, IndexedField> = new Map<number, IndexedField>([
  [c.MEETING_TITLE, { type: T.MEETING, loader: "meetingById", property: "title", field: F.TITLE }],
  [c.MEETING_SUMMARY, { type: T.MEETING, loader: "meetingById", property: "summary", field: F.SUMMARY }],
  [c.AGENDA_ITEM_TITLE, { type: T.AGENDA_ITEM, loader: "agendaItemById", property: "title", field: F.TITLE }],
  [c.AGENDA_ITEM_SUMMARY, { type: T.AGENDA_ITEM, loader: "agendaItemById", property: "summary", field: F.SUMMARY }],
  [c.TOPIC_NAME, { type: T.TOPIC, loader: "topicById", property: "name", field: F.NAME }],
  [c.PERSON_NAME, { type: T.PERSON, loader: "personById", property: "name", field: F.NAME }],
  [c.MEMBER_NAME, { type: T.MEMBER, loader: "memberById", property: "name", field: F.NAME }],
  [c.MEMBER_SHORT_NAME, { type: T.MEMBER, loader: "memberById", property: "shortName", field: F.SHORT_NAME }],
  [c.MEMBER_COUNTRY_NAME, { type: T.MEMBER, loader: "memberById", property: "countryName", field: F.COUNTRY_NAME }],
  [c.ORGANISATION_NAME, { type: T.ORGANISATION, loader: "organisationById", property: "name", field: F.NAME }],
  [
    c.ORGANISATION_SHORT_NAME,
    { type: T.ORGANISATION, loader: "organisationById", property: "shortName", field: F.SHORT_NAME },
  ],
  [c.SERIES_NAME, { type: T.MEETING_SERIES, loader: "seriesById", property: "name", field: F.NAME }],
  [c.SERIES_SHORT_NAME, { type: T.MEETING_SERIES, loader: "seriesById", property: "shortName", field: F.SHORT_NAME }],
]);

/** The index field codes of some types. */
export const codesOf = (types: readonly SearchableType[]): number[] =>
  [...INDEXED_FIELDS].filter(([, field]) => types.includes(field.type)).map(([code]) => code);
