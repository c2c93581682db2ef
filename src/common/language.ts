import Negotiator from "negotiator";

/*
 * The languages the directory's texts may be translated into, as BCP 47 tags, and how a request chooses one.
 * Here, below the platform, because the transports (GraphQL over HTTP, and the feeds and pages that follow
 * `?lang=`) choose the language before any feature runs; the translation feature (src/modules/translation)
 * exposes them as the GraphQL enum `Language` and does the translating.
 */

/** The languages translations may be given in: English, French and Spanish (the WCO's and the Americas'). */
export const LANGUAGES = ["en", "fr", "es"] as const;

/** A language of LANGUAGES, as its BCP 47 tag. */
export type LanguageCode = (typeof LANGUAGES)[number];

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language an `Accept-Language` header asks for, among LANGUAGES (`fr-CA,fr;q=0.9` → `fr`; a region
 * subtag matches its language), or null when it asks for none of them (no header, `de`, `*`): the texts are
 * then answered as stored. `*` alone names no language in particular, so it does not pick the first one.
 */
export function negotiateLanguage(acceptLanguage: string | undefined): LanguageCode | null {
  if (acceptLanguage === undefined || acceptLanguage.trim() === "") return null;
  const preferred = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages();
  for (const tag of preferred) {
    if (tag === "*") continue;
    const primary = tag.toLowerCase().split("-")[0];
    if (isLanguageCode(primary)) return primary;
  }
  return null;
}

/** The language of a `?lang=` query parameter (`fr`, `FR`, `fr-CA`), or null when it names none of LANGUAGES. */
export function languageOfParameter(value: string | null | undefined): LanguageCode | null {
  const primary = value?.trim().toLowerCase().split("-")[0];
  return isLanguageCode(primary) ? primary : null;
}
