import { BadUserInputError } from "../../common/errors";
import {
  LISTED_TWICE_MESSAGE,
  cleanText,
  keepOrSet,
  listedTwiceProblems,
  refuse,
  refuseIf,
} from "../../common/input-rules";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import type { DeleteInput, DeletePayload } from "../../common/payloads";
import { Meeting } from "../meeting/meeting.entity";
import { Participation } from "../meeting/participation.entity";
import { Person } from "../person/person.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "./agenda-item.entity";
import type { CreateAgendaItemInput, ReorderAgendaItemsInput, UpdateAgendaItemInput } from "./agenda.mutation-inputs";
import { pillarNotOfTheme, speakersAreParticipants } from "./agenda.rules";

export class AgendaMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private ordered(tx: Transaction, meetingId: number): Promise<AgendaItem[]> {
    return tx.em.find(AgendaItem, { where: { meetingId }, order: { position: "ASC" } });
  }

  /** A pillar may only be linked when it belongs to the theme the meeting follows. */
  private async pillarFor(
    tx: Transaction,
    meeting: Meeting,
    pillarId: string | null | undefined,
  ): Promise<number | null | undefined> {
    if (pillarId === undefined || pillarId === null) return pillarId;
    const pillar = await tx.reference(ThemePillar, pillarId, "input.pillarId");
    if (pillar.themeId !== meeting.themeId) refuse(pillarNotOfTheme("input.pillarId"));
    return pillar.id;
  }

  /** Speakers must take part in the meeting: add their participation first. */
  private async setSpeakers(tx: Transaction, item: AgendaItem, speakerIds: string[]): Promise<void> {
    const speakers: Person[] = [];
    for (const [i, id] of speakerIds.entries()) speakers.push(await tx.reference(Person, id, `input.speakerIds[${i}]`));
    refuseIf(listedTwiceProblems(speakers, "input.speakerIds", (person) => person.id));
    if (speakers.length) {
      const participantIds = new Set(
        (await tx.em.findBy(Participation, { meetingId: item.meetingId })).map(
          (participation) => participation.personId,
        ),
      );
      // The rule compares slugs, as a directory file names people: the message names the speaker the same way.
      const participants = new Set(speakers.filter((person) => participantIds.has(person.id)).map((p) => p.slug));
      refuseIf(
        speakersAreParticipants(
          speakers.map((person) => person.slug),
          participants,
          "input.speakerIds",
        ),
      );
    }
    const personIds = speakers.map((person) => person.id);
    const before = (
      await tx.em.find(AgendaItemSpeaker, { where: { agendaItemId: item.id }, order: { position: "ASC" } })
    ).map((s) => s.personId);
    if (before.join() === personIds.join()) return;
    await tx.em.delete(AgendaItemSpeaker, { agendaItemId: item.id });
    if (personIds.length) {
      await tx.em.insert(
        AgendaItemSpeaker,
        personIds.map((personId, k) => ({ agendaItemId: item.id, personId, position: k + 1 })),
      );
    }
    tx.record(AgendaItem.typename, item.id, { speakerIds: before }, { speakerIds: personIds });
  }

  private async setTopics(tx: Transaction, item: AgendaItem, names: string[]): Promise<void> {
    const cleaned = names.map((raw, i) => cleanText(raw, `input.topics[${i}]`));
    // Each topic once, as a directory file must list them: `Trade` and ` Trade` are one topic, listed twice.
    refuseIf(listedTwiceProblems(cleaned, "input.topics"));
    const topicIds: number[] = [];
    for (const name of cleaned) {
      const topic = (await tx.em.findOneBy(Topic, { name })) ?? (await tx.insert(Topic, { name }));
      topicIds.push(topic.id);
    }
    const before = (await tx.em.findBy(AgendaItemTopic, { agendaItemId: item.id })).map((t) => t.topicId).sort();
    if (before.join() === [...topicIds].sort().join()) return;
    await tx.em.delete(AgendaItemTopic, { agendaItemId: item.id });
    if (topicIds.length)
      await tx.em.insert(
        AgendaItemTopic,
        topicIds.map((topicId) => ({ agendaItemId: item.id, topicId })),
      );
    tx.record(AgendaItem.typename, item.id, { topicIds: before }, { topicIds: [...topicIds].sort() });
  }

  create(actor: Actor, input: CreateAgendaItemInput): Promise<{ node: AgendaItem }> {
    return this.mutations.run(actor, "createAgendaItem", async (tx) => {
      const meeting = await tx.reference(Meeting, input.meetingId, "input.meetingId");
      const siblings = await this.ordered(tx, meeting.id);
      const position = input.position ?? siblings.length + 1;
      if (position > siblings.length + 1)
        throw BadUserInputError.forField("input.position", `must be between 1 and ${siblings.length + 1}`);
      const pillarId = await this.pillarFor(tx, meeting, input.pillarId);
      // Make room from the end backwards, so no two items ever share a position.
      for (const item of siblings.slice(position - 1).reverse()) await tx.update(item, { position: item.position + 1 });
      const item = await tx.insert(AgendaItem, {
        meetingId: meeting.id,
        position,
        title: cleanText(input.title, "input.title"),
        kind: input.kind,
        summary: cleanText(input.summary, "input.summary") ?? null,
        pillarId: pillarId ?? null,
      });
      await this.setSpeakers(tx, item, input.speakerIds);
      await this.setTopics(tx, item, input.topics);
      return { node: item };
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
        pillarId: await this.pillarFor(tx, meeting, input.pillarId),
      });
      const speakerIds = keepOrSet(input.speakerIds, "input.speakerIds");
      if (speakerIds) await this.setSpeakers(tx, updated, speakerIds);
      const topics = keepOrSet(input.topics, "input.topics");
      if (topics) await this.setTopics(tx, updated, topics);
      return { node: updated };
    });
  }

  /** Deletes the item with its speaker and topic links, and closes the gap in the order. */
  delete(actor: Actor, input: DeleteInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteAgendaItem", async (tx) => {
      const item = await tx.get(AgendaItem, input.id, "input.id");
      tx.checkVersion(item, input.expectedVersion);
      await tx.remove(item);
      await tx.renumber(await this.ordered(tx, item.meetingId));
      return { deletedId: input.id, cascaded: 0 };
    });
  }

  reorder(actor: Actor, input: ReorderAgendaItemsInput): Promise<{ node: Meeting }> {
    return this.mutations.run(actor, "reorderAgendaItems", async (tx) => {
      const meeting = await tx.reference(Meeting, input.meetingId, "input.meetingId");
      const items = await this.ordered(tx, meeting.id);
      const byGlobalId = new Map(items.map((item) => [item.globalId, item]));
      const problems = input.itemIds.flatMap((id, i) => {
        if (!byGlobalId.has(id))
          return [{ path: `input.itemIds[${i}]`, message: "is not an agenda item of this meeting" }];
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
}
