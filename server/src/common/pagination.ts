import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Items after \`after\`: 0–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor from a previous page’s `endCursor`.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Items before \`before\`: 0–${MAX_PAGE_SIZE}.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor from a previous page’s `startCursor`.' })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in the whole list (Relay).' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What `paginate` returns; a `Connection(...)` class exposes it. `totalCount` is counted only when asked. */
export interface Page<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/**
 * The Relay connection type for `nodeType`: `<Name>Connection { edges { cursor node } nodes pageInfo totalCount }`.
 * Declare one per node type: `export const TeamConnection = Connection(Team)`.
 */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field({ description: 'Pass to `after`/`before` to page from here.' }) cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects.` })
  class ConnectionType implements Page<T> {
    @Field(() => [EdgeType]) edges!: Edge<T>[];
    @Field(() => [nodeType], { description: 'The nodes of `edges`, for when cursors are not needed.' })
    nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'How many items the whole list holds.' })
    readonly totalCount!: Promise<number>;
  }
  return ConnectionType;
}

const encodeCursor = (id: string): string => Buffer.from(`cursor:${id}`).toString('base64url');

function decodeCursor(cursor: string, arg: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('cursor:') || text.length > 80) throw badInput(`\`${arg}\` is not a valid cursor`, [arg]);
  return text.slice('cursor:'.length);
}

function pageSize(value: number | null | undefined, arg: string): number | null {
  if (value === null || value === undefined) return null;
  if (value < 0 || value > MAX_PAGE_SIZE) {
    throw badInput(`\`${arg}\` must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`, [arg]);
  }
  return value;
}

/**
 * One page of `qb`'s rows by keyset on the UUIDv7 primary key (creation order), `ASC` oldest first
 * or `DESC` newest first. Validates `first`/`last` (0–100) and cursors; BAD_USER_INPUT otherwise.
 */
export async function paginate<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  args: ConnectionArgs,
  direction: 'ASC' | 'DESC' = 'ASC',
): Promise<Page<E>> {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== null && last !== null) throw badInput('Pass `first` or `last`, not both', ['last']);
  const backward = last !== null || (first === null && !!args.before);
  const limit = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;
  const key = `${qb.alias}.id`;
  const countQuery = qb.clone();

  const page = qb.clone();
  const after = args.after ? decodeCursor(args.after, 'after') : null;
  const before = args.before ? decodeCursor(args.before, 'before') : null;
  const [gt, lt] = direction === 'ASC' ? ['>', '<'] : ['<', '>'];
  if (after) page.andWhere(`${key} ${gt} :pageAfter`, { pageAfter: after });
  if (before) page.andWhere(`${key} ${lt} :pageBefore`, { pageBefore: before });
  const flip = direction === 'ASC' ? 'DESC' : 'ASC';
  page.orderBy(key, backward ? flip : direction).take(limit + 1);

  const rows = await page.getMany();
  const hasMore = rows.length > limit;
  const nodes = rows.slice(0, limit);
  if (backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  let counted: Promise<number> | null = null;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: backward ? !!before : hasMore,
      hasPreviousPage: backward ? hasMore : !!after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      counted ??= countQuery.getCount();
      return counted;
    },
  };
}
