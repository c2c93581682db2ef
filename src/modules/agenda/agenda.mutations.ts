import { In } from "typeorm";
import { BadUserInputError, ConflictError } from "../../common/errors";
import type { FieldProblem } from "../../common/errors";
import { tryDecodeGlobalId } from "../../common/global-id";
import {
  LISTED_TWICE_MESSAGE,
  cleanText,
  keepOrSet,
  listedTwiceProblems,
  refuse,
  refuseIf,
} from "../../common/input-rules";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import { parkMovingRows } from "../../platform/db/mutation";
import type { DeleteInput, DeletePayload } from "../../common/payloads";
import { Meeting } from "../meeting/meeting.entity";
import { Participation } from "../meeting/participation.entity";
import { Person } from "../person/person.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "./agenda-item.entity";
import type {
  AgendaItemDraft,
  AgendaItemFields,
  CreateAgendaItemInput,
  ReorderAgendaItemsInput,
  ReplaceAgendaItemsInput,
  UpdateAgendaItemInput,
} from "./agenda.mutation-inputs";
import {
  agendaPositionProblems,
  notAnItemOfTheMeeting,
  noItemToKeep,
  pillarNotOfTheme,
  speakersAreParticipants,
} from "./agenda.rules";

/*
 * The writes of agenda items, as functions of a transaction: `createAgendaItem`, `updateAgendaItem`,
 * `replaceAgendaItems` and `createMeeting`'s inline agenda (src/modules/meeting/meeting.mutations.ts) all write
 * items through them, so every way in applies the same rules with the same messages. `path` is where the item's
 * fields are in the caller's input: `input` for the single mutations, `input.agenda[2]` for an inline item.
 */

function orderedItems(tx: Transaction, meetingId: number): Promise<AgendaItem[]> {
  return tx.em.find(AgendaItem, { where: { meetingId }, order: { position: "ASC" } });
}

/** A pillar may only be linked when it belongs to the theme the meeting follows. */
export async function agendaPillarId(
  tx: Transaction,
  meeting: Meeting,
  pillarId: string | null | undefined,
  path: string,
): Promise<number | null | undefined> {
  if (pillarId === undefined || pillarId === null) return pillarId;
  const pillar = await tx.reference(ThemePillar, pillarId, path);
  if (pillar.themeId !== meeting.themeId) refuse(pillarNotOfTheme(path));
  return pillar.id;
}

/** Speakers must take part in the meeting: add their participation first (`path`: the list, `input.speakerIds`). */
export async function setAgendaItemSpeakers(
  tx: Transaction,
  item: AgendaItem,
  speakerIds: string[],
  path: string,
  newItem = false,
): Promise<void> {
  const speakers = await tx.references(Person, speakerIds, (i) => `${path}[${i}]`);
  refuseIf(listedTwiceProblems(speakers, path, (person) => person.id));
  if (speakers.length) {
    // Only whether each speaker takes part: a person with several roles is one participant.
    const participations = await tx.em.find(Participation, {
      select: { personId: true },
      where: { meetingId: item.meetingId, personId: In(speakers.map((person) => person.id)) },
    });
    const participantIds = new Set(participations.map((participation) => participation.personId));
    // The rule compares slugs, as a directory file names people: the message names the speaker the same way.
    const participants = new Set(speakers.filter((person) => participantIds.has(person.id)).map((p) => p.slug));
    refuseIf(
      speakersAreParticipants(
        speakers.map((person) => person.slug),
        participants,
        path,
      ),
    );
  }
  const personIds = speakers.map((person) => person.id);
  // An item inserted by this transaction has no speakers yet: nothing to read or remove.
  const before = newItem
    ? []
    : (await tx.em.find(AgendaItemSpeaker, { where: { agendaItemId: item.id }, order: { position: "ASC" } })).map(
        (s) => s.personId,
      );
  if (before.join() === personIds.join()) return;
  if (!newItem) await tx.em.delete(AgendaItemSpeaker, { agendaItemId: item.id });
  if (personIds.length) {
    await tx.em.insert(
      AgendaItemSpeaker,
      personIds.map((personId, k) => ({ agendaItemId: item.id, personId, position: k + 1 })),
    );
  }
  tx.recordLinks(AgendaItem.typename, item.id, { speakerIds: before }, { speakerIds: personIds });
}

