import { registerEnumType } from "type-graphql";
import type { LanguageCode } from "../../common/language";

/**
 * A language translations are given in. The values are the names, not the BCP 47 tags (languageCodeOf gives
 * those): the gateway coerces variables when it admits an operation and the executor coerces them again, so an
 * enum whose values differ from its names would have its values refused the second time.
 */
export enum Language {
  EN = "EN",
  FR = "FR",
  ES = "ES",
}

/** Each value's tag: a language added to the enum and not to LANGUAGES (or the reverse) fails to compile. */
const CODES: Readonly<Record<Language, LanguageCode>> = {
  [Language.EN]: "en",
  [Language.FR]: "fr",
  [Language.ES]: "es",
};

registerEnumType(Language, {
  name: "Language",
  description:
    "A language the directory's names, titles and summaries may be translated into. Its BCP 47 tag (`en`, `fr`, `es`) is what `Accept-Language` and the directory file use.",
  valuesConfig: {
    EN: { description: "English (`en`)." },
    FR: { description: "French (`fr`)." },
    ES: { description: "Spanish (`es`)." },
  },
});

const LANGUAGE_OF: Readonly<Record<LanguageCode, Language>> = { en: Language.EN, fr: Language.FR, es: Language.ES };

/** The BCP 47 tag of a `lang` argument's value; null or absent: none (the request's language applies). */
export function languageCodeOf(language: Language | null | undefined): LanguageCode | null {
  return language === null || language === undefined ? null : CODES[language];
}

/** The enum value of a tag. */
export function languageOf(code: LanguageCode): Language {
  return LANGUAGE_OF[code];
}
