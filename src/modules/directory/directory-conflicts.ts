import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import type { FieldProblem } from "../../common/errors";
import type { DirectorySection } from "../../platform/directory-section";
import { AgendaItem, AgendaItemSpeaker } from "../agenda/agenda-item.entity";
import { speakersAreParticipants } from "../agenda/agenda.rules";
import { Meeting } from "../meeting/meeting.entity";
import { Participation } from "../meeting/participation.entity";
import { Person } from "../person/person.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import type { DirectoryFile, MeetingRecord } from "./directory-file";

/*
 * A list in a directory file describes its owner completely, so importing it removes what the list no longer
 * holds. Of what an import can remove, two things can still be referred to by stored data that the file leaves
 * alone: a theme's pillar (agenda items serve it, through a RESTRICT foreign key) and a meeting's participation
 * (a speaker must be a participant). A meeting that changes theme leaves its agenda serving the old theme's
 * pillars in the same way. Everything else an import removes is referred to by nothing (appointments, focus
 * areas) or takes its own links with it (agenda items, by ON DELETE CASCADE); and an import never removes a
 * region, Member, organisation, person, source or meeting.
 *
 * These checks read the stored data before the import writes anything, and report every conflict with the path
 * of the list in the file and the stored objects that still refer to what it would remove, the way
 * `deleteThemePillar` and `deleteParticipation` answer CONFLICT. A meeting whose agenda the file restates is no
 * conflict: its stored items are replaced by the file's.
 */

/** An agenda item that still refers to something, named by its natural key. */
export interface AgendaItemReference {
  meeting: string;
  position: number;
  title: string;
}

/** What still refers to what a file would remove: agenda items (of a pillar), speaking slots (of a participant). */
export interface ConflictReferences {
  agendaItems?: AgendaItemReference[];
  speakingSlots?: AgendaItemReference[];
}

/** One conflict: the path of the list or field in the file, what it would do, and what refers to it. */
export interface ImportConflict extends FieldProblem {
  references: ConflictReferences;
}

/** The file would remove (or move) what stored data still refers to; nothing was written. */
export class DirectoryConflictError extends Error {
  override readonly name = "DirectoryConflictError";

  constructor(readonly conflicts: ImportConflict[]) {
    super(
      `The directory file would remove what stored data still refers to (${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}): ` +
        conflicts
          .slice(0, 5)
          .map((c) => `${c.path}: ${c.message}`)
          .join("; "),
    );
  }

  /** How many stored objects refer to what the file would remove, per kind: the counts the deletes report. */
  get referenceCounts(): Record<keyof ConflictReferences, number> {
    const count = (kind: keyof ConflictReferences) =>
      this.conflicts.reduce((sum, conflict) => sum + (conflict.references[kind]?.length ?? 0), 0);
    return { agendaItems: count("agendaItems"), speakingSlots: count("speakingSlots") };
  }
}

/** Objects named in a message: a few, then how many more (the full list is in `references`). */
const SHOWN = 3;

