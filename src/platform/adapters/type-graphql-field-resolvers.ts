import type { GraphQLField, GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";

type AnyResolver = GraphQLFieldResolver<unknown, unknown, unknown>;
type Method = (...params: unknown[]) => unknown;
/** A class as type-graphql's metadata names it (a resolver class or an object type's class). */
type ClassTarget = object;

/** What type-graphql's metadata says of one parameter of a resolver method (the parts read here). */
interface ParamInfo {
  kind: string;
  index: number;
  propertyName?: string;
  name?: string;
  getType?: () => unknown;
}

/** How to produce one parameter from a resolver's (root, args, context, info). */
type Pick = (root: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/**
 * Argument types passed through unchanged: type-graphql converts nothing for them, and the gateway's
 * validator (src/common/validation.ts) only validates input objects. Classes (input types), `Date` and
 * anything unknown keep type-graphql's wrapper.
 */
function isPlainArgumentType(type: unknown): boolean {
  if (type === String || type === Number || type === Boolean) return true;
  // GraphQL scalars (ID, Int, CountryCode…) and registered enums are objects, not classes.
  return typeof type === "object" && type !== null;
}

/** The parameter's value, when type-graphql would pass it through unchanged; null when it would not. */
function pickerOf(param: ParamInfo): Pick | null {
  if (param.kind === "root" && param.propertyName === undefined) return (root) => root;
  if (param.kind === "context" && param.propertyName === undefined) return (_root, _args, context) => context;
  if (param.kind === "info") return (_root, _args, _context, info) => info;
  if (param.kind === "arg" && param.name !== undefined && isPlainArgumentType(param.getType?.())) {
    const name = param.name;
    return (_root, args) => args[name];
  }
  return null;
}

/**
 * Calls plain resolvers directly instead of through type-graphql's generic wrapper.
 *
 * type-graphql wraps every resolver in a function that, on each call, builds a resolver-data object, looks the
 * resolver instance up, runs the middleware chain, sorts and maps the parameter list, converts the root to the
 * class (for a connection: a new instance per call), and awaits the validator once per argument. A page of meetings
 * with agendas calls field resolvers a thousand times and more, and that wrapper was a sizeable share of its CPU
 * (docs/benchmarks.md). A resolver whose parameters are only `@Root()`, `@Ctx()`, `@Info()` and `@Arg()`s of scalar
 * or enum types, with no `@Authorized` roles and no middleware, needs none of that: its resolve function is
 * replaced by one that passes those straight to the method. Anything else (input objects and `@Args()` classes to
 * convert and validate, roles, middlewares) keeps type-graphql's wrapper.
 *
 * Written against type-graphql 2.0.0-rc.4's metadata storage; test/adapters.test.ts fails if an
 * upgrade changes what it relies on. Returns the `Type.field` names it took over.
 */
export function callPlainFieldResolversDirectly(
  schema: GraphQLSchema,
  instanceOf: (resolverClass: ClassTarget) => object,
): string[] {
  const storage = getMetadataStorage();
  const typeNames = new Map<ClassTarget, string>();
  for (const objectType of storage.objectTypes) typeNames.set(objectType.target, objectType.name);
  const replaced: string[] = [];

  /**
   * Replaces `field`'s resolve function with a direct call of `call`, on `self` (a resolver instance) or, for a
   * method of the object type's own class, on the object being resolved (`self` undefined).
   */
  const take = (
    field: GraphQLField<unknown, unknown> | undefined,
    label: string,
    metadata: { params?: ParamInfo[]; roles?: unknown[]; middlewares?: unknown[] },
    call: Method | null,
    self: object | undefined,
  ) => {
    if (!field || !call || metadata.roles !== undefined || (metadata.middlewares?.length ?? 0) > 0) return;
    const params = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
    const pickers = params.map((param, i) => (param.index === i ? pickerOf(param) : null));
    if (pickers.some((picker) => picker === null)) return;
    field.resolve = directResolver(pickers as Pick[], call, self);
    replaced.push(label);
  };

  for (const metadata of storage.fieldResolvers) {
    const objectClass = metadata.getObjectType?.();
    const typeName = objectClass && typeNames.get(objectClass);
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type && isObjectType(type) ? type.getFields()[metadata.schemaName] : undefined;
    const label = `${typeName}.${metadata.schemaName}`;
    if (metadata.kind === "internal") {
      const method = (metadata.target as { prototype: Record<string, unknown> }).prototype[metadata.methodName];
      take(field, label, metadata, typeof method === "function" ? (method as Method) : null, undefined);
    } else {
      const instance = instanceOf(metadata.target);
      take(field, label, metadata, methodOf(instance, metadata.methodName), instance);
    }
  }
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const metadata of storage.queries) {
    const instance = instanceOf(metadata.target);
    take(
      queryFields[metadata.schemaName],
      `Query.${metadata.schemaName}`,
      metadata,
      methodOf(instance, metadata.methodName),
      instance,
    );
  }
  return replaced;
}

/**
 * A resolve function calling `call` with its picked parameters, on `self`, or on the root when `self` is
 * undefined; without building a parameter list per call for the common shapes (up to three parameters).
 */
function directResolver(picks: Pick[], call: Method, self: object | undefined): AnyResolver {
  const [first, second, third] = picks;
  switch (picks.length) {
    case 0:
      return (root) => call.call(self ?? root);
    case 1:
      return (root, args, context, info) =>
        call.call(self ?? root, first!(root, args as Record<string, unknown>, context, info));
    case 2:
      return (root, args, context, info) =>
        call.call(
          self ?? root,
          first!(root, args as Record<string, unknown>, context, info),
          second!(root, args as Record<string, unknown>, context, info),
        );
    case 3:
      return (root, args, context, info) =>
        call.call(
          self ?? root,
          first!(root, args as Record<string, unknown>, context, info),
          second!(root, args as Record<string, unknown>, context, info),
          third!(root, args as Record<string, unknown>, context, info),
        );
    default:
      return (root, args, context, info) =>
        call.apply(
          self ?? root,
          picks.map((pick) => pick(root, args as Record<string, unknown>, context, info)),
        );
  }
}

function methodOf(instance: object, name: string): Method | null {
  const method = (instance as Record<string, unknown>)[name];
  return typeof method === "function" ? (method as Method) : null;
}
