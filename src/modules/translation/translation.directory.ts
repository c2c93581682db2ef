import type { EntityManager } from "typeorm";
import type { FieldProblem } from "../../common/errors";
import { repeatedKeyProblems } from "../../common/input-rules";
import { LANGUAGES } from "../../common/language";
import { MAX_SECTION_RECORDS, oneOf, record, text } from "../../common/json-schema";
import type { DirectorySection } from "../../platform/directory-section";
import { Translation } from "./translation.entity";
import type { LanguageCode } from "../../common/language";
import { findByKey, keyShape, keysOf, originalText } from "./translation.objects";
import {
  TRANSLATABLE_TYPES,
  TRANSLATION_LIMITS,
  translatableFieldLimit,
  translationTextProblems,
} from "./translation.rules";

/*
 * Translations in the directory file (src/modules/directory/directory-file.ts): a top-level `translations` list,
 * each record naming the object by type and natural key (translation.objects.ts), the field, the language (BCP
 * 47 tag) and the text. Applied after the meetings, so that a file may translate the meetings and agenda items
 * it creates. As with venues, an import adds and changes translations but never removes one; the stored
 * translations of an object the import deletes (an agenda the file restates) go with it, and the file's own come
 * back. Exported in one order fixed by natural keys: type (as TRANSLATABLE lists them), key, field, language.
 */

export interface TranslationRecord {
  type: string;
  key: string;
  field: string;
  language: string;
  text: string;
}

interface TranslationFileView {
  translations?: TranslationRecord[] | null;
}

/** Longest key: a meeting's slug, `/`, a position. */
const KEY_LIMIT = 200;
/** Longest text of any translatable field (a summary). */
const TEXT_LIMIT = 5000;

export const translationsSchema = {
  type: "array",
  nullable: true,
  maxItems: MAX_SECTION_RECORDS,
  items: record(
    {
      type: oneOf([...TRANSLATABLE_TYPES]),
      key: text(KEY_LIMIT),
      field: text(TRANSLATION_LIMITS.field),
      language: oneOf([...LANGUAGES]),
      text: text(TEXT_LIMIT),
    },
    ["type", "key", "field", "language", "text"],
  ),
} as const;

/** What the schema cannot say: a field the type does not translate, a text over its field's limit, a repeat. */
export function translationFileProblems(file: TranslationFileView): FieldProblem[] {
  const records = file.translations ?? [];
  const problems = repeatedKeyProblems(
    records,
    (r) => JSON.stringify([r.type, r.key, r.field, r.language]),
    (r, i) => ({ path: `translations[${i}]`, message: `${r.type} ${r.key} has a ${r.language} ${r.field} already` }),
  );
  records.forEach((r, i) => {
    const limit = translatableFieldLimit(r.type, r.field, `translations[${i}].field`);
    if (typeof limit !== "number") problems.push(limit);
    else problems.push(...translationTextProblems(r.text, limit, `translations[${i}].text`));
  });
  return problems;
}

/** Compares as the export sorts: by code unit, the same on every machine. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The stored translations, as the file holds them, in their fixed order. */
export async function exportTranslations(em: EntityManager): Promise<TranslationRecord[]> {
  const rows = await em.find(Translation);
  const records: TranslationRecord[] = [];
  for (const type of TRANSLATABLE_TYPES) {
    const ofType = rows.filter((row) => row.entityType === type);
    if (!ofType.length) continue;
    const keys = await keysOf(
      em,
      type,
      ofType.map((row) => row.entityId),
    );
    const typed = ofType.flatMap((row) => {
      const key = keys.get(row.entityId);
      // A translation outlives its object only if a trigger is missing (test/translations.e2e.test.ts checks them).
      return key === undefined ? [] : [{ type, key, field: row.field, language: row.language, text: row.text }];
    });
    typed.sort((a, b) => compare(a.key, b.key) || compare(a.field, b.field) || compare(a.language, b.language));
    records.push(...typed);
  }
  return records;
}

/** The translations section of the directory file (src/platform/directory-section.ts); `[]` when there is none. */
export const translationDirectorySection: DirectorySection = {
  key: "translations",
  schema: translationsSchema,
  normalise: { each: { fields: { text: "text" } } },
  fileProblems: (file) => translationFileProblems(file as TranslationFileView),
  importer: ({ em, upsert, problems }) => ({
    apply: () => Promise.resolve(),
    afterMeetings: async (file) => {
      const records = (file as TranslationFileView).translations ?? [];
      for (const [i, r] of records.entries()) {
        const object = await findByKey(em, r.type, r.key);
        if (!object) {
          problems.push({
            path: `translations[${i}].key`,
            message: `${r.type} ${r.key} does not exist in the file or the directory (a ${r.type} is named by ${keyShape(r.type)})`,
          });
          continue;
        }
        if ((await originalText(em, object, r.field)) === null) {
          problems.push({ path: `translations[${i}].field`, message: `the ${r.type} has no ${r.field} to translate` });
          continue;
        }
        const existing = await em.findOneBy(Translation, {
          entityType: r.type,
          entityId: object.id,
          field: r.field,
          language: r.language as LanguageCode,
        });
        await upsert(Translation, "Translation", existing ?? undefined, {
          entityType: r.type,
          entityId: object.id,
          field: r.field,
          language: r.language as LanguageCode,
          text: r.text,
        });
      }
    },
  }),
  exporter: async (em) => ({ value: await exportTranslations(em) }),
};
