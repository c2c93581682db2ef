import type { FieldProblem } from "../../common/errors";
import { textLength, textLengthMessage } from "../../common/input-rules";
import { isLanguageCode } from "../../common/language";
import type { NodeClass } from "../../common/node";
import { AGENDA_ITEM_LIMITS, TOPIC_LIMITS } from "../agenda/agenda.rules";
import { AgendaItem, Topic } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { MEETING_LIMITS } from "../meeting/meeting.rules";
import { Member } from "../member/member.entity";
import { MEMBER_LIMITS, ORGANISATION_LIMITS } from "../member/member.rules";
import { Organisation } from "../member/organisation.entity";
import { Region } from "../region/region.entity";
import { REGION_LIMITS } from "../region/region.rules";
import { MeetingSeries } from "../series/series.entity";
import { SERIES_LIMITS } from "../series/series.rules";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { PILLAR_LIMITS, THEME_LIMITS } from "../theme/theme.rules";
import { Venue } from "../venue/venue.entity";
import { VENUE_LIMITS } from "../venue/venue.rules";

/*
 * What may be translated, and the rules of a translation, in one place: the mutations (translation.mutations.ts),
 * the directory file's schema and checks (translation.directory.ts) and the field resolvers all take them from
 * here. A translation's text is held to the limit of the column it translates: a French title fits wherever the
 * original does (a feed, a page, a calendar entry).
 *
 * Translated: what names, titles or describes a thing in words that change with the language. Not translated:
 * people's names and honorifics (a person's name is the same in every language), sources' headlines (a citation
 * is quoted as published, in the language it states), codes, slugs, ISO codes, and offices held by people
 * (Appointment.title: left for when the people feature settles its office titles).
 */

/** Longest keys a translation row holds (its texts are held to the translated column's limit). */
export const TRANSLATION_LIMITS = {
  entityType: 40,
  field: 40,
  language: 8,
} as const;

/** A focus area of a pillar is translated as this field of the pillar, with its position: `focusAreas.2`. */
export const FOCUS_AREAS = "focusAreas";

/** A translatable GraphQL type: its entity class and its translatable fields with their columns' limits. */
export interface TranslatableType {
  readonly entity: (new () => { id: number }) & NodeClass;
  readonly fields: Readonly<Record<string, number>>;
  /** ThemePillar's focus areas, translated one by one (`focusAreas.<position>`), up to this length each. */
  readonly focusAreaLimit?: number;
}

/** Every translatable type, by GraphQL type name (also the `entity_type` of its rows and of the migration's triggers). */
export const TRANSLATABLE: Readonly<Record<string, TranslatableType>> = {
  Region: { entity: Region, fields: { name: REGION_LIMITS.name } },
  Member: {
    entity: Member,
    fields: { name: MEMBER_LIMITS.name, shortName: MEMBER_LIMITS.shortName, countryName: MEMBER_LIMITS.countryName },
  },
  Organisation: {
    entity: Organisation,
    fields: {
      name: ORGANISATION_LIMITS.name,
      shortName: ORGANISATION_LIMITS.shortName,
      countryName: ORGANISATION_LIMITS.countryName,
    },
  },
  Meeting: { entity: Meeting, fields: { title: MEETING_LIMITS.title, summary: MEETING_LIMITS.summary } },
  AgendaItem: { entity: AgendaItem, fields: { title: AGENDA_ITEM_LIMITS.title, summary: AGENDA_ITEM_LIMITS.summary } },
  Topic: { entity: Topic, fields: { name: TOPIC_LIMITS.name } },
  AnnualTheme: { entity: AnnualTheme, fields: { title: THEME_LIMITS.title } },
  ThemePillar: { entity: ThemePillar, fields: { name: PILLAR_LIMITS.name }, focusAreaLimit: PILLAR_LIMITS.focusArea },
  MeetingSeries: {
    entity: MeetingSeries,
    fields: { name: SERIES_LIMITS.name, shortName: SERIES_LIMITS.shortName, description: SERIES_LIMITS.description },
  },
  Venue: { entity: Venue, fields: { name: VENUE_LIMITS.name, city: VENUE_LIMITS.city } },
};

/** The types, in the order the directory file lists their translations. */
export const TRANSLATABLE_TYPES = Object.keys(TRANSLATABLE);

/** `focusAreas.2` → 2; anything else → null. */
export function focusAreaPosition(field: string): number | null {
  const match = /^focusAreas\.([1-9][0-9]{0,3})$/.exec(field);
  return match ? Number(match[1]) : null;
}

/** The fields of `typename` that may be translated, as a sentence's list. */
function fieldList(type: TranslatableType): string {
  const fields = Object.keys(type.fields);
  if (type.focusAreaLimit !== undefined) fields.push(`${FOCUS_AREAS}.<position>`);
  return fields.join(", ");
}

/**
 * The longest text a translation of `field` of `typename` may hold, or a problem at `path` when that field of
 * that type is not translatable (or the type has no translatable field).
 */
export function translatableFieldLimit(typename: string, field: string, path: string): number | FieldProblem {
  const type = TRANSLATABLE[typename];
  if (!type) {
    return {
      path,
      message: `${typename} has no translatable field; translatable types: ${TRANSLATABLE_TYPES.join(", ")}`,
    };
  }
  const limit = type.fields[field];
  if (limit !== undefined) return limit;
  if (type.focusAreaLimit !== undefined) {
    if (focusAreaPosition(field) !== null) return type.focusAreaLimit;
    if (field.startsWith(FOCUS_AREAS))
      return { path, message: `a focus area is named ${FOCUS_AREAS}.<position>, its position from 1` };
  }
  return { path, message: `${field} is not a translatable field of ${typename}; translatable: ${fieldList(type)}` };
}

/** What is wrong with a translation's text (already cleaned: trimmed, not blank) for a field of `limit`. */
export function translationTextProblems(text: string, limit: number, path: string): FieldProblem[] {
  return textLength(text) > limit ? [{ path, message: textLengthMessage("text", 1, limit) }] : [];
}

/** What is wrong with a language tag of the directory file (the API's enum cannot be wrong). */
export function languageProblems(language: string, path: string): FieldProblem[] {
  return isLanguageCode(language) ? [] : [{ path, message: "must be one of en, fr, es" }];
}

/** The field given for a focus area that the pillar does not have. */
export function noSuchFocusAreaMessage(position: number, areas: number): string {
  return `the pillar has ${areas} focus area(s), none at position ${position}`;
}
