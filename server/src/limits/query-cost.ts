import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
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
    const own = isRow(named) ? 1 : 0;
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
