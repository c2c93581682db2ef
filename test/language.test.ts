import { languageOfParameter, negotiateLanguage } from "../src/common/language";

/*
 * How a request chooses its language (src/common/language.ts): the Accept-Language header, negotiated over
 * English, French and Spanish, and the `?lang=` parameter of the transports that cannot send headers.
 */

describe("the request's language", () => {
  it.each([
    ["fr-CA,fr;q=0.9", "fr"],
    ["FR", "fr"],
    ["es-419", "es"],
    ["de-DE, es;q=0.5, fr;q=0.4", "es"],
    ["en-GB,en;q=0.9,fr;q=0.8", "en"],
    ["fr;q=0.2, es;q=0.8", "es"],
    ["de", null],
    ["*", null],
    ["es;q=0", null],
    ["", null],
    [undefined, null],
    ["not a header ;;; q=", null],
  ])("Accept-Language %j → %j", (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });

  it.each([
    ["fr", "fr"],
    ["ES", "es"],
    [" en-US ", "en"],
    ["de", null],
    ["", null],
    [null, null],
    ["french", null],
  ])("?lang=%j → %j", (parameter, language) => {
    expect(languageOfParameter(parameter)).toBe(language);
  });
});
