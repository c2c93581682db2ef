import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { getNamedType } from "graphql";
import { buildSchema } from "type-graphql";
import type { ContainerType, NonEmptyArray, ResolverData } from "type-graphql";
import { authChecker } from "../platform/auth/auth-checker";
import { resolvers } from "./features";
import { createDirectoryPubSub } from "../modules/live/directory-events";
import type { Services } from "./services";
import { validateInput } from "../common/validation";
import { typenameOf } from "../common/node";
import { callPlainFieldResolversDirectly } from "../platform/adapters/type-graphql-field-resolvers";
import { resolveInterfaceTypeSynchronously } from "../platform/adapters/type-graphql-resolve-type";

type ResolverClass = new (...services: never[]) => object;

/**
 * Creates each resolver once, handing it the services its constructor names by type (ServiceRegistry):
 * resolvers stay thin, hold no state of their own, and get only what they use.
 */
class ResolverContainer implements ContainerType {
  private readonly instances = new Map<ResolverClass, object>();

  constructor(private readonly services: Services | undefined) {}

  get(resolverClass: ResolverClass, _data: ResolverData<object>): object {
    return this.instance(resolverClass);
  }

  instance(resolverClass: ResolverClass): object {
    let instance = this.instances.get(resolverClass);
    if (!instance) {
      if (!this.services) throw new Error("This schema was built without services and cannot execute operations");
      instance = this.services.registry.construct(resolverClass);
      this.instances.set(resolverClass, instance);
    }
    return instance;
  }
}

/**
 * Builds the executable schema. Without services it can still be printed (`npm run schema:emit`).
 * Every input is validated with class-validator (see validateInput); type-graphql 2 leaves it off by default.
 */
export async function createSchema(services?: Services): Promise<GraphQLSchema> {
  const container = new ResolverContainer(services);
  const schema = await buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<ResolverClass>,
    container,
    validate: true,
    validateFn: validateInput,
    authChecker,
    // Mutations publish `directoryChanged` events here after they commit (see src/modules/live/).
    pubSub: services?.events.pubSub ?? createDirectoryPubSub(),
  });
  // graphql-jit cannot wait for type-graphql's async resolveType; a Node's type is known synchronously.
  resolveInterfaceTypeSynchronously(schema, "Node", typenameOf);
  describeRootsAndInputs(schema);
  if (services) {
    // Every resolver now, not at its first request: a constructor asking for a service no feature registers
    // fails the start-up, not a client's query.
    for (const resolverClass of resolvers) container.instance(resolverClass as unknown as ResolverClass);
    callPlainFieldResolversDirectly(schema, (resolverClass) => container.instance(resolverClass as ResolverClass));
  }
  return schema;
}

/** The root types' descriptions, shown first in the IDE's Docs pane and on top of `schema.graphql`. */
const ROOT_DESCRIPTIONS = {
  query:
    "Reads of the directory: regions, Members, people, meetings with their agendas, themes, and activity reports. Anyone may read; no token is needed.",
  mutation:
    "Changes to the directory. Each needs an API token (`Authorization: Bearer <token>`) of a role that allows it, takes one `input`, and runs in one transaction: a refused mutation changes nothing.",
  subscription:
    "Live updates, over WebSocket (`graphql-transport-ws`) at the same URL as queries. Anonymous, like every read.",
} as const;

/**
 * Descriptions type-graphql cannot give: of the root types, which it creates itself, and of each mutation's
 * one `input` argument, which is its input type: the argument is described by that type's description
 * ("A new meeting…"), which type-graphql does not carry over from the class to the argument.
 */
function describeRootsAndInputs(schema: GraphQLSchema): void {
  for (const [root, type] of [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
    ["subscription", schema.getSubscriptionType()],
  ] as const) {
    if (type) type.description ??= ROOT_DESCRIPTIONS[root];
  }
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    for (const arg of field.args) {
      if (arg.name === "input" && !arg.description) arg.description = getNamedType(arg.type).description;
    }
  }
}
