import DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Context } from './context';
import { cachedSql, readRows, sqlWriter, toEntities, type Columns } from './rows';

/** A way to build one DataLoader; the context keeps one instance per request. */
export type LoaderFactory<K, V> = (ctx: Context) => DataLoader<K, V>;

/** The request's loader built by `factory`, created on first use. */
export function loader<K, V>(ctx: Context, factory: LoaderFactory<K, V>): DataLoader<K, V> {
  let existing = ctx.loaders.get(factory) as DataLoader<K, V> | undefined;
  if (!existing) {
    existing = factory(ctx);
    ctx.loaders.set(factory, existing as DataLoader<unknown, unknown>);
  }
  return existing;
}

const settled = Promise.resolve();

/**
 * How a request's DataLoaders schedule their batches (pass to every `new DataLoader` of a request).
 * Normally as DataLoader does by default: once the current promise jobs have run. For a heavy
 * request (`ctx.heavy`), after the event loop has taken in what other requests sent (setImmediate):
 * SQLite answers synchronously, so a whole tree (W3: 150 ms of CPU) otherwise ran from its first
 * batch to its last without letting any other request in, and a node(id) sent meanwhile waited for
 * all of it. Waiting longer only gathers more keys into each batch, so the statements stay as few.
 */
export function batching(ctx: Context): { batchScheduleFn: (dispatch: () => void) => void } {
  return {
    batchScheduleFn: (dispatch) => {
      if (ctx.heavy) setImmediate(dispatch);
      else void settled.then(() => process.nextTick(dispatch));
    },
  };
}

/** Loads rows of `entity` by a unique column with one `IN (…)` query per tick. */
export function byColumn<E extends ObjectLiteral>(
  entity: EntityTarget<E>,
  column: keyof E & string = 'id',
): LoaderFactory<string, E | null> {
  return (ctx) =>
    new DataLoader<string, E | null>(async (keys) => {
      const rows = await leanRows(ctx, entity, column, keys);
      const map = new Map(rows.map((r) => [String(r[column]), r]));
      return keys.map((k) => map.get(k) ?? null);
    }, batching(ctx));
}

/** Loads all rows of `entity` whose `column` equals each key (one-to-many), in creation order. */
export function groupedBy<E extends ObjectLiteral>(
  entity: EntityTarget<E>,
  column: keyof E & string,
  only: Columns = null,
): LoaderFactory<string, E[]> {
  return (ctx) =>
    new DataLoader<string, E[]>(async (keys) => {
      const rows = await leanRows(ctx, entity, column, keys, true, only);
      const groups = new Map<string, E[]>(keys.map((k) => [k, []]));
      for (const row of rows) groups.get(String(row[column]))?.push(row);
      return keys.map((k) => groups.get(k) ?? []);
    }, batching(ctx));
}

/**
 * `groupedBy` reading only some columns (see selection.ts): one loader per column set, and `all`
 * (shared with every other caller) when the selection needs every column.
 */
export function groupedByColumns<E extends ObjectLiteral>(all: LoaderFactory<string, E[]>, entity: EntityTarget<E>, column: keyof E & string): (only: Columns) => LoaderFactory<string, E[]> {
  const byColumns = new Map<readonly string[], LoaderFactory<string, E[]>>();
  return (only) => {
    if (!only) return all;
    let factory = byColumns.get(only);
    if (!factory) byColumns.set(only, (factory = groupedBy(entity, column, only)));
    return factory;
  };
}

/**
 * The rows of `entity` whose `column` is one of `keys`, as lean rows (see rows.ts), with hand-written
 * SQL: one text per entity, column, order and number of keys.
 */
async function leanRows<E extends ObjectLiteral>(ctx: Context, entity: EntityTarget<E>, column: string, keys: readonly string[], ordered = false, only: Columns = null): Promise<E[]> {
  const unique = [...new Set(keys)];
  const metadata = ctx.db.getMetadata(entity);
  const text = cachedSql(ctx.db, `rows:${metadata.tableName}:${column}:${ordered}:${unique.length}:${only?.join(',') ?? '*'}`, () => {
    const sql = sqlWriter(ctx.db);
    const key = `row.${sql.name(metadata.findColumnWithPropertyName(column)?.databaseName ?? column)}`;
    // By group, then id: an index on (column, id) then serves the rows in order, without a sort.
    const order = ordered ? ` ORDER BY ${key} ASC, row.${sql.name('id')} ASC` : '';
    return `SELECT ${sql.columns(entity, 'row', '', only)} FROM ${sql.table(entity)} row WHERE ${key} IN (${sql.params(unique.length)})${order}`;
  });
  return toEntities(ctx.db, entity, await readRows(ctx.db, text, unique), '', only);
}
