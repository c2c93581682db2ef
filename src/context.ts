import type { DataSource } from "typeorm";
import { NestedConnections } from "./common/loaders";
import { createAgendaLoaders } from "./modules/agenda/agenda.loaders";
import { createMeetingLoaders } from "./modules/meeting/meeting.loaders";
import { createMemberLoaders } from "./modules/member/member.loaders";
import { createPersonLoaders } from "./modules/person/person.loaders";
import { createRegionLoaders } from "./modules/region/region.loaders";
import { createThemeLoaders } from "./modules/theme/theme.loaders";

export function createLoaders(dataSource: DataSource) {
  return {
    ...createRegionLoaders(dataSource),
    ...createMemberLoaders(dataSource),
    ...createPersonLoaders(dataSource),
    ...createThemeLoaders(dataSource),
    ...createMeetingLoaders(dataSource),
    ...createAgendaLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Everything a resolver may use while answering one request. Built fresh for each request. */
export interface GatewayContext {
  /** DataLoaders are per request: a batch never mixes callers, and nothing is cached across requests. */
  loaders: Loaders;
  /** Batches nested connections of many parents into a constant number of queries. */
  nested: NestedConnections;
}

export function createContext(dataSource: DataSource): GatewayContext {
  return { loaders: createLoaders(dataSource), nested: new NestedConnections() };
}
