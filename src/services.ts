import type { DataSource } from "typeorm";
import { AuditService } from "./audit/audit.service";
import { ActivityService } from "./modules/activity/activity.service";
import { DirectoryEvents } from "./live/directory-events";
import { TokenEvents } from "./live/token-events";
import type { Logger } from "./logger";
import { DirectoryService } from "./directory/directory.service";
import { AgendaMutations } from "./modules/agenda/agenda.mutations";
import { TokenService } from "./auth/token.service";
import type { DatabaseEngine } from "./config";
import { MutationRunner } from "./common/mutation";
import { MeetingMutations } from "./modules/meeting/meeting.mutations";
import { MeetingService } from "./modules/meeting/meeting.service";
import { MemberMutations } from "./modules/member/member.mutations";
import { MemberService } from "./modules/member/member.service";
import { PersonMutations } from "./modules/person/person.mutations";
import { PersonService } from "./modules/person/person.service";
import { RegionMutations } from "./modules/region/region.mutations";
import { RegionService } from "./modules/region/region.service";
import { ThemeMutations } from "./modules/theme/theme.mutations";
import { ThemeService } from "./modules/theme/theme.service";

/** The connections services use: reads never wait for writes (SQLite: a second connection in WAL mode). */
export interface Databases {
  reader: DataSource;
  writer: DataSource;
}

/** The application's services, created once per process. */
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
  return {
    events,
    tokenEvents,
    regions: new RegionService(dataSource),
    regionMutations: new RegionMutations(mutations),
    members: new MemberService(dataSource, engine),
    memberMutations: new MemberMutations(mutations),
    people: new PersonService(dataSource, engine),
    personMutations: new PersonMutations(mutations),
    themes: new ThemeService(dataSource, engine),
    themeMutations: new ThemeMutations(mutations),
    meetings: new MeetingService(dataSource, engine),
    meetingMutations: new MeetingMutations(mutations),
    agendaMutations: new AgendaMutations(mutations),
    tokens: new TokenService(dataSource, mutations),
    audit: new AuditService(dataSource, engine),
    directory: new DirectoryService(dataSource, mutations, maxExportMeetings),
    activity: new ActivityService(dataSource),
  };
}

export type Services = ReturnType<typeof createServices>;
