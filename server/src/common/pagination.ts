import DataLoader from 'dataloader';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Context } from './context';
import { badInput } from './errors';
import { batching, loader, type LoaderFactory } from './loaders';
import { cachedSql, readRows, selectColumns, toEntities, type Columns } from './rows';

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

/** What a connection resolver returns; a `Connection(...)` class exposes it. `totalCount` is counted only when asked. */
export interface Page<T> {
  readonly edges: Edge<T>[];
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
    // Not a simple field: it holds a promise, which graphql-jit only awaits from a resolver.
    @Field(() => Int, { description: 'How many items the whole list holds.', simple: false })
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

/** Page arguments once validated: which way, how many, and the keyset bounds (row ids). */
export interface PageWindow {
  limit: number;
  backward: boolean;
  after: string | null;
  before: string | null;
}

/** Validates `first`/`last` (0–100) and the cursors; BAD_USER_INPUT otherwise. */
export function pageWindow(args: ConnectionArgs): PageWindow {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== null && last !== null) throw badInput('Pass `first` or `last`, not both', ['last']);
  const backward = last !== null || (first === null && !!args.before);
  return {
    limit: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    backward,
    after: args.after ? decodeCursor(args.after, 'after') : null,
    before: args.before ? decodeCursor(args.before, 'before') : null,
  };
}

/** Adds the keyset bounds and the order of `window` to `qb` (ordered by `<alias>.id`). */
function applyWindow(qb: SelectQueryBuilder<ObjectLiteral>, window: PageWindow, direction: 'ASC' | 'DESC'): 'ASC' | 'DESC' {
  const key = `${qb.alias}.id`;
  const [gt, lt] = direction === 'ASC' ? ['>', '<'] : ['<', '>'];
  if (window.after) qb.andWhere(`${key} ${gt} :pageAfter`, { pageAfter: window.after });
  if (window.before) qb.andWhere(`${key} ${lt} :pageBefore`, { pageBefore: window.before });
  const flip = direction === 'ASC' ? 'DESC' : 'ASC';
  return window.backward ? flip : direction;
}

/**
 * A page whose edges (cursors) and count are made only when asked for. A class, not an object literal
 * with getters: each such literal's fresh closures gave it a hidden class of its own, which kept the
 * page (and its rows) alive until a full collection; W3 makes 200 pages a request (gateway-context.ts
 * has the measurement of the same pattern in Apollo).
 */
class LazyPage<E extends { id: string }> implements Page<E> {
  #edges: Edge<E>[] | null = null;
  #counted: Promise<number> | null = null;
  readonly #count: () => Promise<number>;

  constructor(
    readonly nodes: E[],
    readonly pageInfo: PageInfo,
    count: () => Promise<number>,
  ) {
    this.#count = count;
  }

  get edges(): Edge<E>[] {
    this.#edges ??= this.nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return this.#edges;
  }

  get totalCount(): Promise<number> {
    this.#counted ??= this.#count();
    return this.#counted;
  }
}

/**
 * A page from the `limit + 1` rows read for it (the extra row only says there is more). Edges are
 * built when selected: a client asking for `nodes` pays no cursor encoding.
 */
function toPage<E extends { id: string }>(rows: E[], window: PageWindow, count: () => Promise<number>): Page<E> {
  const hasMore = rows.length > window.limit;
  const nodes = hasMore ? rows.slice(0, window.limit) : rows;
  if (window.backward) nodes.reverse();
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  return new LazyPage(
    nodes,
    {
      hasNextPage: window.backward ? !!window.before : hasMore,
      hasPreviousPage: window.backward ? hasMore : !!window.after,
      startCursor: first ? encodeCursor(first.id) : null,
      endCursor: last ? encodeCursor(last.id) : null,
    },
    count,
  );
}

/**
 * One page of `qb`'s rows by keyset on the UUIDv7 primary key (creation order), `ASC` oldest first
 * or `DESC` newest first. For top-level lists (one parent); a list under a parent type uses a
 * `childPages` loader instead, so that many parents cost one statement.
 */
export async function paginate<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  args: ConnectionArgs,
  direction: 'ASC' | 'DESC' = 'ASC',
): Promise<Page<E>> {
  const window = pageWindow(args);
  const countQuery = qb.clone();
  const page = qb.clone();
  const order = applyWindow(page as SelectQueryBuilder<ObjectLiteral>, window, direction);
  selectColumns(page as SelectQueryBuilder<ObjectLiteral>, page.alias, page.expressionMap.mainAlias!.target);
  page.orderBy(`${page.alias}.id`, order).limit(window.limit + 1);
  const rows = toEntities<E>(qb.connection, page.expressionMap.mainAlias!.target, await page.getRawMany());
  return toPage(rows, window, () => countQuery.getCount());
}

/**
 * How to read one kind of child list (a company's contracts, a thread's messages, …) for many
 * parents at once. `F` is the part of the field's arguments that filters rows (not the page).
 */
