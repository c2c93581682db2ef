import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { rowsById, rowsByKey } from "../../common/loaders";
import type { Person } from "../person/person.entity";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "./agenda-item.entity";

type SpeakerOfItem = Person & { linkedAgendaItemId: number };
type TopicOfItem = Topic & { linkedAgendaItemId: number };

export function createAgendaLoaders(dataSource: DataSource) {
  const items = dataSource.getRepository(AgendaItem);
  const speakers = dataSource.getRepository(AgendaItemSpeaker);
  const itemTopics = dataSource.getRepository(AgendaItemTopic);
  const topics = dataSource.getRepository(Topic);

  return {
    agendaItemById: rowsById((ids) => items.findBy({ id: In([...ids]) })),
    topicById: rowsById((ids) => topics.findBy({ id: In([...ids]) })),
    agendaItemsByMeetingId: rowsByKey(
      (meetingIds: readonly number[]) =>
        items.find({ where: { meetingId: In([...meetingIds]) }, order: { meetingId: "ASC", position: "ASC" } }),
      (item) => item.meetingId,
    ),
    speakersByAgendaItemId: rowsByKey(
      async (itemIds: readonly number[]): Promise<SpeakerOfItem[]> => {
        const rows = await speakers.find({
          where: { agendaItemId: In([...itemIds]) },
          relations: { person: true },
          order: { agendaItemId: "ASC", position: "ASC" },
        });
        return rows.map((row) => Object.assign(row.person!, { linkedAgendaItemId: row.agendaItemId }));
      },
      (speaker) => speaker.linkedAgendaItemId,
    ),
    topicsByAgendaItemId: rowsByKey(
      async (itemIds: readonly number[]): Promise<TopicOfItem[]> => {
        const rows = await itemTopics.find({
          where: { agendaItemId: In([...itemIds]) },
          relations: { topic: true },
          order: { agendaItemId: "ASC", topic: { name: "ASC" } },
        });
        return rows.map((row) => Object.assign(row.topic!, { linkedAgendaItemId: row.agendaItemId }));
      },
      (topic) => topic.linkedAgendaItemId,
    ),
  };
}
