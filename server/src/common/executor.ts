import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { installGatewayContextFix } from './gateway-context';

/** Which engine runs operations once Apollo has parsed and validated them (EXECUTOR). */
export type ExecutorName = 'jit' | 'graphql-js';

/**
 * The part of Apollo's options that decides the executor: the schema itself (graphql-js) or a
 * "gateway" handing Apollo a graphql-jit executor. Apollo still parses, validates (with every
 * validation rule), runs the plugins and formats the errors either way; only execution changes.
 */
export function executorOptions(schema: GraphQLSchema, name: ExecutorName): { schema: GraphQLSchema } | { gateway: GatewayInterface } {
  return name === 'jit' ? { gateway: jitGateway(schema) } : { schema };
}

/**
 * A jit error as Apollo expects a GraphQLError: graphql-jit leaves `extensions` undefined (Apollo
 * would then skip formatError and mask nothing consistently), so it is rebuilt with the original
 * error's extensions (its code), its path and its locations.
 */
function rebuild(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions && Object.keys(error.extensions).length > 0 ? error.extensions : undefined,
  });
  if (!rebuilt.locations && error.locations) Object.assign(rebuilt, { locations: error.locations });
  return rebuilt;
}

/**
 * Where a field errored, graphql-js answers null; jit 0.8.9 leaves nothing there when the field is
 * a list item (the last item of `nodes(ids:)` failing shortened the list). Writes the nulls back.
 */
function fillErrorNulls(data: unknown, errors: readonly GraphQLError[]): void {
  for (const { path } of errors) {
    if (!path || path.length === 0) continue;
    let container = data as Record<string | number, unknown> | null | undefined;
    for (const key of path.slice(0, -1)) container = container?.[key] as typeof container;
    const last = path[path.length - 1];
    if (container && typeof container === 'object' && container[last] === undefined) container[last] = null;
  }
}

function jitGateway(schema: GraphQLSchema): GatewayInterface {
  // Without it, Apollo's gateway path keeps every request alive until a full collection (gateway-context.ts).
  installGatewayContextFix();
  // Apollo's document store hands back the same DocumentNode for the same query text, so compiled
  // queries live as long as Apollo keeps the document (and go with it).
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();

  const executor: GatewayExecutor = async (request) => {
    const { document, operation, operationName } = request;
    const variables = request.request.variables ?? {};
    // graphql-js's own coercion first: its errors are the ones Apollo answers with BAD_USER_INPUT
    // (jit's have other wording), and jit 0.8.9 does not fill default values of input fields inside
    // lists. The compiled query gets the coerced values (coercing them again leaves them as they are).
    const checked = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (checked.errors) return { errors: checked.errors };

    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (!query) {
      const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      if (!isCompiledQuery(result)) return { errors: (result.errors ?? []).map(rebuild) };
      query = result;
      byOperation.set(key, query);
    }
    const result = await query.query(undefined, request.context, checked.coerced);
    if (!result.errors) return result;
    fillErrorNulls(result.data, result.errors);
    return { ...result, errors: result.errors.map(rebuild) };
  };

  return {
    // Apollo needs the schema before load() resolves, else start() fails (getSchemaDerivedData).
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}
