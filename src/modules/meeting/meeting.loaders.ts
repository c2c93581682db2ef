import type { DataSource } from "typeorm";
import { linkedByKey, rowsByIdOf, rowsByKey } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { Meeting } from "./meeting.entity";
import { Participation } from "./participation.entity";
import { Source } from "./source.entity";

/** Factories of the per-request loaders of meetings, participations and sources (built on first use: see `createLoaders`). */
export function createMeetingLoaders(dataSource: DataSource) {
  const meetings = readerOf(dataSource, Meeting);
  const participations = readerOf(dataSource, Participation);
  const sources = readerOf(dataSource, Source);
  const sourceLinks = { table: "meeting_source", linkColumn: "meeting_id", targetColumn: "source_id" };
  const meetingLinks = { table: "meeting_source", linkColumn: "source_id", targetColumn: "meeting_id" };

  return {
    meetingById: rowsByIdOf(meetings),
    participationById: rowsByIdOf(participations),
    participationsByMeetingId: () =>
      rowsByKey(
        (meetingIds: readonly number[]) => participations.where("meeting_id", meetingIds, `"t"."meeting_id", "t"."id"`),
        (participation) => participation.meetingId,
      ),
    sourcesByMeetingId: () =>
      linkedByKey((meetingIds) =>
        sources.linked(sourceLinks, meetingIds, `"l"."meeting_id", "t"."published_on", "t"."id"`),
      ),
    meetingsBySourceId: () =>
      linkedByKey((sourceIds) => meetings.linked(meetingLinks, sourceIds, `"l"."source_id", "t"."id"`)),
    sourceById: rowsByIdOf(sources),
  };
}
