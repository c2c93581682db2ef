import { createUnionType } from "type-graphql";
import { connectionTypes } from "../../platform/db/pagination";
import { Member } from "./member.entity";
import { Organisation } from "./organisation.entity";

export const { ConnectionType: MemberConnection, EdgeType: MemberEdge } = connectionTypes(Member, "Member", "Members");

export const Institution = createUnionType({
  name: "Institution",
  description: "Where an office is held: a WCO Member (customs administration) or another organisation.",
  types: () => [Member, Organisation] as const,
});
