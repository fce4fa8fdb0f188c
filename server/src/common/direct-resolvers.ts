import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Param = { kind: string; index: number; propertyName?: string; getType?: () => unknown };
type Method = (...params: unknown[]) => unknown;

/**
 * Calls field resolvers that need nothing of type-graphql's machinery straight from the schema.
 *
 * type-graphql runs every `@FieldResolver` through its handler: per call it builds a resolver-data
 * object, asks its container for the resolver instance, runs the (empty) middleware chain, sorts the
 * parameter list and maps it to values. A page of 50 companies asking `viewerRole` did that 50 times,
 * and the sort alone allocated 44 KB per request. A field resolver qualifies when:
 * - its parameters are only `@Root()`, `@Ctx()` and `@Info()` (arguments need type-graphql's
 *   conversion and validation, custom decorators such as `@CurrentViewer` their own resolver);
 * - it has no `@UseMiddleware` or `@Authorized`, on the method or its class, and the GraphQL field
 *   takes no arguments.
 *
 * The call is then the method with its parameters in order. A root that is not an instance of the
 * type the method declares (type-graphql would convert it) goes through type-graphql's resolver as before.
 * Resolver classes keep no state, so one instance per class serves every call, as type-graphql's
 * default container does. Returns the fields it now calls directly (`Type.field`).
 */
export function callFieldResolversDirectly(schema: GraphQLSchema): string[] {
  const storage = getMetadataStorage();
  const guardedMethods = new Set([...storage.authorizedFields, ...storage.middlewares].map((m) => `${m.target.name}.${m.fieldName}`));
  const guardedClasses = new Set<unknown>([...storage.authorizedResolver, ...storage.resolverMiddlewares].map((m) => m.target));
  const typeNames = new Map<unknown, string>(storage.objectTypes.map((t) => [t.target, t.name]));
  const instances = new Map<Function, Record<string, Method>>();
  const replaced: string[] = [];

  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== 'external' || !resolver.getObjectType) continue;
    if (guardedClasses.has(resolver.target) || guardedMethods.has(`${resolver.target.name}.${resolver.methodName}`)) continue;
    if (resolver.roles || (resolver.middlewares?.length ?? 0) > 0) continue;
    const params = [...((resolver.params ?? []) as Param[])].sort((a, b) => a.index - b.index);
    if (!params.every((p) => p.kind === 'root' || p.kind === 'context' || p.kind === 'info')) continue;
    // `@Root('property')` of a declared class is converted property by property: left to type-graphql.
    if (params.some((p) => p.kind === 'root' && p.propertyName && p.getType)) continue;
    const typeName = typeNames.get(resolver.getObjectType());
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!isObjectType(type)) continue;
    const field = type.getFields()[resolver.schemaName];
    if (!field?.resolve || field.args.length > 0) continue;

    const rootType = params.find((p) => p.kind === 'root')?.getType?.();
    // A root declared as a class must be an instance of it; anything else (a scalar, a list) keeps type-graphql's resolver.
    if (params.some((p) => p.kind === 'root' && p.getType) && typeof rootType !== 'function') continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, Method>)()));
    const target = instance;
    const method = target[resolver.methodName];
    const original = field.resolve;
    const pick = params.map((p): ((root: Record<string, unknown>, context: Record<string, unknown>, info: unknown) => unknown) => {
      if (p.kind === 'context') return p.propertyName ? (_root, context) => context[p.propertyName!] : (_root, context) => context;
      if (p.kind === 'info') return (_root, _context, info) => info;
      return p.propertyName ? (root) => root[p.propertyName!] : (root) => root;
    });
    const direct: GraphQLFieldResolver<unknown, unknown> = (root, args, context, info) => {
      if (typeof rootType === 'function' && !(root instanceof rootType)) return original(root, args, context, info);
      const source = root as Record<string, unknown>;
      const ctx = context as Record<string, unknown>;
      switch (pick.length) {
        case 1:
          return method.call(target, pick[0](source, ctx, info));
        case 2:
          return method.call(target, pick[0](source, ctx, info), pick[1](source, ctx, info));
        default:
          return method.apply(
            target,
            pick.map((value) => value(source, ctx, info)),
          );
      }
    };
    field.resolve = direct;
    replaced.push(`${type.name}.${field.name}`);
  }
  replaced.push(...readRenamedFieldsDirectly(schema, guardedMethods, guardedClasses));
  return replaced;
}

/**
 * A plain `@Field` whose schema name is not its property (`Node.id` reads the getter `nodeId`) keeps
 * a resolver; type-graphql's runs the middleware chain around `root[property]` for every object (13,100
 * times in a whole tree). Without middleware or `@Authorized`, that resolver is `root[property]` itself.
 */
function readRenamedFieldsDirectly(schema: GraphQLSchema, guardedMethods: Set<string>, guardedClasses: Set<unknown>): string[] {
  const storage = getMetadataStorage();
  const replaced: string[] = [];
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    // The type's fields come from its class and the classes (and interfaces) it extends.
    const chain: unknown[] = [];
    for (let target: unknown = objectType.target; typeof target === 'function' && target !== Function.prototype; target = Object.getPrototypeOf(target)) chain.push(target);
    for (const meta of storage.fields) {
      if (meta.name === meta.schemaName || !chain.includes(meta.target)) continue;
      if ((meta.params?.length ?? 0) > 0 || meta.roles || (meta.middlewares?.length ?? 0) > 0) continue;
      if (guardedClasses.has(meta.target) || guardedMethods.has(`${meta.target.name}.${meta.name}`)) continue;
      const field = type.getFields()[meta.schemaName];
      if (!field?.resolve || field.args.length > 0) continue;
      // A field resolver of the same name takes precedence in type-graphql; it is not this field's reader.
      if (storage.fieldResolvers.some((r) => r.schemaName === meta.schemaName && typeNameOf(storage, r) === objectType.name)) continue;
      const property = meta.name;
      field.resolve = (root) => (root as Record<string, unknown>)[property];
      replaced.push(`${type.name}.${field.name}`);
    }
  }
  return replaced;
}

function typeNameOf(storage: ReturnType<typeof getMetadataStorage>, resolver: { getObjectType?: () => unknown }): string | undefined {
  const target = resolver.getObjectType?.();
  return storage.objectTypes.find((t) => t.target === target)?.name;
}
