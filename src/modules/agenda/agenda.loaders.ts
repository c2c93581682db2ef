import type { DataSource } from "typeorm";
import { linkedByKey, rowsByIdOf, rowsByKey } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
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
    agendaItemsByMeetingId: () =>
      rowsByKey(
        (meetingIds: readonly number[]) => items.where("meeting_id", meetingIds, `"t"."meeting_id", "t"."position"`),
        (item) => item.meetingId,
      ),
    speakersByAgendaItemId: () =>
      linkedByKey((itemIds) => people.linked(speakerLinks, itemIds, `"l"."agenda_item_id", "l"."position"`)),
    topicsByAgendaItemId: () =>
      linkedByKey((itemIds) => topics.linked(topicLinks, itemIds, `"l"."agenda_item_id", "t"."name"`)),
  };
}
