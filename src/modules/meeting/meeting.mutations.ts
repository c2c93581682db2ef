import { In, Not } from "typeorm";
import { BadUserInputError, ConflictError } from "../../common/errors";
import {
  checkDateOrder,
  cleanText,
  keepOrSet,
  listedTwiceProblems,
  normaliseTimeZone,
  normaliseUrl,
  refuse,
  refuseIf,
} from "../../common/input-rules";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import type { DeleteInput, DeletePayload } from "../../common/payloads";
import { AgendaItem, AgendaItemSpeaker } from "../agenda/agenda-item.entity";
import { Member } from "../member/member.entity";
import { Person } from "../person/person.entity";
import { Region } from "../region/region.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { meetingSeriesOf } from "../series/series.mutations";
import { meetingOnlineColumns, meetingVenueId } from "../venue/venue.mutations";
import { Meeting } from "./meeting.entity";
import type {
  CreateMeetingInput,
  CreateParticipationInput,
  CreateSourceInput,
  DeleteParticipationInput,
  DeleteSourceInput,
  UpdateMeetingInput,
  UpdateParticipationInput,
  UpdateSourceInput,
} from "./meeting.mutation-inputs";
import { meetingSlugTaken, meetingTimeProblems, roleTaken, sourceTaken } from "./meeting.rules";
import { Participation } from "./participation.entity";
import { MeetingSource, Source } from "./source.entity";

type Ref = typeof Region | typeof Member | typeof Person | typeof AnnualTheme;

/** undefined keeps, null clears, an id must name an existing object of that type. */
async function optionalId(tx: Transaction, entity: Ref, id: string | null | undefined, path: string) {
  if (id === undefined || id === null) return id;
  return (await tx.reference(entity as typeof Region, id, path)).id;
}