/** Tags the item with topics by name, creating the topics not yet known (`path`: the list, `input.topics`). */
export async function setAgendaItemTopics(
  tx: Transaction,
  item: AgendaItem,
  names: string[],
  path: string,
  newItem = false,
): Promise<void> {
  const cleaned = names.map((raw, i) => cleanText(raw, `${path}[${i}]`));
  // Each topic once, as a directory file must list them: `Trade` and ` Trade` are one topic, listed twice.
  refuseIf(listedTwiceProblems(cleaned, path));
  const known = new Map(
    (cleaned.length ? await tx.em.findBy(Topic, { name: In(cleaned) }) : []).map((topic) => [topic.name, topic.id]),
  );
  const topicIds: number[] = [];
  for (const name of cleaned) topicIds.push(known.get(name) ?? (await tx.insert(Topic, { name })).id);
  const before = newItem
    ? []
    : (await tx.em.findBy(AgendaItemTopic, { agendaItemId: item.id })).map((t) => t.topicId).sort();
  if (before.join() === [...topicIds].sort().join()) return;
  if (!newItem) await tx.em.delete(AgendaItemTopic, { agendaItemId: item.id });
  if (topicIds.length)
    await tx.em.insert(
      AgendaItemTopic,
      topicIds.map((topicId) => ({ agendaItemId: item.id, topicId })),
    );
  tx.recordLinks(AgendaItem.typename, item.id, { topicIds: before }, { topicIds: [...topicIds].sort() });
}

/**
 * Inserts an item at `position`, which the caller has made free, with its speakers and topics. The pillar is
 * checked first, so a refused pillar writes nothing.
 */
export async function insertAgendaItem(
  tx: Transaction,
  meeting: Meeting,
  fields: AgendaItemFields,
  position: number,
  path: string,
): Promise<AgendaItem> {
  const pillarId = await agendaPillarId(tx, meeting, fields.pillarId, `${path}.pillarId`);
  const item = await tx.insert(AgendaItem, {
    meetingId: meeting.id,
    position,
    title: cleanText(fields.title, `${path}.title`),
    kind: fields.kind,
    summary: cleanText(fields.summary, `${path}.summary`) ?? null,
    pillarId: pillarId ?? null,
  });
  await setAgendaItemSpeakers(tx, item, fields.speakerIds, `${path}.speakerIds`, true);
  await setAgendaItemTopics(tx, item, fields.topics, `${path}.topics`, true);
  return item;
}

/** The agenda of a new meeting (`createMeeting`'s `agenda`): every draft is a new item, in list order. */
export async function insertAgenda(
  tx: Transaction,
  meeting: Meeting,
  drafts: readonly AgendaItemDraft[],
  path: string,
): Promise<void> {
  refuseIf(
    drafts.flatMap((draft, i) =>
      draft.id === undefined || draft.id === null ? [] : [noItemToKeep(`${path}[${i}].id`)],
    ),
  );
  for (const [i, draft] of drafts.entries()) await insertAgendaItem(tx, meeting, draft, i + 1, `${path}[${i}]`);
}

/**
 * The existing items that `drafts` keep, by draft index: each id must name an item of the meeting, once, at the
 * version the draft expects (if it says).
 */