export interface ChildList<E extends ObjectLiteral & { id: string }, F = undefined> {
  entity: EntityTarget<E>;
  alias: string;
  /** The parent key of each row, as `alias.column` (may be a joined alias). */
  parent: string;
  /** `ASC` oldest first, `DESC` newest first (by id: creation order). */
  direction: 'ASC' | 'DESC';
  /**
   * Joins and filters (`innerJoin`, `andWhere`, …); called once per batch, so a value like "now" is
   * the same for every parent. The statement's text is kept by what it joins and the conditions it
   * writes (see `textShape`): a value belongs in a parameter, never in the text.
   */
  where?: (qb: SelectQueryBuilder<E>, filter: F, ctx: Context) => void;
  /** A joined row read along with each child (same statement), handed to `also.use` with it. */
  also?: { alias: (filter: F) => string; entity: EntityTarget<ObjectLiteral>; use: (ctx: Context, child: E, joined: ObjectLiteral) => void };
}

interface ChildKey<F> {
  parent: string;
  window: PageWindow | null;
  filter: F;
  /** The columns the page's rows need (see selection.ts); null for all. */
  only: Columns;
}

/**
 * A page asked for: `count` when its connection's `totalCount` is selected. Not part of the loader's
 * key: a page read without its count is the same page, and the counts loader answers a later ask.
 */
interface PageKey<F> extends ChildKey<F> {
  count: boolean;
}

interface ChildLoaders<E, F> {
  pages: LoaderFactory<PageKey<F>, E[]>;
  counts: LoaderFactory<ChildKey<F>, number>;
}

const PARENT = '__parent';
const RANK = '__rank';
const COUNT = '__count';
const ALSO = '__also_';

/** The parents' rows of `list` (joins and filters applied), one query builder per batch. */
function childQuery<E extends ObjectLiteral & { id: string }, F>(ctx: Context, list: ChildList<E, F>, parents: readonly string[], filter: F): SelectQueryBuilder<E> {
  const qb = ctx.db.getRepository(list.entity).createQueryBuilder(list.alias);
  qb.where(`${list.parent} IN (:...pageParents)`, { pageParents: [...new Set(parents)] });
  list.where?.(qb, filter, ctx);
  return qb;
}

const groupKey = (key: ChildKey<unknown>) => JSON.stringify([key.window, key.filter, key.only]);

/** Runs `batch` once per group of keys sharing page and filter, and answers each key in order. */
async function byGroup<K extends ChildKey<unknown>, V>(keys: readonly K[], batch: (parents: string[], group: K[]) => Promise<Map<string, V>>, none: V): Promise<V[]> {
  const groups = new Map<string, K[]>();
  for (const key of keys) {
    const id = groupKey(key);
    const group = groups.get(id);
    if (group) group.push(key);
    else groups.set(id, [key]);
  }
  const answers = new Map<string, Map<string, V>>();
  await Promise.all(
    [...groups].map(async ([id, group]) => answers.set(id, await batch(group.map((k) => k.parent), group))),
  );
  return keys.map((key) => answers.get(groupKey(key))?.get(key.parent) ?? none);
}

const childLoaders = new WeakMap<object, ChildLoaders<never, never>>();
/** Numbers the lists, to tell their statements apart in the SQL text cache. */
let lists = 0;

/**
 * What decides the text of `qb`'s statement besides the selection set by the pages loader: the joins
 * and the conditions as written (parameter names, not values). Building the text costs TypeORM more
 * CPU than SQLite takes to run a page of viewer.companies, so it is made once per shape. Null when
 * `qb` holds anything else (orders, groups, havings, a join mapped onto a property): built each time.
 */
function textShape(qb: SelectQueryBuilder<ObjectLiteral>): string | null {
  const map = qb.expressionMap;
  const plain = !Object.keys(map.orderBys).length && !map.groupBys.length && !map.havings.length && !map.commonTableExpressions.length;
  if (!plain || map.relationIdAttributes.length > 0 || map.selectDistinct || map.extraAppendedAndWhereCondition) return null;
  const joins: unknown[] = [];
  for (const join of map.joinAttributes) {
    if (join.mapToProperty || join.isMappingMany !== undefined || typeof join.tablePath !== 'string') return null;
    joins.push([join.direction, join.alias.name, join.tablePath, join.condition ?? null]);
  }
  return JSON.stringify([joins, map.wheres]);
}

