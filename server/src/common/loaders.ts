import DataLoader from 'dataloader';
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Context } from './context';

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

/** Loads rows of `entity` by a unique column with one `IN (…)` query per tick. */
export function byColumn<E extends ObjectLiteral>(
  entity: EntityTarget<E>,
  column: keyof E & string = 'id',
): LoaderFactory<string, E | null> {
  return (ctx) =>
    new DataLoader<string, E | null>(async (keys) => {
      const rows = await ctx.db.getRepository(entity).findBy({ [column]: In([...keys]) } as never);
      const map = new Map(rows.map((r) => [String(r[column]), r]));
      return keys.map((k) => map.get(k) ?? null);
    });
}

/** Loads all rows of `entity` whose `column` equals each key (one-to-many), in creation order. */
export function groupedBy<E extends ObjectLiteral>(
  entity: EntityTarget<E>,
  column: keyof E & string,
): LoaderFactory<string, E[]> {
  return (ctx) =>
    new DataLoader<string, E[]>(async (keys) => {
      const rows = await ctx.db
        .getRepository(entity)
        .find({ where: { [column]: In([...keys]) } as never, order: { id: 'ASC' } as never });
      const groups = new Map<string, E[]>(keys.map((k) => [k, []]));
      for (const row of rows) groups.get(String(row[column]))?.push(row);
      return keys.map((k) => groups.get(k) ?? []);
    });
}
