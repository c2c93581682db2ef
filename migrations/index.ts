import { InitialSchema1764489600000 } from "./1764489600000-initial-schema";
import { TokensAndAudit1764576000000 } from "./1764576000000-tokens-and-audit";
import { PostgresTitleSearch1764662400000 } from "./1764662400000-postgres-title-search";
import { ActivityCoveringIndexes1764748800000 } from "./1764748800000-activity-covering-indexes";
import { Venues1764835200000 } from "./1764835200000-venues";
import { MeetingSeries1764921600000 } from "./1764921600000-meeting-series";
import { MeetingStatusAndTimes1765180800000 } from "./1765180800000-meeting-status-and-times";

/** Every migration, oldest first. Imported as classes so that compiled and ts-jest runs load the same list. */
export const migrations = [
  InitialSchema1764489600000,
  TokensAndAudit1764576000000,
  PostgresTitleSearch1764662400000,
  ActivityCoveringIndexes1764748800000,
  Venues1764835200000,
  MeetingSeries1764921600000,
  MeetingStatusAndTimes1765180800000,
];
