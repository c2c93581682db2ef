import { ConflictError } from "../../common/errors";
import { cleanText, keepOrSet, refuse, refuseIf } from "../../common/input-rules";
import type { DeletePayload } from "../../common/payloads";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import { Meeting } from "../meeting/meeting.entity";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "./series.entity";
import type {
  CreateMeetingSeriesInput,
  DeleteMeetingSeriesInput,
  UpdateMeetingSeriesInput,
} from "./series.mutation-inputs";
import { seriesSlugTaken, sessionNumberTaken, sessionWithoutSeriesProblems } from "./series.rules";

/** undefined keeps, null clears, an id must name an existing region. */
async function optionalRegionId(tx: Transaction, id: string | null | undefined): Promise<number | null | undefined> {
  if (id === undefined || id === null) return id;
  return (await tx.reference(Region, id, "input.regionId")).id;
}

/** What a meeting's create or update input says about its series (`createMeeting`, `updateMeeting`). */
export interface MeetingSeriesInput {
  seriesId?: string | null;
  sessionNumber?: number | null;
}

/**
 * The series and session number a meeting will have after `input`, checked: a session number needs a series
 * (BAD_USER_INPUT), and is unique within it (CONFLICT, naming the meeting that holds it). On update
 * (`current`), an omitted field keeps its value, except that a meeting moved to another series (or out of
 * one) loses its session number unless the input gives one: a number counts sessions of one series only.
 */
export async function meetingSeriesOf(
  tx: Transaction,
  input: MeetingSeriesInput,
  current?: Meeting,
): Promise<{ seriesId: number | null; sessionNumber: number | null }> {
  const series =
    input.seriesId === undefined || input.seriesId === null
      ? null
      : await tx.reference(MeetingSeries, input.seriesId, "input.seriesId");
  const seriesId = input.seriesId === undefined ? (current?.seriesId ?? null) : (series?.id ?? null);
  const moved = current !== undefined && seriesId !== current.seriesId;
  const sessionNumber =
    input.sessionNumber !== undefined ? input.sessionNumber : current && !moved ? current.sessionNumber : null;
  refuseIf(sessionWithoutSeriesProblems(sessionNumber, seriesId !== null, "input.sessionNumber"));
  if (seriesId !== null && sessionNumber !== null) {
    const holder = await tx.em.findOneBy(Meeting, { seriesId, sessionNumber });
    if (holder && holder.id !== current?.id) {
      const name = (series ?? (await tx.em.findOneByOrFail(MeetingSeries, { id: seriesId }))).name;
      const problem = sessionNumberTaken(name, sessionNumber, holder.slug, "input.sessionNumber");
      throw new ConflictError(`${problem.path}: ${problem.message}`, { problems: [problem] });
    }
  }
  return { seriesId, sessionNumber };
}

export class SeriesMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private async checkSlugFree(tx: Transaction, slug: string, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(MeetingSeries, { slug });
    if (holder && holder.id !== exceptId) refuse(seriesSlugTaken(slug, "input.slug"));
  }

  create(actor: Actor, input: CreateMeetingSeriesInput): Promise<{ node: MeetingSeries }> {
    return this.mutations.run(actor, "createMeetingSeries", async (tx) => {
      await this.checkSlugFree(tx, input.slug);
      const series = await tx.insert(MeetingSeries, {
        slug: input.slug,
        name: cleanText(input.name, "input.name"),
        shortName: cleanText(input.shortName, "input.shortName") ?? null,
        description: cleanText(input.description, "input.description") ?? null,
        regionId: (await optionalRegionId(tx, input.regionId)) ?? null,
      });
      return { node: series };
    });
  }

  update(actor: Actor, input: UpdateMeetingSeriesInput): Promise<{ node: MeetingSeries }> {
    return this.mutations.run(actor, "updateMeetingSeries", async (tx) => {
      const series = await tx.get(MeetingSeries, input.id, "input.id");
      tx.checkVersion(series, input.expectedVersion);
      const slug = keepOrSet(input.slug, "input.slug");
      if (slug !== undefined) await this.checkSlugFree(tx, slug, series.id);
      const updated = await tx.update(series, {
        slug,
        name: cleanText(keepOrSet(input.name, "input.name"), "input.name"),
        shortName: cleanText(input.shortName, "input.shortName"),
        description: cleanText(input.description, "input.description"),
        regionId: await optionalRegionId(tx, input.regionId),
      });
      return { node: updated };
    });
  }

  /** A series' meetings are not its own: with cascade they stay, out of the series and without session numbers. */
  delete(actor: Actor, input: DeleteMeetingSeriesInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteMeetingSeries", async (tx) => {
      const series = await tx.get(MeetingSeries, input.id, "input.id");
      tx.checkVersion(series, input.expectedVersion);
      const meetings = await tx.em.find(Meeting, { where: { seriesId: series.id }, order: { id: "ASC" } });
      if (meetings.length && !input.cascade) {
        throw new ConflictError(
          `The series ${series.name} has ${meetings.length} meeting(s); delete with cascade: true to take them out of the series (they lose their session numbers)`,
          { references: { meetings: meetings.length } },
        );
      }
      for (const meeting of meetings) await tx.update(meeting, { seriesId: null, sessionNumber: null });
      await tx.remove(series);
      return { deletedId: input.id, cascaded: meetings.length };
    });
  }
}
