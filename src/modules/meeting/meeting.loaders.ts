import type { DataSource } from "typeorm";
import { rowsByIdOf, rowsByKey } from "../../common/loaders";
import type { ReadScope } from "../../db/entity-reader";
import { readerOf } from "../../db/entity-reader";
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
    participationsByMeetingId: (scope: ReadScope) =>
      rowsByKey(
        (meetingIds: readonly number[]) =>
          participations.where("meeting_id", meetingIds, `"t"."meeting_id", "t"."id"`, scope),
        (participation) => participation.meetingId,
      ),
    sourcesByMeetingId: (scope: ReadScope) =>
      rowsByKey(
        (meetingIds: readonly number[]) =>
          sources.linked(sourceLinks, meetingIds, `"l"."meeting_id", "t"."published_on", "t"."id"`, scope),
        (source) => source.linkedId,
      ),
    meetingsBySourceId: (scope: ReadScope) =>
      rowsByKey(
        (sourceIds: readonly number[]) => meetings.linked(meetingLinks, sourceIds, `"l"."source_id", "t"."id"`, scope),
        (meeting) => meeting.linkedId,
      ),
    sourceById: rowsByIdOf(sources),
  };
}