function describeItems(items: AgendaItemReference[]): string {
  const shown = items.slice(0, SHOWN).map((item) => `${item.meeting} item ${item.position} ("${item.title}")`);
  const more = items.length > SHOWN ? ` and ${items.length - SHOWN} more` : "";
  return `${shown.join(", ")}${more}`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

interface Candidate {
  record: MeetingRecord;
  index: number;
}

interface ItemRow {
  meetingId: number;
  pillarId: number | null;
  position: number;
  title: string;
  meeting: string;
}

/** The agenda items matching `where`, with their meeting's slug, in meeting and agenda order. */
async function agendaItemsWhere(
  em: EntityManager,
  where: string,
  parameters: Record<string, unknown>,
): Promise<ItemRow[]> {
  const rows = await em
    .createQueryBuilder(AgendaItem, "item")
    .innerJoin(Meeting, "meeting", "meeting.id = item.meetingId")
    .select("item.meetingId", "meetingId")
    .addSelect("item.pillarId", "pillarId")
    .addSelect("item.position", "position")
    .addSelect("item.title", "title")
    .addSelect("meeting.slug", "meeting")
    .where(where, parameters)
    .orderBy("meeting.slug")
    .addOrderBy("item.position")
    .getRawMany<ItemRow>();
  return rows.map((row) => ({
    ...row,
    meetingId: Number(row.meetingId),
    pillarId: row.pillarId === null ? null : Number(row.pillarId),
    position: Number(row.position),
  }));
}

const reference = (row: { meeting: string; position: number; title: string }): AgendaItemReference => ({
  meeting: row.meeting,
  position: row.position,
  title: row.title,
});

/** Pillars a theme's `pillars` list no longer names, while agenda items the file leaves alone serve them. */
async function removedPillarConflicts(
  em: EntityManager,
  file: DirectoryFile,
  restatedAgendas: Set<string>,
): Promise<ImportConflict[]> {
  const themes = (file.themes ?? []).flatMap((record, index) => (record.pillars ? [{ record, index }] : []));
  if (!themes.length) return [];
  const stored = await em.find(AnnualTheme, { where: { year: In(themes.map((t) => t.record.year)) } });
  if (!stored.length) return [];
  const themeByYear = new Map(stored.map((theme) => [theme.year, theme]));
  const pillars = await em.find(ThemePillar, {
    where: { themeId: In(stored.map((theme) => theme.id)) },
    order: { position: "ASC" },
  });
  const removed = new Map<number, { pillar: ThemePillar; path: string }>();
  for (const { record, index } of themes) {
    const theme = themeByYear.get(record.year);
    if (!theme) continue;
    const kept = new Set(record.pillars!.map((pillar) => pillar.name));
    for (const pillar of pillars) {
      if (pillar.themeId === theme.id && !kept.has(pillar.name))
        removed.set(pillar.id, { pillar, path: `themes[${index}].pillars` });
    }
  }
  if (!removed.size) return [];
  const items = await agendaItemsWhere(em, "item.pillarId IN (:...pillarIds)", { pillarIds: [...removed.keys()] });
  const conflicts: ImportConflict[] = [];
  for (const [pillarId, { pillar, path }] of removed) {
    const serving = items.filter((item) => item.pillarId === pillarId && !restatedAgendas.has(item.meeting));
    if (!serving.length) continue;
    const agendaItems = serving.map(reference);
    conflicts.push({
      path,
      message: `removes the pillar ${pillar.name}, which ${plural(agendaItems.length, "agenda item")} still serve${agendaItems.length === 1 ? "s" : ""}: ${describeItems(agendaItems)}; keep the pillar, or restate those meetings' agendas in the file`,
      references: { agendaItems },
    });
  }
  return conflicts;
}

/** The stored meetings of `candidates`, by slug. */
async function storedMeetings(em: EntityManager, candidates: Candidate[]): Promise<Map<string, Meeting>> {
  const meetings = new Map<string, Meeting>();
  for (const chunk of chunks(candidates.map((c) => c.record.slug))) {
    for (const meeting of await em.find(Meeting, { where: { slug: In(chunk) } })) meetings.set(meeting.slug, meeting);
  }
  return meetings;
}

/** Participants a meeting's `participants` list drops while they still speak at its agenda, which the file keeps. */
async function droppedSpeakerConflicts(em: EntityManager, file: DirectoryFile): Promise<ImportConflict[]> {
  const candidates = (file.meetings ?? []).flatMap((record, index) =>
    record.participants && !record.agenda ? [{ record, index }] : [],
  );
  if (!candidates.length) return [];
  const meetings = await storedMeetings(em, candidates);
  const slots: (ItemRow & { person: string })[] = [];
  for (const chunk of chunks([...meetings.values()].map((meeting) => meeting.id))) {
    const rows = await em
      .createQueryBuilder(AgendaItemSpeaker, "speaker")
      .innerJoin(AgendaItem, "item", "item.id = speaker.agendaItemId")
      .innerJoin(Meeting, "meeting", "meeting.id = item.meetingId")
      .innerJoin(Person, "person", "person.id = speaker.personId")
      .select("item.meetingId", "meetingId")
      .addSelect("item.position", "position")
      .addSelect("item.title", "title")
      .addSelect("meeting.slug", "meeting")
      .addSelect("person.slug", "person")
      .where("item.meetingId IN (:...meetingIds)", { meetingIds: chunk })
      .orderBy("meeting.slug")
      .addOrderBy("item.position")
      .getRawMany<ItemRow & { person: string }>();
    slots.push(...rows.map((row) => ({ ...row, meetingId: Number(row.meetingId), position: Number(row.position) })));
  }
  const conflicts: ImportConflict[] = [];
  for (const { record, index } of candidates) {
    const meeting = meetings.get(record.slug);
    if (!meeting) continue;
    const kept = new Set(record.participants!.map((participant) => participant.person));
    const dropped = new Map<string, AgendaItemReference[]>();
    for (const slot of slots) {
      if (slot.meetingId !== meeting.id || kept.has(slot.person)) continue;
      dropped.set(slot.person, [...(dropped.get(slot.person) ?? []), reference(slot)]);
    }
    for (const [person, speakingSlots] of dropped) {
      conflicts.push({
        path: `meetings[${index}].participants`,
        message: `removes ${person} from the participants, who still speaks at ${plural(speakingSlots.length, "agenda item")}: ${describeItems(speakingSlots)}; a speaker must be a participant: keep the participant, or restate the meeting's agenda in the file`,
        references: { speakingSlots },
      });
    }
  }
  return conflicts;
}

/** Meetings the file moves to another theme (or to none) while their agenda, which it keeps, serves the old one's pillars. */
async function themeChangeConflicts(em: EntityManager, file: DirectoryFile): Promise<ImportConflict[]> {
  const candidates = (file.meetings ?? []).flatMap((record, index) => (!record.agenda ? [{ record, index }] : []));
  if (!candidates.length) return [];
  const meetings = await storedMeetings(em, candidates);
  const themed = [...meetings.values()].filter((meeting) => meeting.themeId !== null);
  if (!themed.length) return [];
  const themeIds = [...new Set(themed.map((meeting) => meeting.themeId!))];
  const yearOf = new Map((await em.find(AnnualTheme, { where: { id: In(themeIds) } })).map((t) => [t.id, t.year]));
  const moved = candidates.flatMap(({ record, index }) => {
    const meeting = meetings.get(record.slug);
    if (!meeting || meeting.themeId === null) return [];
    const year = yearOf.get(meeting.themeId)!;
    return (record.theme ?? null) === year ? [] : [{ meeting, index, year }];
  });
  const conflicts: ImportConflict[] = [];
  for (const chunk of chunks(moved)) {
    const items = await agendaItemsWhere(em, "item.meetingId IN (:...meetingIds) AND item.pillarId IS NOT NULL", {
      meetingIds: chunk.map((m) => m.meeting.id),
    });
    for (const { meeting, index, year } of chunk) {
      const agendaItems = items.filter((item) => item.meetingId === meeting.id).map(reference);
      if (!agendaItems.length) continue;
      conflicts.push({
        path: `meetings[${index}].theme`,
        message: `moves the meeting off the ${year} theme while ${plural(agendaItems.length, "agenda item")} serve${agendaItems.length === 1 ? "s" : ""} its pillars: ${describeItems(agendaItems)}; keep the theme, or restate the meeting's agenda in the file`,
        references: { agendaItems },
      });
    }
  }
  return conflicts;
}

/**
 * Speakers of an agenda the file gives without the meeting's participants: they must be stored participants
 * (a new meeting has none). Within one record, directory-validation.ts checks them against its own list.
 */
async function speakersWithoutParticipation(em: EntityManager, file: DirectoryFile): Promise<FieldProblem[]> {
  const candidates = (file.meetings ?? []).flatMap((record, index) =>
    record.agenda && !record.participants && record.agenda.some((item) => item.speakers.length)
      ? [{ record, index }]
      : [],
  );
  if (!candidates.length) return [];
  const meetings = await storedMeetings(em, candidates);
  const participants = new Map<number, Set<string>>();
  for (const chunk of chunks([...meetings.values()].map((meeting) => meeting.id))) {
    const rows = await em
      .createQueryBuilder(Participation, "participation")
      .innerJoin(Person, "person", "person.id = participation.personId")
      .select("participation.meetingId", "meetingId")
      .addSelect("person.slug", "person")
      .where("participation.meetingId IN (:...meetingIds)", { meetingIds: chunk })
      .getRawMany<{ meetingId: number; person: string }>();
    for (const row of rows) {
      const id = Number(row.meetingId);
      participants.set(id, (participants.get(id) ?? new Set()).add(row.person));
    }
  }
  const problems: FieldProblem[] = [];
  for (const { record, index } of candidates) {
    const meeting = meetings.get(record.slug);
    const people = meeting ? (participants.get(meeting.id) ?? new Set<string>()) : new Set<string>();
    record.agenda!.forEach((item, j) =>
      problems.push(...speakersAreParticipants(item.speakers, people, `meetings[${index}].agenda[${j}].speakers`)),
    );
  }
  return problems;
}

/** The slugs of the meetings whose agenda the file restates: their stored items are replaced, not kept. */
export function restatedAgendasOf(file: DirectoryFile): Set<string> {
  return new Set((file.meetings ?? []).flatMap((meeting) => (meeting.agenda ? [meeting.slug] : [])));
}

/**
 * What the features' sections find the file would collide with (a session number a stored meeting holds): the
 * stored data it names is in the message, so no references are counted.
 */
async function sectionConflicts(
  em: EntityManager,
  file: DirectoryFile,
  sections: readonly DirectorySection[],
): Promise<ImportConflict[]> {
  const conflicts: ImportConflict[] = [];
  for (const section of sections) {
    for (const conflict of (await section.conflicts?.(em, file)) ?? []) conflicts.push({ ...conflict, references: {} });
  }
  return conflicts;
}

/**
 * What a validated file cannot do to the stored directory, found by reading it before anything is written:
 * `conflicts` (CONFLICT: it would remove what stored data still refers to) and `problems` (BAD_USER_INPUT:
 * speakers who would not be participants).
 */
export async function findImportConflicts(
  em: EntityManager,
  file: DirectoryFile,
  sections: readonly DirectorySection[],
): Promise<{ conflicts: ImportConflict[]; problems: FieldProblem[] }> {
  const conflicts = [
    ...(await removedPillarConflicts(em, file, restatedAgendasOf(file))),
    ...(await droppedSpeakerConflicts(em, file)),
    ...(await themeChangeConflicts(em, file)),
    ...(await sectionConflicts(em, file, sections)),
  ];
  return { conflicts, problems: await speakersWithoutParticipation(em, file) };
}
