import type { LanguageCode } from "../../common/language";
import type { GatewayContext } from "../../platform/context";

/*
 * The one rule of a translated field, for every resolver that answers one: the language is the field's `lang`
 * argument, else the request's (GatewayContext.language: Accept-Language, or `?lang=` of a feed); the text is the
 * translation into that language, else the original as stored. The original's own language is not recorded (the
 * directory mixes English and Spanish originals), so a fallback never claims one.
 *
 * Without a language the original is returned as it is, synchronously: no loader is built, no promise made, no
 * query run. That is the path of nearly every request, and of the dashboards' polling.
 */

/** `original` in the language the field or request asks for: a translation of `field` when there is one. */
export function translated(
  ctx: GatewayContext,
  typename: string,
  id: number,
  field: string,
  original: string,
  lang: LanguageCode | null | undefined,
): string | Promise<string> {
  const language = lang ?? ctx.language;
  if (language === null) return original;
  return ctx.loaders.translationTexts.load(typename, language, id).then((texts) => texts?.get(field) ?? original);
}

/** `translated` for a field that may be null: null stays null (there is nothing to translate). */
export function translatedOptional(
  ctx: GatewayContext,
  typename: string,
  id: number,
  field: string,
  original: string | null,
  lang: LanguageCode | null | undefined,
): string | null | Promise<string | null> {
  return original === null ? null : translated(ctx, typename, id, field, original, lang);
}

/** A pillar's focus areas (in order, from position 1), each in the language asked for, else as stored. */
export function translatedFocusAreas(
  ctx: GatewayContext,
  pillarId: number,
  originals: readonly string[],
  lang: LanguageCode | null | undefined,
): string[] | Promise<string[]> {
  const language = lang ?? ctx.language;
  if (language === null || originals.length === 0) return [...originals];
  return ctx.loaders.translationTexts
    .load("ThemePillar", language, pillarId)
    .then((texts) => originals.map((original, i) => texts?.get(`focusAreas.${i + 1}`) ?? original));
}
