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

/** What the office-on-a-date rule reads of an appointment. */
export interface DatedAppointment {
  id: number;
  personId: number;
  kind: string;
  startDate: string | null;
  endDate: string | null;
}

/**
 * The appointments of `appointments` that were held on `date` (`YYYY-MM-DD`), in their order: the one rule behind
 * `Person.officesOn`, `Participation.officesOnMeetingDate` and `Member.officeHolders`. It claims no more than
 * the recorded dates say:
 * - an appointment with a recorded date is held on `date` when its recorded dates contain it (a known
 *   `startDate` on or before it, a known `endDate` on or after it); a null bound beside a known one is open, as
 *   `Appointment.endDate` documents ("null while in office or when unknown") and "since an unknown date" for a
 *   null `startDate`;
 * - an appointment with no recorded date at all is taken to hold on any date only when it is the person's only
 *   appointment of its kind: nothing recorded dates it or competes with it. Two appointments of one kind, one of
 *   them undated, leave the undated one out; the dates of an answer (null) show what it rests on.
 * `ofPerson` gives all the appointments of a person (of every institution), for that last rule.
 */
export function heldOn<T extends DatedAppointment>(
  candidates: readonly T[],
  date: string,
  ofPerson: (personId: number) => readonly DatedAppointment[],
): T[] {
  return candidates.filter((appointment) => {
    if (appointment.startDate !== null || appointment.endDate !== null) {
      return (
        (appointment.startDate === null || appointment.startDate <= date) &&
        (appointment.endDate === null || appointment.endDate >= date)
      );
    }
    return !ofPerson(appointment.personId).some(
      (other) => other.id !== appointment.id && other.kind === appointment.kind,
    );
  });
}