function keptItems(
  tx: Transaction,
  items: readonly AgendaItem[],
  drafts: readonly AgendaItemDraft[],
  path: string,
): Map<number, AgendaItem> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const kept = new Map<number, AgendaItem>();
  const problems: FieldProblem[] = [];
  const seen = new Set<number>();
  for (const [i, draft] of drafts.entries()) {
    if (draft.id === undefined || draft.id === null) continue;
    const decoded = tryDecodeGlobalId(draft.id);
    const item = decoded?.typeName === AgendaItem.typename ? byId.get(decoded.id) : undefined;
    if (!item) problems.push(notAnItemOfTheMeeting(`${path}[${i}].id`));
    else if (seen.has(item.id)) problems.push({ path: `${path}[${i}].id`, message: LISTED_TWICE_MESSAGE });
    else {
      seen.add(item.id);
      kept.set(i, item);
    }
  }
  refuseIf(problems, problems.length > 1 ? "The agenda names items that it cannot keep" : undefined);
  for (const [i, item] of kept) {
    const expected = drafts[i]!.expectedVersion;
    if (expected !== undefined && expected !== null) tx.checkVersion(item, expected);
  }
  return kept;
}

/**
 * Makes `drafts` the meeting's whole agenda, in order: kept items are updated and moved, new ones inserted,
 * the others deleted (their speaker and topic links go with them). Positions stay unique throughout: items
 * leave first, items that move are parked off the agenda, so every item is written once, at its final place.
 */
export async function replaceAgenda(
  tx: Transaction,
  meeting: Meeting,
  drafts: readonly AgendaItemDraft[],
  path: string,
): Promise<{ before: number[]; after: number[] }> {
  const items = await orderedItems(tx, meeting.id);
  const kept = keptItems(tx, items, drafts, path);
  const keptIds = new Set([...kept.values()].map((item) => item.id));
  for (const item of items) if (!keptIds.has(item.id)) await tx.remove(item);
  const moving = [...kept].filter(([i, item]) => item.position !== i + 1).map(([, item]) => item.id);
  await parkMovingRows(tx.em, AgendaItem, moving);
  const after: number[] = [];
  for (const [i, draft] of drafts.entries()) {
    const itemPath = `${path}[${i}]`;
    const item = kept.get(i);
    if (!item) {
      after.push((await insertAgendaItem(tx, meeting, draft, i + 1, itemPath)).id);
      continue;
    }
    // A draft is the whole item: what it leaves out is cleared, as a new item would not have it.
    const updated = await tx.update(item, {
      position: i + 1,
      title: cleanText(draft.title, `${itemPath}.title`),
      kind: draft.kind,
      summary: cleanText(draft.summary, `${itemPath}.summary`) ?? null,
      pillarId: (await agendaPillarId(tx, meeting, draft.pillarId, `${itemPath}.pillarId`)) ?? null,
    });
    await setAgendaItemSpeakers(tx, updated, draft.speakerIds, `${itemPath}.speakerIds`);
    await setAgendaItemTopics(tx, updated, draft.topics, `${itemPath}.topics`);
    after.push(updated.id);
  }
  return { before: items.map((item) => item.id), after };
}

export class AgendaMutations {
  constructor(private readonly mutations: MutationRunner) {}

  create(actor: Actor, input: CreateAgendaItemInput): Promise<{ node: AgendaItem }> {
    return this.mutations.run(actor, "createAgendaItem", async (tx) => {
      const meeting = await tx.reference(Meeting, input.meetingId, "input.meetingId");
      const siblings = await orderedItems(tx, meeting.id);
      const position = input.position ?? siblings.length + 1;
      refuseIf(agendaPositionProblems(position, siblings.length, "input.position"));
      await agendaPillarId(tx, meeting, input.pillarId, "input.pillarId");
      // Make room from the end backwards, so no two items ever share a position.
      for (const item of siblings.slice(position - 1).reverse()) await tx.update(item, { position: item.position + 1 });
      return { node: await insertAgendaItem(tx, meeting, input, position, "input") };
    });
  }

