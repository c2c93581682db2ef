import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { isInterfaceType } from "graphql";
import { buildSchema } from "type-graphql";
import type { ContainerType, ResolverData } from "type-graphql";
import { AuditResolver } from "./audit/audit.resolver";
import { authChecker } from "./auth/auth-checker";
import { TokenResolver } from "./auth/token.resolver";
import { DirectoryResolver } from "./directory/directory.resolver";
import {
  ActivityResolver,
  ActivitySummaryResolver,
  HostMeetingCountResolver,
  PillarCountResolver,
} from "./modules/activity/activity.resolver";
import { AgendaItemResolver } from "./modules/agenda/agenda.resolver";
import { createDirectoryPubSub } from "./live/directory-events";
import { LiveResolver } from "./live/live.resolver";
import { MeetingResolver, ParticipationResolver, SourceResolver } from "./modules/meeting/meeting.resolver";
import { MemberResolver } from "./modules/member/member.resolver";
import { NodeResolver } from "./modules/node/node.resolver";
import { AppointmentResolver, PersonResolver } from "./modules/person/person.resolver";
import { RegionResolver } from "./modules/region/region.resolver";
import { ThemePillarResolver, ThemeResolver } from "./modules/theme/theme.resolver";
import type { Services } from "./services";
import { validateInput } from "./common/validation";
import { typenameOf } from "./common/node";
import { callPlainFieldResolversDirectly } from "./adapters/type-graphql-field-resolvers";

export const resolvers = [
  NodeResolver,
  RegionResolver,
  MemberResolver,
  PersonResolver,
  AppointmentResolver,
  ThemeResolver,
  ThemePillarResolver,
  MeetingResolver,
  ParticipationResolver,
  SourceResolver,
  AgendaItemResolver,
  TokenResolver,
  AuditResolver,
  DirectoryResolver,
  ActivityResolver,
  ActivitySummaryResolver,
  PillarCountResolver,
  HostMeetingCountResolver,
  LiveResolver,
] as const;

type ResolverClass = new (services: Services) => object;

/** Creates each resolver once, handing it the services: resolvers stay thin and hold no state of their own. */
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
      instance = new resolverClass(this.services);
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
    resolvers,
    container,
    validate: true,
    validateFn: validateInput,
    authChecker,
    // Mutations publish `directoryChanged` events here after they commit (see src/live/).
    pubSub: services?.events.pubSub ?? createDirectoryPubSub(),
  });
  // type-graphql wraps an interface's resolveType in an async function; graphql-jit (src/execution/) calls
  // resolveType synchronously and cannot wait for it. The type of a Node is known synchronously anyway.
  const node = schema.getType("Node");
  if (!isInterfaceType(node)) throw new Error("The schema has no Node interface");
  node.resolveType = (value: object) => typenameOf(value);
  if (services)
    callPlainFieldResolversDirectly(schema, (resolverClass) => container.instance(resolverClass as ResolverClass));
  return schema;
}
