import type { FieldProblem } from "../../common/errors";
import { scalarProblem } from "../../common/input-rules";
import { CountryCodeScalar } from "../../common/scalars";

/*
 * The rules of Members and organisations, in one place: the columns, the inputs' decorators, the directory
 * file's JSON Schema (src/modules/directory/directory-file.ts), the mutations and the importer all take them from here.
 */

/** Longest texts a Member holds, in code points (an ISO code is exactly two letters). */
export const MEMBER_LIMITS = {
  name: 200,
  shortName: 60,
  countryName: 200,
  isoCode: 2,
} as const;

/** Longest texts an organisation holds, in code points. */
export const ORGANISATION_LIMITS = {
  slug: 120,
  name: 200,
  shortName: 60,
  countryName: 200,
} as const;

/**
 * A Member's ISO 3166-1 alpha-2 code, as the `CountryCode` scalar takes it (checked against the ISO list, so
 * `XX` is refused however it is written): the importer asks the scalar, so that both refuse the same codes.
 */
export function countryCodeProblems(isoCode: string, path: string): FieldProblem[] {
  const problem = scalarProblem(CountryCodeScalar, isoCode);
  return problem === null ? [] : [{ path, message: problem }];
}

/** What the API and the importer answer for a text that is not an ISO code at all (`Peru`, `P1`). */
export const COUNTRY_CODE_MESSAGE = scalarProblem(CountryCodeScalar, "")!;

/** An ISO code is a Member's natural key: a second Member with it is refused, naming the first. */
export function isoCodeTaken(isoCode: string, holderName: string, path: string): FieldProblem {
  return { path, message: `${isoCode} is already the ISO code of ${holderName}` };
}

/** A slug is an organisation's natural key. */
export function organisationSlugTaken(slug: string, path: string): FieldProblem {
  return { path, message: `an organisation with slug ${slug} already exists` };
}
