import { defineFeature } from "../../platform/feature-module";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "./agenda-item.entity";
import { createAgendaLoaders } from "./agenda.loaders";
import { AgendaMutations } from "./agenda.mutations";
import { AgendaItemResolver } from "./agenda.resolver";

/** Each meeting's agenda: items, their speakers and topics. */
export const agendaFeature = defineFeature({
  name: "agenda",
  entities: [AgendaItem, AgendaItemSpeaker, Topic, AgendaItemTopic],
  resolvers: [AgendaItemResolver],
  services: ({ mutations }) => [new AgendaMutations(mutations)],
  loaders: createAgendaLoaders,
  nodes: { AgendaItem: { loader: "agendaItemById" }, Topic: { loader: "topicById" } },
  listSizes: { "Meeting.agenda": 20, "AgendaItem.speakers": 5, "AgendaItem.topics": 5 },
});
