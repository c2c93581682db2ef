import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { rowsById, rowsByKey } from "../../common/loaders";
import { Meeting } from "./meeting.entity";
import { Participation } from "./participation.entity";
import { MeetingSource, Source } from "./source.entity";

type SourceOfMeeting = Source & { linkedMeetingId: number };
type MeetingOfSource = Meeting & { linkedSourceId: number };

export function createMeetingLoaders(dataSource: DataSource) {
  const meetings = dataSource.getRepository(Meeting);
  const participations = dataSource.getRepository(Participation);
  const sources = dataSource.getRepository(Source);
  const links = dataSource.getRepository(MeetingSource);

  return {
    meetingById: rowsById((ids) => meetings.findBy({ id: In([...ids]) })),
    participationById: rowsById((ids) => participations.findBy({ id: In([...ids]) })),
    participationsByMeetingId: rowsByKey(
      (meetingIds: readonly number[]) =>
        participations.find({ where: { meetingId: In([...meetingIds]) }, order: { meetingId: "ASC", id: "ASC" } }),
      (participation) => participation.meetingId,
    ),
    sourcesByMeetingId: rowsByKey(
      async (meetingIds: readonly number[]): Promise<SourceOfMeeting[]> => {
        const rows = await links.find({
          where: { meetingId: In([...meetingIds]) },
          relations: { source: true },
          order: { meetingId: "ASC", source: { publishedOn: "ASC", id: "ASC" } },
        });
        return rows.map((link) => Object.assign(link.source!, { linkedMeetingId: link.meetingId }));
      },
      (source) => source.linkedMeetingId,
    ),
    meetingsBySourceId: rowsByKey(
      async (sourceIds: readonly number[]): Promise<MeetingOfSource[]> => {
        const rows = await links.find({
          where: { sourceId: In([...sourceIds]) },
          relations: { meeting: true },
          order: { sourceId: "ASC", meeting: { id: "ASC" } },
        });
        return rows.map((link) => Object.assign(link.meeting!, { linkedSourceId: link.sourceId }));
      },
      (meeting) => meeting.linkedSourceId,
    ),
    sourceById: rowsById((ids) => sources.findBy({ id: In([...ids]) })),
  };
}
