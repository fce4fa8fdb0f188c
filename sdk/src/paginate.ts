import type { RequestOptions } from './client.js';
import { WorkroomError } from './errors.js';

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * The node type of the one Relay connection in `T` (an operation's result): the first object
 * found, searching through nested objects (not lists), that has `pageInfo` and `nodes` or `edges`.
 */
export type ConnectionNode<T> = T extends ReadonlyArray<unknown>
  ? never
  : T extends { pageInfo: PageInfo }
    ? T extends { nodes: ReadonlyArray<infer N> }
      ? N
      : T extends { edges: ReadonlyArray<{ node: infer N }> }
        ? N
        : never
    : T extends object
      ? { [K in keyof T]-?: ConnectionNode<NonNullable<T[K]>> }[keyof T]
      : never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any method of the client
type AnyMethod = (variables?: any, options?: RequestOptions) => Promise<unknown>;
type VariablesOf<M extends AnyMethod> = NonNullable<Parameters<M>[0]>;
/** The item type `paginate(method)` yields. */
export type PageItem<M extends AnyMethod> = ConnectionNode<Awaited<ReturnType<M>>>;

/** `paginate`'s arguments after the method: variables (optional when the operation's are), call options. */
export type PaginateArgs<M extends AnyMethod> = 'after' extends keyof VariablesOf<M>
  ? [PageItem<M>] extends [never]
    ? [error: 'paginate: this operation returns no connection with pageInfo { hasNextPage endCursor }']
    : Partial<VariablesOf<M>> extends VariablesOf<M>
      ? [variables?: VariablesOf<M>, options?: RequestOptions]
      : [variables: VariablesOf<M>, options?: RequestOptions]
  : [error: 'paginate: this operation has no `after` variable'];

/**
 * Iterates over every item of the one connection an operation returns, fetching page after
 * page (`after: pageInfo.endCursor`) while `pageInfo.hasNextPage`. `variables` are sent with
 * every page; pass `first` to choose the page size and `after` to start from a cursor.
 *
 * ```ts
 * for await (const team of paginate(workroom.companyTeams, { companyId, first: 50 })) console.log(team.name);
 * ```
 */
export async function* paginate<M extends AnyMethod>(method: M, ...args: PaginateArgs<M>): AsyncGenerator<PageItem<M>, void, undefined> {
  const [variables, options] = args as [Record<string, unknown> | undefined, RequestOptions | undefined];
  // Built-in methods are named after their operation; anything else is reported as `paginate`.
  const operationName = method.name || 'paginate';
  let after = (variables?.after as string | null | undefined) ?? null;
  const seen = new Set<string>();
  for (;;) {
    const result = await method({ ...variables, after }, options);
    const connection = findConnection(result, operationName);
    const items = connection.nodes ?? connection.edges?.map((edge) => edge.node) ?? [];
    for (const item of items) yield item as PageItem<M>;
    const { hasNextPage, endCursor } = connection.pageInfo;
    if (!hasNextPage) return;
    // A server that repeats a cursor would make this loop forever.
    if (typeof endCursor !== 'string' || seen.has(endCursor)) {
      throw misfit(operationName, 'the server said hasNextPage but gave no new endCursor');
    }
    seen.add(endCursor);
    after = endCursor;
  }
}

/** paginate's own failures are WorkroomErrors too: the result is not the connection it pages through. */
const misfit = (operationName: string, message: string) =>
  new WorkroomError(`paginate(${operationName}): ${message}`, { code: 'BAD_RESPONSE', operationName });

interface FoundConnection {
  pageInfo: PageInfo;
  nodes?: unknown[];
  edges?: { node: unknown }[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isConnection = (value: Record<string, unknown>) =>
  isObject(value.pageInfo) && (Array.isArray(value.nodes) || Array.isArray(value.edges));

/** The one connection in a result; it is an error for there to be none or several. */
function findConnection(result: unknown, operationName: string): FoundConnection {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown) => {
    if (!isObject(value)) return;
    if (isConnection(value)) return void found.push(value);
    for (const child of Object.values(value)) visit(child);
  };
  visit(result);
  if (found.length !== 1) {
    throw misfit(operationName, `expected one connection (pageInfo with nodes or edges) in the result, found ${found.length}`);
  }
  const [connection] = found;
  const pageInfo = connection.pageInfo as Partial<PageInfo>;
  if (typeof pageInfo.hasNextPage !== 'boolean' || !('endCursor' in pageInfo)) {
    throw misfit(operationName, 'the operation must select pageInfo { hasNextPage endCursor }');
  }
  return connection as unknown as FoundConnection;
}
