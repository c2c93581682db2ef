import type { DataSource } from "typeorm";
import { rowsByIdOf, rowsByKey } from "../../common/loaders";
import type { ReadScope } from "../../db/entity-reader";
import { readerOf } from "../../db/entity-reader";
import { Person } from "../person/person.entity";
import { AgendaItem, Topic } from "./agenda-item.entity";

/** Factories of the per-request loaders of agenda items, their topics and speakers (built on first use: see `createLoaders`). */
export function createAgendaLoaders(dataSource: DataSource) {
  const items = readerOf(dataSource, AgendaItem);
  const topics = readerOf(dataSource, Topic);
  const people = readerOf(dataSource, Person);
  const speakerLinks = { table: "agenda_item_speaker", linkColumn: "agenda_item_id", targetColumn: "person_id" };
  const topicLinks = { table: "agenda_item_topic", linkColumn: "agenda_item_id", targetColumn: "topic_id" };

  return {
    agendaItemById: rowsByIdOf(items),
    topicById: rowsByIdOf(topics),
    agendaItemsByMeetingId: (scope: ReadScope) =>
      rowsByKey(
        (meetingIds: readonly number[]) =>
          items.where("meeting_id", meetingIds, `"t"."meeting_id", "t"."position"`, scope),
        (item) => item.meetingId,
      ),
    speakersByAgendaItemId: (scope: ReadScope) =>
      rowsByKey(
        (itemIds: readonly number[]) =>
          people.linked(speakerLinks, itemIds, `"l"."agenda_item_id", "l"."position"`, scope),
        (speaker) => speaker.linkedId,
      ),
    topicsByAgendaItemId: (scope: ReadScope) =>
      rowsByKey(
        (itemIds: readonly number[]) => topics.linked(topicLinks, itemIds, `"l"."agenda_item_id", "t"."name"`, scope),
        (topic) => topic.linkedId,
      ),
  };
}
