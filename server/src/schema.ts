import type { GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { authChecker, registerUserLink } from './account';
import { callFieldResolversDirectly } from './common/direct-resolvers';
import { applyInputHygiene } from './common/input-hygiene';
import { domainEvents } from './common/events';
import { registerNodeFetchers } from './common/node.resolver';
import { modules, resolvers } from './modules';

let built: Promise<GraphQLSchema> | null = null;

/**
 * Plain fields get no resolver of their own (type-graphql's `simpleResolvers`): otherwise each is
 * wrapped in type-graphql's middleware runner, thousands of calls for a large tree, and graphql-jit
 * cannot inline the property read. A field keeps its wrapper when it needs one: a schema name that
 * is not its property (Node.id reads `nodeId`), or an @Authorized / @UseMiddleware on it or its class.
 * Global middlewares (none today) would not run on simple fields.
 */
function useSimpleResolvers(): void {
  const storage = getMetadataStorage();
  const guarded = new Set(
    [...storage.authorizedFields, ...storage.middlewares].map((m) => `${m.target.name}.${m.fieldName}`),
  );
  const guardedClasses = new Set([...storage.authorizedResolver, ...storage.resolverMiddlewares].map((m) => m.target));
  for (const field of storage.fields) {
    if (field.name !== field.schemaName || guarded.has(`${field.target.name}.${field.name}`) || guardedClasses.has(field.target)) {
      field.simple ??= false;
    }
  }
  for (const type of storage.objectTypes) type.simpleResolvers ??= true;
}

/** The GraphQL schema from the modules' resolvers; built once per process. */
export function buildWorkroomSchema(): Promise<GraphQLSchema> {
  built ??= (async () => {
    for (const m of modules) {
      registerNodeFetchers(m.nodes);
      for (const s of m.subscribers ?? []) domainEvents.subscribe(s);
      if (m.userLinks) registerUserLink(m.userLinks);
      m.extend?.();
    }
    useSimpleResolvers();
    const schema = await buildSchema({
      resolvers,
      authChecker,
      // skipMissingProperties off: an explicit null must pass the validators too (optional fields say @IsOptional).
      validate: { forbidUnknownValues: false, skipMissingProperties: false },
    });
    callFieldResolversDirectly(schema);
    return applyInputHygiene(schema);
  })();
  return built;
}
