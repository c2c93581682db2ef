import { connectionTypes } from "../../platform/db/pagination";
import { Meeting } from "./meeting.entity";

export const { ConnectionType: MeetingConnection, EdgeType: MeetingEdge } = connectionTypes(
  Meeting,
  "Meeting",
  "meetings",
);
