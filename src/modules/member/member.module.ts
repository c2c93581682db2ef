import { defineFeature } from "../../platform/feature-module";
import { Member } from "./member.entity";
import { createMemberLoaders } from "./member.loaders";
import { MemberMutations } from "./member.mutations";
import { MemberResolver, RegionMembersResolver } from "./member.resolver";
import { MemberService } from "./member.service";
import { Organisation } from "./organisation.entity";

/** WCO Members (national customs administrations) and other organisations. */
export const memberFeature = defineFeature({
  name: "member",
  entities: [Member, Organisation],
  resolvers: [MemberResolver, RegionMembersResolver],
  services: ({ reader, engine, mutations }) => [new MemberService(reader, engine), new MemberMutations(mutations)],
  loaders: createMemberLoaders,
  nodes: { Member: { loader: "memberById" }, Organisation: { loader: "organisationById" } },
});
