import type { FieldProblem } from "../../common/errors";

/*
 * The rules of people and their appointments, in one place: the columns, the inputs' decorators, the directory
 * file's JSON Schema (src/modules/directory/directory-file.ts), the mutations and the importer all take them from here.
 * An appointment's dates follow the shared date-order rule (dateOrderProblems in src/common/input-rules.ts).
 */

/** Longest texts a person holds, in code points. */
export const PERSON_LIMITS = {
  slug: 120,
  name: 200,
  honorific: 20,
} as const;

/** Longest texts an appointment holds, in code points, and how many one person may hold in a directory file. */
export const APPOINTMENT_LIMITS = {
  title: 200,
  perPerson: 100,
} as const;

/** A slug is a person's natural key. */
export function personSlugTaken(slug: string, path: string): FieldProblem {
  return { path, message: `a person with slug ${slug} already exists` };
}

export const MEMBER_OR_ORGANISATION_MESSAGE = "an office is held at a Member or at an organisation, not both";

/**
 * An office is held at a Member or at an organisation, not both (or at neither: a Vice-Chair's office is held
 * for a region). The problem is reported at `path`, the field that names the second one: the organisation, or
 * in an update that sets only the Member while an organisation is stored, the Member.
 */
export function memberOrOrganisationProblems(
  hasMember: boolean,
  hasOrganisation: boolean,
  path: string,
): FieldProblem[] {
  return hasMember && hasOrganisation ? [{ path, message: MEMBER_OR_ORGANISATION_MESSAGE }] : [];
}
