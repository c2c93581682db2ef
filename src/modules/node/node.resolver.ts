import { ArrayMaxSize } from "class-validator";
import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver } from "type-graphql";
import { Role } from "../../platform/auth/role";
import type { GatewayContext } from "../../platform/context";
import type { NodeLoader } from "../../platform/feature-module";
import { NodeTypes } from "./node-types";
import { tryDecodeGlobalId } from "../../common/global-id";
import { Node } from "../../common/node";

export const MAX_NODES = 100;

/** Ids that are malformed or name no existing object resolve to null, as the Relay spec asks. */
function loadNode(nodeTypes: NodeTypes, globalId: string, ctx: GatewayContext): Promise<Node | null> {
  const decoded = tryDecodeGlobalId(globalId);
  const lookup = decoded && nodeTypes.lookup(decoded.typeName);
  if (!decoded || !lookup) return Promise.resolve(null);
  // Admin-only types (tokens, the audit trail): for anyone else their ids resolve to null, as if they did not exist.
  if (lookup.adminOnly && ctx.caller?.role !== Role.ADMIN) return Promise.resolve(null);
  const loader = (ctx.loaders as unknown as Record<string, NodeLoader>)[lookup.loader];
  if (!loader) throw new Error(`The ${decoded.typeName} node type names a loader no feature has: ${lookup.loader}`);
  return loader.load(decoded.id) as Promise<Node | null>;
}

@ArgsType()
class NodesArgs {
  @Field(() => [ID], { description: `Global ids, at most ${MAX_NODES}.` })
  @ArrayMaxSize(MAX_NODES)
  ids!: string[];
}

@Resolver()
export class NodeResolver {
  constructor(private readonly nodeTypes: NodeTypes) {}

  @Query(() => Node, {
    nullable: true,
    description: "Fetches any object by its global id; null when no object has that id.",
  })
  node(
    @Arg("id", () => ID, { description: "A global id taken from an `id` field." }) id: string,
    @Ctx() ctx: GatewayContext,
  ) {
    return loadNode(this.nodeTypes, id, ctx);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Fetches up to ${MAX_NODES} objects by global id, in the order given; null for each id that names nothing.`,
  })
  nodes(@Args() { ids }: NodesArgs, @Ctx() ctx: GatewayContext) {
    return Promise.all(ids.map((id) => loadNode(this.nodeTypes, id, ctx)));
  }
}
