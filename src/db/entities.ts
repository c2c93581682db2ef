import { ApiToken } from "../auth/api-token.entity";
import { AuditEntry } from "../audit/audit-entry.entity";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "../modules/agenda/agenda-item.entity";
import { Meeting } from "../modules/meeting/meeting.entity";
import { Participation } from "../modules/meeting/participation.entity";
import { MeetingSource, Source } from "../modules/meeting/source.entity";
import { Member } from "../modules/member/member.entity";
import { Organisation } from "../modules/member/organisation.entity";
import { Appointment } from "../modules/person/appointment.entity";
import { Person } from "../modules/person/person.entity";
import { Region } from "../modules/region/region.entity";
import { AnnualTheme } from "../modules/theme/annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "../modules/theme/theme-pillar.entity";

export const entities = [
  Region,
  Member,
  Organisation,
  Person,
  Appointment,
  AnnualTheme,
  ThemePillar,
  ThemePillarFocusArea,
  Meeting,
  Participation,
  Source,
  MeetingSource,
  AgendaItem,
  AgendaItemSpeaker,
  Topic,
  AgendaItemTopic,
  ApiToken,
  AuditEntry,
];