function loadersOf<E extends ObjectLiteral & { id: string }, F>(list: ChildList<E, F>): ChildLoaders<E, F> {
  const existing = childLoaders.get(list) as ChildLoaders<E, F> | undefined;
  if (existing) return existing;
  const serial = (lists += 1);
  const options = { cacheKeyFn: (key: ChildKey<F>) => JSON.stringify([key.parent, key.window, key.filter, key.only]) };
  const pages: LoaderFactory<PageKey<F>, E[]> = (ctx) =>
    new DataLoader<PageKey<F>, E[], string>(
      (keys) =>
        byGroup(keys, async (parents, group) => {
          const { window, filter, only } = group[0];
          const qb = childQuery(ctx, list, parents, filter) as SelectQueryBuilder<ObjectLiteral>;
          const order = applyWindow(qb, window!, list.direction);
          const escape = (name: string) => ctx.db.driver.escape(name);
          const parent = list.parent.split('.').map(escape).join('.');
          const alsoAlias = list.also?.alias(filter);
          const id = `${escape(list.alias)}.${escape('id')}`;
          // Without a cursor every row of the list is in the window: its size is the totalCount, read in
          // the same statement and handed to the counts loader. Only when a page's totalCount is
          // selected: the window function costs SQLite about as much as the rest of the statement.
          const counted = !window!.after && !window!.before && group.some((key) => key.count);
          const single = new Set(parents).size === 1;
          const limit = window!.limit + 1;
          /** The statement with TypeORM's named parameters (`:...pageParents`), whatever their values. */
          const build = (): string => {
            selectColumns(qb, list.alias, list.entity, '', false, only);
            if (list.also && alsoAlias) selectColumns(qb, alsoAlias, list.also.entity, ALSO, true);
            qb.addSelect(parent, PARENT);
            if (single) {
              // One parent (a top-level list such as viewer.companies): a plain ORDER BY … LIMIT, the
              // count over the rows before the LIMIT; cheaper than ranking.
              if (counted) qb.addSelect('COUNT(*) OVER ()', COUNT);
              return `${qb.getQuery()} ORDER BY ${id} ${order} LIMIT ${limit}`;
            }
            // Each parent's own page: rows ranked within their parent, the first `limit + 1` kept (the
            // count uses the same partition and order, so the same sort).
            const ranking = `PARTITION BY ${parent} ORDER BY ${id} ${order}`;
            qb.addSelect(`ROW_NUMBER() OVER (${ranking})`, RANK);
            if (counted) qb.addSelect(`COUNT(*) OVER (${ranking} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`, COUNT);
            return `SELECT * FROM (${qb.getQuery()}) ${escape('ranked')} WHERE ${escape(RANK)} <= ${limit} ORDER BY ${escape(RANK)}`;
          };
          const shape = textShape(qb);
          const text = shape === null ? build() : cachedSql(ctx.db, `page:${serial}:${JSON.stringify([shape, alsoAlias ?? null, only, single, counted, order, limit])}`, build);
          // The driver numbers and expands the parameters as getQueryAndParameters would, on either engine.
          const [sql, params] = ctx.db.driver.escapeQueryWithParameters(text, qb.getParameters());
          const raws = await readRows(ctx.db, sql, params);
          const rows = toEntities<E>(ctx.db, list.entity, raws, '', only);
          const joined = list.also ? toEntities(ctx.db, list.also.entity, raws, ALSO) : [];
          const byParent = new Map<string, E[]>();
          rows.forEach((row, i) => {
            if (list.also) list.also.use(ctx, row, joined[i]);
            const key = String(raws[i][PARENT]);
            const group = byParent.get(key);
            if (group) group.push(row);
            else byParent.set(key, [row]);
          });
          if (counted) {
            const totals = loader(ctx, counts);
            const sizes = new Map<string, number>();
            for (const raw of raws) sizes.set(String(raw[PARENT]), Number(raw[COUNT]));
            for (const key of new Set(parents)) totals.prime({ parent: key, window: null, filter, only: null }, sizes.get(key) ?? 0);
          }
          return byParent;
        }, []),
      { ...options, ...batching(ctx) },
    );
  const counts: LoaderFactory<ChildKey<F>, number> = (ctx) =>
    new DataLoader(
      (keys) =>
        byGroup(keys, async (parents, [{ filter }]) => {
          const raws = await childQuery(ctx, list, parents, filter)
            .select(list.parent, PARENT)
            .addSelect('COUNT(*)', 'count')
            .groupBy(list.parent)
            .getRawMany<Record<string, unknown>>();
          return new Map(raws.map((raw) => [String(raw[PARENT]), Number(raw.count)]));
        }, 0),
      { ...options, ...batching(ctx) },
    );
  const made = { pages, counts };
  childLoaders.set(list, made as unknown as ChildLoaders<never, never>);
  return made;
}

/**
 * `parent`'s page of `list`: validated like `paginate`, then read together with the pages of every
 * other parent asked for in the same tick with the same arguments — one statement for all of them
 * (`ROW_NUMBER() OVER (PARTITION BY parent …)`), and one more for `totalCount` if it is selected
 * after a cursor, or if `count` is false. `only`: the columns the rows need (selection.ts), null for
 * every column. `count`: whether the connection's `totalCount` is selected (`connectionCounts(info)`);
 * without a cursor it is then read in the page's own statement.
 */
export async function childPage<E extends ObjectLiteral & { id: string }, F>(
  ctx: Context,
  list: ChildList<E, F>,
  parent: string,
  args: ConnectionArgs,
  filter: F,
  only: Columns = null,
  count = true,
): Promise<Page<E>> {
  const window = pageWindow(args);
  const { pages, counts } = loadersOf(list);
  const rows = await loader(ctx, pages).load({ parent, window, filter, only, count });
  // The loader keeps one array per key; a page must not reverse or slice the cached one.
  return toPage([...rows], window, () => loader(ctx, counts).load({ parent, window: null, filter, only: null }));
}
