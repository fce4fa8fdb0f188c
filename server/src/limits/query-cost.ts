import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { queryTooComplex } from './errors';
// Fragments are expanded where they are spread: without a bound the estimate itself would be the slow part.
import { MAX_SELECTIONS } from './query-shape';

/** Unpaginated lists (a contract's onboarding tasks, a thread's participants) are assumed this long. */
export const ASSUMED_LIST_SIZE = 10;

const isConnection = (type: GraphQLNamedType): boolean => isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields();

/**
 * Cost ≈ the number of objects a query can load (Shopify's model): an object that is a `Node` (a
 * row) costs 1, payloads, edges and scalars cost nothing, a connection multiplies its children by
 * `first`/`last` (default 20), `nodes(ids)` by the number of ids, other lists by ASSUMED_LIST_SIZE.
 */
function nodeCountEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const nodeInterface = schema.getType('Node');
  const isRow = (type: GraphQLNamedType): boolean =>
    type === nodeInterface || isUnionType(type) || (isInterfaceType(type) && type.name !== 'Node') || (isObjectType(type) && type.getInterfaces().some((i) => i === nodeInterface));
  return ({ type: parent, field, args, childComplexity }) => {
    if (field.name.startsWith('__') || parent.name.startsWith('__')) return 0;
    const named = getNamedType(field.type);
    // A field that aggregates many rows in the database says what it is worth (`@Extensions({ cost })`).
    const declared = field.extensions?.cost;
    const own = typeof declared === 'number' ? declared : isRow(named) ? 1 : 0;
    if (isConnection(named)) {
      const requested = [args.first, args.last].find((n): n is number => typeof n === 'number');
      return Math.max(0, requested ?? DEFAULT_PAGE_SIZE) * childComplexity;
    }
    if (isListType(getNullableType(field.type))) {
      // A connection's edges/nodes are already counted by the connection's first/last.
      if (isConnection(parent as GraphQLNamedType)) return own + childComplexity;
      const ids = args.ids;
      const length = Array.isArray(ids) ? ids.length : ASSUMED_LIST_SIZE;
      return length * (own + childComplexity);
    }
    return own + childComplexity;
  };
}

/**
 * The variables the estimate reads: those inside a connection's `first`/`last`, `nodes(ids:)` and
 * directive arguments (`@include(if: $x)`). Other variables (an id, a mutation's input) change nothing.
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  visit(document, {
    Argument(argument) {
      if (['first', 'last', 'ids'].includes(argument.name.value)) collect(argument.value);
    },
    Directive(directive) {
      collect(directive);
    },
  });
  return [...names].sort();
}

interface CostCache {
  variables: string[];
  costs: Map<string, number>;
}

/**
 * Costs already estimated, per document (Apollo's document store hands back the same DocumentNode for
 * the same text) and the values of the variables the estimate reads. Only costs under 1,000 are kept:
 * those cost the same points whatever else the variables hold, and stay under any limit. A larger one
 * is estimated each time, because invalid variables make the estimate 0 (execution then refuses them).
 */
const costCaches = new WeakMap<DocumentNode, CostCache>();
const CACHED_BELOW = 1000;
const MAX_COSTS_PER_DOCUMENT = 100;

/**
 * The estimated cost of the operation with its variables, or QUERY_TOO_COMPLEX (limit `cost`) when
 * it is above `max` or too large to estimate.
 */
export function checkQueryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  max: number,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  let cache = costCaches.get(query);
  if (!cache) costCaches.set(query, (cache = { variables: costVariables(query), costs: new Map() }));
  const key = JSON.stringify([operationName ?? null, ...cache.variables.map((name) => variables?.[name] ?? null)]);
  const known = cache.costs.get(key);
  if (known !== undefined && known <= max) return known;
  const cost = estimateCost(schema, query, max, variables, operationName);
  if (cost < CACHED_BELOW) {
    if (cache.costs.size >= MAX_COSTS_PER_DOCUMENT) cache.costs.clear();
    cache.costs.set(key, cost);
  }
  return cost;
}

function estimateCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  max: number,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query,
      variables,
      operationName,
      estimators: [nodeCountEstimator(schema)],
      maxQueryNodes: MAX_SELECTIONS,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw queryTooComplex('selections', `Query has more than ${MAX_SELECTIONS} selections once its fragments are expanded`, MAX_SELECTIONS, null);
    }
    // Variables that do not fit their types: execution refuses them with BAD_USER_INPUT before any resolver runs.
    return 0;
  }
  if (cost > max) {
    throw queryTooComplex('cost', `Query may load ${cost} objects; the limit is ${max}`, max, cost);
  }
  return cost;
}
