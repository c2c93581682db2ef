import { connectionTypes } from "../../platform/db/pagination";
import { Meeting } from "./meeting.entity";
import { Participation } from "./participation.entity";

export const { ConnectionType: MeetingConnection, EdgeType: MeetingEdge } = connectionTypes(
  Meeting,
  "Meeting",
  "meetings",
);

export const { ConnectionType: ParticipationConnection, EdgeType: ParticipationEdge } = connectionTypes(
  Participation,
  "Participation",
  "participations",
);
