import type { DataSource } from "typeorm";
import type { DatabaseEngine } from "./config";
import { MeetingService } from "./modules/meeting/meeting.service";
import { MemberService } from "./modules/member/member.service";
import { PersonService } from "./modules/person/person.service";
import { RegionService } from "./modules/region/region.service";
import { ThemeService } from "./modules/theme/theme.service";

/** The application's services, created once per process over one data source. */
export function createServices(dataSource: DataSource, engine: DatabaseEngine) {
  return {
    regions: new RegionService(dataSource),
    members: new MemberService(dataSource, engine),
    people: new PersonService(dataSource, engine),
    themes: new ThemeService(dataSource, engine),
    meetings: new MeetingService(dataSource, engine),
  };
}

export type Services = ReturnType<typeof createServices>;
