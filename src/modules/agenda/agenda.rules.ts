import type { FieldProblem } from "../../common/errors";

/*
 * The rules of agenda items, in one place: the columns, the inputs' decorators, the directory file's JSON
 * Schema (src/modules/directory/directory-file.ts), the mutations and the importer all take them from here.
 */

/** Longest texts an agenda item holds, in code points, and how many speakers and topics it lists. */
export const AGENDA_ITEM_LIMITS = {
  title: 300,
  summary: 5000,
  speakers: 50,
  topics: 50,
  /**
   * Items of one meeting's agenda: in a directory file, and in one call of `createMeeting(input: { agenda })` or
   * `replaceAgendaItems`.
   */
  perMeeting: 200,
} as const;

/** Longest topic name, in code points. */
export const TOPIC_LIMITS = { name: 120 } as const;

/** What is wrong with a speaker who does not take part in the meeting (`speaker` is their slug). */
export function notAParticipantMessage(speaker: string): string {
  return `${speaker} is not a participant of the meeting`;
}

/**
 * A speaker must be a participant of the meeting: the speakers (by slug, in order) who are not among
 * `participants`, each at its place in the list (`listPath[k]`).
 */
export function speakersAreParticipants(
  speakers: readonly string[],
  participants: ReadonlySet<string>,
  listPath: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  speakers.forEach((speaker, k) => {
    if (!participants.has(speaker))
      problems.push({ path: `${listPath}[${k}]`, message: notAParticipantMessage(speaker) });
  });
  return problems;
}

/** An agenda item may only serve a pillar of the theme its meeting follows. */
export function pillarNotOfTheme(path: string): FieldProblem {
  return { path, message: "is not a pillar of the theme the meeting follows" };
}

/** Where a new item may go in an agenda of `count` items: anywhere from first to just after the last. */
export function agendaPositionProblems(position: number, count: number, path: string): FieldProblem[] {
  return position > count + 1 ? [{ path, message: `must be between 1 and ${count + 1}` }] : [];
}

/** An id that names an agenda item of another meeting (or none): reordering and replacing keep to one agenda. */
export function notAnItemOfTheMeeting(path: string): FieldProblem {
  return { path, message: "is not an agenda item of this meeting" };
}

/** A draft that names an existing item where the agenda is new (`createMeeting`): there is nothing to keep. */
export function noItemToKeep(path: string): FieldProblem {
  return { path, message: "must be omitted: a new meeting has no agenda items to keep" };
}