export class MeetingMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private async checkSlugFree(tx: Transaction, slug: string, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(Meeting, { slug });
    if (holder && holder.id !== exceptId) refuse(meetingSlugTaken(slug, "input.slug"));
  }

  /** Replaces the meeting's set of sources, each named once; records the change when there is one. */
  private async setSources(tx: Transaction, meeting: Meeting, sourceIds: string[]): Promise<void> {
    const wanted: number[] = [];
    for (const [i, id] of sourceIds.entries())
      wanted.push((await tx.reference(Source, id, `input.sourceIds[${i}]`)).id);
    refuseIf(listedTwiceProblems(wanted, "input.sourceIds"));
    const stored = (await tx.em.findBy(MeetingSource, { meetingId: meeting.id })).map((link) => link.sourceId);
    const same = stored.length === wanted.length && stored.every((id) => wanted.includes(id));
    if (same) return;
    await tx.em.delete(MeetingSource, { meetingId: meeting.id });
    if (wanted.length)
      await tx.em.insert(
        MeetingSource,
        wanted.map((sourceId) => ({ meetingId: meeting.id, sourceId })),
      );
    tx.record(Meeting.typename, meeting.id, { sourceIds: stored.sort() }, { sourceIds: [...wanted].sort() });
  }

  create(actor: Actor, input: CreateMeetingInput): Promise<{ node: Meeting }> {
    return this.mutations.run(actor, "createMeeting", async (tx) => {
      await this.checkSlugFree(tx, input.slug);
      checkDateOrder(input.startDate, input.endDate, "input.endDate");
      refuseIf(meetingTimeProblems(input, "input."));
      const meeting = await tx.insert(Meeting, {
        slug: input.slug,
        title: cleanText(input.title, "input.title"),
        kind: input.kind,
        summary: cleanText(input.summary, "input.summary") ?? null,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        startTime: input.startTime ?? null,
        endTime: input.endTime ?? null,
        timezone: input.timezone ? normaliseTimeZone(input.timezone) : null,
        format: input.format,
        status: input.status,
        regionId: (await optionalId(tx, Region, input.regionId, "input.regionId")) ?? null,
        hostMemberId: (await optionalId(tx, Member, input.hostId, "input.hostId")) ?? null,
        convenerPersonId: (await optionalId(tx, Person, input.convenerId, "input.convenerId")) ?? null,
        themeId: (await optionalId(tx, AnnualTheme, input.themeId, "input.themeId")) ?? null,
        venueId: (await meetingVenueId(tx, input.venueId, "input.venueId")) ?? null,
        onlineUrl: null,
        onlinePlatform: null,
        ...meetingOnlineColumns(input.onlineLink, "input.onlineLink"),
        ...(await meetingSeriesOf(tx, input)),
      });
      await this.setSources(tx, meeting, input.sourceIds);
      return { node: meeting };
    });
  }

  update(actor: Actor, input: UpdateMeetingInput): Promise<{ node: Meeting }> {
    return this.mutations.run(actor, "updateMeeting", async (tx) => {
      const meeting = await tx.get(Meeting, input.id, "input.id");
      tx.checkVersion(meeting, input.expectedVersion);
      const slug = keepOrSet(input.slug, "input.slug");
      if (slug !== undefined) await this.checkSlugFree(tx, slug, meeting.id);
      checkDateOrder(
        input.startDate === undefined ? meeting.startDate : input.startDate,
        input.endDate === undefined ? meeting.endDate : input.endDate,
        "input.endDate",
      );
      refuseIf(
        meetingTimeProblems(
          {
            startDate: input.startDate === undefined ? meeting.startDate : input.startDate,
            endDate: input.endDate === undefined ? meeting.endDate : input.endDate,
            timezone: input.timezone === undefined ? meeting.timezone : input.timezone,
            startTime: input.startTime === undefined ? meeting.startTime : input.startTime,
            endTime: input.endTime === undefined ? meeting.endTime : input.endTime,
          },
          "input.",
        ),
      );
      const themeId = await optionalId(tx, AnnualTheme, input.themeId, "input.themeId");
      if (themeId !== undefined && themeId !== meeting.themeId && meeting.themeId !== null) {
        const pillarIds = (await tx.em.findBy(ThemePillar, { themeId: meeting.themeId })).map((p) => p.id);
        const linked = pillarIds.length
          ? await tx.em.countBy(AgendaItem, { meetingId: meeting.id, pillarId: In(pillarIds) })
          : 0;
        if (linked) {
          throw BadUserInputError.forField(
            "input.themeId",
            `${linked} agenda item(s) serve pillars of the current theme; unlink them first`,
          );
        }
      }
      const updated = await tx.update(meeting, {
        slug,
        title: cleanText(keepOrSet(input.title, "input.title"), "input.title"),
        kind: keepOrSet(input.kind, "input.kind"),
        summary: cleanText(input.summary, "input.summary"),
        startDate: input.startDate,
        endDate: input.endDate,
        startTime: input.startTime,
        endTime: input.endTime,
        timezone: input.timezone ? normaliseTimeZone(input.timezone) : input.timezone,
        format: keepOrSet(input.format, "input.format"),
        status: keepOrSet(input.status, "input.status"),
        regionId: await optionalId(tx, Region, input.regionId, "input.regionId"),
        hostMemberId: await optionalId(tx, Member, input.hostId, "input.hostId"),
        convenerPersonId: await optionalId(tx, Person, input.convenerId, "input.convenerId"),
        themeId,
        venueId: await meetingVenueId(tx, input.venueId, "input.venueId"),
        ...meetingOnlineColumns(input.onlineLink, "input.onlineLink"),
        ...(await meetingSeriesOf(tx, input, meeting)),
      });
      const sourceIds = keepOrSet(input.sourceIds, "input.sourceIds");
      if (sourceIds) await this.setSources(tx, updated, sourceIds);
      return { node: updated };
    });
  }

  /** A meeting's agenda, participations and source links belong to it and go with it. */
  delete(actor: Actor, input: DeleteInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteMeeting", async (tx) => {
      const meeting = await tx.get(Meeting, input.id, "input.id");
      tx.checkVersion(meeting, input.expectedVersion);
      const owned =
        (await tx.em.countBy(AgendaItem, { meetingId: meeting.id })) +
        (await tx.em.countBy(Participation, { meetingId: meeting.id })) +
        (await tx.em.countBy(MeetingSource, { meetingId: meeting.id }));
      await tx.remove(meeting);
      return { deletedId: input.id, cascaded: owned };
    });
  }

  createParticipation(actor: Actor, input: CreateParticipationInput): Promise<{ node: Participation }> {
    return this.mutations.run(actor, "createParticipation", async (tx) => {
      const meeting = await tx.reference(Meeting, input.meetingId, "input.meetingId");
      const person = await tx.reference(Person, input.personId, "input.personId");
      if (await tx.em.existsBy(Participation, { meetingId: meeting.id, personId: person.id, role: input.role }))
        refuse(roleTaken(person.slug, input.role, "input.role"));
      return { node: await tx.insert(Participation, { meetingId: meeting.id, personId: person.id, role: input.role }) };
    });
  }

  updateParticipation(actor: Actor, input: UpdateParticipationInput): Promise<{ node: Participation }> {
    return this.mutations.run(actor, "updateParticipation", async (tx) => {
      const participation = await tx.get(Participation, input.id, "input.id");
      tx.checkVersion(participation, input.expectedVersion);
      const duplicate = await tx.em.existsBy(Participation, {
        meetingId: participation.meetingId,
        personId: participation.personId,
        role: input.role,
        id: Not(participation.id),
      });
      if (duplicate) {
        const person = await tx.em.findOneByOrFail(Person, { id: participation.personId });
        refuse(roleTaken(person.slug, input.role, "input.role"));
      }
      return { node: await tx.update(participation, { role: input.role }) };
    });
  }

  deleteParticipation(actor: Actor, input: DeleteParticipationInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteParticipation", async (tx) => {
      const participation = await tx.get(Participation, input.id, "input.id");
      tx.checkVersion(participation, input.expectedVersion);
      const otherRoles = await tx.em.countBy(Participation, {
        meetingId: participation.meetingId,
        personId: participation.personId,
        id: Not(participation.id),
      });
      let cascaded = 0;
      if (otherRoles === 0) {
        const itemIds = (await tx.em.findBy(AgendaItem, { meetingId: participation.meetingId })).map((item) => item.id);
        const slots = itemIds.length
          ? await tx.em.findBy(AgendaItemSpeaker, { agendaItemId: In(itemIds), personId: participation.personId })
          : [];
        if (slots.length && !input.cascade) {
          throw new ConflictError(
            `The person speaks at ${slots.length} agenda item(s) of this meeting, and a speaker must be a participant; delete with cascade: true to remove those speaking slots`,
            { references: { speakingSlots: slots.length } },
          );
        }
        for (const slot of slots)
          await tx.em.delete(AgendaItemSpeaker, { agendaItemId: slot.agendaItemId, personId: slot.personId });
        cascaded = slots.length;
      }
      await tx.remove(participation);
      return { deletedId: input.id, cascaded };
    });
  }

  private async checkSourceFree(tx: Transaction, title: string, publishedOn: string, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(Source, { title, publishedOn });
    if (holder && holder.id !== exceptId) refuse(sourceTaken(publishedOn, "input.title"));
  }

  createSource(actor: Actor, input: CreateSourceInput): Promise<{ node: Source }> {
    return this.mutations.run(actor, "createSource", async (tx) => {
      const title = cleanText(input.title, "input.title");
      await this.checkSourceFree(tx, title, input.publishedOn);
      const source = await tx.insert(Source, {
        title,
        publisher: cleanText(input.publisher, "input.publisher"),
        publishedOn: input.publishedOn,
        language: input.language,
        url: input.url ? normaliseUrl(input.url) : null,
      });
      return { node: source };
    });
  }

  updateSource(actor: Actor, input: UpdateSourceInput): Promise<{ node: Source }> {
    return this.mutations.run(actor, "updateSource", async (tx) => {
      const source = await tx.get(Source, input.id, "input.id");
      const title = cleanText(keepOrSet(input.title, "input.title"), "input.title");
      const publishedOn = keepOrSet(input.publishedOn, "input.publishedOn");
      if (title !== undefined || publishedOn !== undefined) {
        await this.checkSourceFree(tx, title ?? source.title, publishedOn ?? source.publishedOn, source.id);
      }
      const updated = await tx.update(
        source,
        {
          title,
          publisher: cleanText(keepOrSet(input.publisher, "input.publisher"), "input.publisher"),
          publishedOn,
          language: keepOrSet(input.language, "input.language"),
          url: input.url ? normaliseUrl(input.url) : input.url,
        },
        input.expectedVersion,
      );
      return { node: updated };
    });
  }

  deleteSource(actor: Actor, input: DeleteSourceInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteSource", async (tx) => {
      const source = await tx.get(Source, input.id, "input.id");
      tx.checkVersion(source, input.expectedVersion);
      const links = await tx.em.countBy(MeetingSource, { sourceId: source.id });
      if (links && !input.cascade) {
        throw new ConflictError(`The source documents ${links} meeting(s); delete with cascade: true to unlink it`, {
          references: { meetings: links },
        });
      }
      await tx.remove(source);
      return { deletedId: input.id, cascaded: links };
    });
  }
}
