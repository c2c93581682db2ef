import { ArrayMaxSize } from "class-validator";
import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver } from "type-graphql";
import type DataLoader from "dataloader";
import { Role } from "../../auth/role";
import type { GatewayContext, Loaders } from "../../context";
import { tryDecodeGlobalId } from "../../common/global-id";
import { Node } from "../../common/node";

export const MAX_NODES = 100;

type NodeLoader = DataLoader<number, Node | null>;

/** Which per-request loader fetches each Node type by primary key. */
const LOADER_OF: Record<string, (loaders: Loaders) => NodeLoader> = {
  Region: (l) => l.regionById,
  Member: (l) => l.memberById,
  Organisation: (l) => l.organisationById,
  Person: (l) => l.personById,
  Appointment: (l) => l.appointmentById,
  AnnualTheme: (l) => l.themeById,
  ThemePillar: (l) => l.pillarById,
  Meeting: (l) => l.meetingById,
  Participation: (l) => l.participationById,
  Source: (l) => l.sourceById,
  AgendaItem: (l) => l.agendaItemById,
  Topic: (l) => l.topicById,
  ApiToken: (l) => l.apiTokenById,
  AuditEntry: (l) => l.auditEntryById,
};

/** Types only admins may fetch; for anyone else their ids resolve to null, as if they did not exist. */
const ADMIN_ONLY = new Set(["ApiToken", "AuditEntry"]);

/** Ids that are malformed or name no existing object resolve to null, as the Relay spec asks. */
function loadNode(globalId: string, ctx: GatewayContext): Promise<Node | null> {
  const decoded = tryDecodeGlobalId(globalId);
  const loaderOf = decoded && LOADER_OF[decoded.typeName];
  if (!decoded || !loaderOf) return Promise.resolve(null);
  if (ADMIN_ONLY.has(decoded.typeName) && ctx.caller?.role !== Role.ADMIN) return Promise.resolve(null);
  return loaderOf(ctx.loaders).load(decoded.id);
}

@ArgsType()
class NodesArgs {
  @Field(() => [ID], { description: `Global ids, at most ${MAX_NODES}.` })
  @ArrayMaxSize(MAX_NODES)
  ids!: string[];
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "Fetches any object by its global id; null when no object has that id.",
  })
  node(
    @Arg("id", () => ID, { description: "A global id taken from an `id` field." }) id: string,
    @Ctx() ctx: GatewayContext,
  ) {
    return loadNode(id, ctx);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Fetches up to ${MAX_NODES} objects by global id, in the order given; null for each id that names nothing.`,
  })
  nodes(@Args() { ids }: NodesArgs, @Ctx() ctx: GatewayContext) {
    return Promise.all(ids.map((id) => loadNode(id, ctx)));
  }
}