  update(actor: Actor, input: UpdateAgendaItemInput): Promise<{ node: AgendaItem }> {
    return this.mutations.run(actor, "updateAgendaItem", async (tx) => {
      const item = await tx.get(AgendaItem, input.id, "input.id");
      tx.checkVersion(item, input.expectedVersion);
      const meeting = await tx.em.findOneByOrFail(Meeting, { id: item.meetingId });
      const updated = await tx.update(item, {
        title: cleanText(keepOrSet(input.title, "input.title"), "input.title"),
        kind: keepOrSet(input.kind, "input.kind"),
        summary: cleanText(input.summary, "input.summary"),
        pillarId: await agendaPillarId(tx, meeting, input.pillarId, "input.pillarId"),
      });
      const speakerIds = keepOrSet(input.speakerIds, "input.speakerIds");
      if (speakerIds) await setAgendaItemSpeakers(tx, updated, speakerIds, "input.speakerIds");
      const topics = keepOrSet(input.topics, "input.topics");
      if (topics) await setAgendaItemTopics(tx, updated, topics, "input.topics");
      return { node: updated };
    });
  }

  /** Deletes the item with its speaker and topic links, and closes the gap in the order. */
  delete(actor: Actor, input: DeleteInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteAgendaItem", async (tx) => {
      const item = await tx.get(AgendaItem, input.id, "input.id");
      tx.checkVersion(item, input.expectedVersion);
      await tx.remove(item);
      await tx.renumber(await orderedItems(tx, item.meetingId));
      return { deletedId: input.id, cascaded: 0 };
    });
  }

  reorder(actor: Actor, input: ReorderAgendaItemsInput): Promise<{ node: Meeting }> {
    return this.mutations.run(actor, "reorderAgendaItems", async (tx) => {
      const meeting = await tx.reference(Meeting, input.meetingId, "input.meetingId");
      const items = await orderedItems(tx, meeting.id);
      const byGlobalId = new Map(items.map((item) => [item.globalId, item]));
      const problems = input.itemIds.flatMap((id, i) => {
        if (!byGlobalId.has(id)) return [notAnItemOfTheMeeting(`input.itemIds[${i}]`)];
        if (input.itemIds.indexOf(id) !== i) return [{ path: `input.itemIds[${i}]`, message: LISTED_TWICE_MESSAGE }];
        return [];
      });
      if (!problems.length && input.itemIds.length !== items.length) {
        problems.push({ path: "input.itemIds", message: `must list all ${items.length} agenda items of the meeting` });
      }
      if (problems.length)
        throw new BadUserInputError("The new order must list every agenda item of the meeting exactly once", problems);
      await tx.renumber(input.itemIds.map((id) => byGlobalId.get(id)!));
      return { node: meeting };
    });
  }

  /**
   * Replaces a meeting's whole agenda in one transaction (see `replaceAgenda`). When the agenda changes, the
   * meeting's version is raised and the change of its list of items audited on the meeting, so `expectedVersion`
   * guards one editor's whole agenda against another's.
   */
  replace(actor: Actor, input: ReplaceAgendaItemsInput): Promise<{ node: Meeting }> {
    return this.mutations.run(actor, "replaceAgendaItems", async (tx) => {
      const meeting = await tx.reference(Meeting, input.meetingId, "input.meetingId");
      tx.checkVersion(meeting, input.expectedVersion);
      const changesBefore = tx.recorded.length;
      const { before, after } = await replaceAgenda(tx, meeting, input.items, "input.items");
      if (tx.recorded.length === changesBefore) return { node: meeting };
      const touched = await tx.em
        .createQueryBuilder()
        .update(Meeting)
        .set({ updatedAt: () => "CURRENT_TIMESTAMP" })
        .where("id = :id AND version = :version", { id: meeting.id, version: meeting.version })
        .execute();
      if (touched.affected === 0)
        throw new ConflictError(`${Meeting.typename} changed while its agenda was replaced; read it again`);
      const stored = await tx.em.findOneByOrFail(Meeting, { id: meeting.id });
      tx.record(
        Meeting.typename,
        meeting.id,
        { ...tx.snapshot(meeting), agendaItemIds: before },
        { ...tx.snapshot(stored), agendaItemIds: after },
      );
      return { node: stored };
    });
  }
}
