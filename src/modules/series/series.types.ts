import { connectionTypes } from "../../platform/db/pagination";
import { MeetingSeries } from "./series.entity";

export const { ConnectionType: MeetingSeriesConnection, EdgeType: MeetingSeriesEdge } = connectionTypes(
  MeetingSeries,
  "MeetingSeries",
  "meeting series",
);
