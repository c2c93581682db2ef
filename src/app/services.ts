import type { DataSource } from "typeorm";
import { DirectoryEvents } from "../modules/live/directory-events";
import { TokenEvents } from "../modules/live/token-events";
import type { Logger } from "../platform/logger";
import type { Clock } from "../platform/clock";
import { systemClock } from "../platform/clock";
import { TokenService } from "../modules/tokens/token.service";
import type { DatabaseEngine } from "../config";
import { MutationRunner } from "../platform/db/mutation";
import { ServiceRegistry } from "../platform/feature-module";
import { FEATURES, directorySections, nodeLookups } from "./features";
import { NodeTypes } from "../modules/node/node-types";

/** The connections services use: reads never wait for writes (SQLite: a second connection in WAL mode). */
export interface Databases {
  reader: DataSource;
  writer: DataSource;
}

/** The application's services, created once per gateway: every feature's, found by class in `registry`. */
export function createServices(
  { reader: dataSource, writer }: Databases,
  engine: DatabaseEngine,
  log?: Logger,
  /** Where `directoryChanged` events travel: in-process when absent, through Redis to every instance when given. */
  eventTarget?: EventTarget,
  /** Runs as each mutation commits, before its event is announced (the gateway empties its response cache). */
  beforeAnnounce?: () => Promise<void>,
  /** Most meetings `exportDirectory` answers with. */
  maxExportMeetings?: number,
  /** Longest a mutation waits for its turn to write before DATABASE_BUSY (see MutationRunnerOptions). */
  writeLockTimeoutMs?: number,
  /** "Now" for every service: the system clock unless GATEWAY_CLOCK_FIXED fixes it (src/config.ts). */
  clock: Clock = systemClock,
) {
  const events = new DirectoryEvents(dataSource, log, eventTarget);
  const tokenEvents = new TokenEvents(eventTarget);
  const mutations = new MutationRunner(
    writer,
    async (operation, changes) => {
      try {
        await beforeAnnounce?.();
      } catch (error) {
        log?.error({ err: error, operation }, "commit hook failed");
      }
      tokenEvents.onCommit(changes);
      events.onCommit(operation, changes);
    },
    { lockTimeoutMs: writeLockTimeoutMs },
  );
  const registry = new ServiceRegistry();
  registry.add(events);
  registry.add(tokenEvents);
  registry.add(new NodeTypes(nodeLookups()));
  for (const feature of FEATURES) {
    const created =
      feature.services?.({
        reader: dataSource,
        writer,
        engine,
        mutations,
        log,
        clock,
        maxExportMeetings,
        services: registry,
        directorySections,
      }) ?? [];
    for (const service of created) registry.add(service);
  }
  return { events, tokenEvents, tokens: registry.get(TokenService), registry };
}

export type Services = ReturnType<typeof createServices>;
