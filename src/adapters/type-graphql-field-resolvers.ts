import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";

type AnyResolver = GraphQLFieldResolver<unknown, unknown, unknown>;
type Method = (...params: unknown[]) => unknown;
/** A class as type-graphql's metadata names it (a resolver class or an object type's class). */
type ClassTarget = object;

/**
 * Calls plain field resolvers directly instead of through type-graphql's generic wrapper.
 *
 * type-graphql wraps every `@FieldResolver` in a function that, on each call, builds a resolver-data object,
 * looks the resolver instance up, runs the middleware chain, sorts and maps the parameter list, and converts
 * the root to the class (for a connection: a new instance per call). A page of 50 meetings with agendas calls
 * field resolvers ~1,100 times; that wrapper was a tenth of its CPU. A field resolver whose parameters are
 * only `@Root()`, `@Ctx()` and `@Info()`, with no `@Authorized` roles and no middleware, needs none of that:
 * its resolve function is replaced by one that passes those three straight to the method. Anything else
 * (arguments to convert and validate, roles, middlewares) keeps type-graphql's wrapper.
 *
 * The one adaptation of type-graphql's internals (its metadata storage); test/adapters.test.ts
 * fails if an upgrade changes what it relies on. Returns the `Type.field` names it took over.
 */
export function callPlainFieldResolversDirectly(
  schema: GraphQLSchema,
  instanceOf: (resolverClass: ClassTarget) => object,
): string[] {
  const storage = getMetadataStorage();
  const typeNames = new Map<ClassTarget, string>();
  for (const objectType of storage.objectTypes) typeNames.set(objectType.target, objectType.name);
  const replaced: string[] = [];
  for (const metadata of storage.fieldResolvers) {
    if (metadata.roles !== undefined || (metadata.middlewares?.length ?? 0) > 0) continue;
    const params = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
    const plain = params.every(
      (param, i) =>
        param.index === i &&
        ((param.kind === "root" && param.propertyName === undefined) ||
          (param.kind === "context" && param.propertyName === undefined) ||
          param.kind === "info"),
    );
    if (!plain) continue;
    const objectClass = metadata.getObjectType?.();
    const typeName = objectClass && typeNames.get(objectClass);
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type && isObjectType(type) ? type.getFields()[metadata.schemaName] : undefined;
    if (!field) continue;
    const kinds = params.map((param) => param.kind);
    let resolve: AnyResolver;
    if (metadata.kind === "internal") {
      // A method of the object type's own class, called on the object being resolved (its root).
      const method = (metadata.target as { prototype: Record<string, Method> }).prototype[metadata.methodName];
      if (typeof method !== "function") continue;
      resolve = (root, _args, context, info) =>
        method.apply(
          root,
          kinds.map((kind) => pick(kind, root, context, info)),
        );
    } else {
      const instance = instanceOf(metadata.target) as Record<string, Method>;
      const method = instance[metadata.methodName];
      if (typeof method !== "function") continue;
      resolve = directCall(method.bind(instance), kinds);
    }
    field.resolve = resolve;
    replaced.push(`${typeName}.${metadata.schemaName}`);
  }
  return replaced;
}

function pick(kind: string, root: unknown, context: unknown, info: unknown): unknown {
  return kind === "root" ? root : kind === "context" ? context : info;
}

/** The shapes field resolvers take, without allocating a parameter list per call. */
function directCall(method: Method, kinds: string[]): AnyResolver {
  const shape = kinds.join(",");
  if (shape === "root,context") return (root, _args, context) => method(root, context);
  if (shape === "root") return (root) => method(root);
  if (shape === "root,context,info") return (root, _args, context, info) => method(root, context, info);
  return (root, _args, context, info) => method(...kinds.map((kind) => pick(kind, root, context, info)));
}
