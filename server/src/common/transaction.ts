import { Mutex } from 'async-mutex';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Context } from './context';

// better-sqlite3 has one connection, and TypeORM hands every caller the same query runner:
// two interleaved async transactions would silently become one. Writers take turns instead.
const sqliteWriters = new WeakMap<DataSource, Mutex>();

const isSqlite = (db: DataSource): boolean => db.options.type === 'better-sqlite3';

/** What runs once each open transaction has committed (see afterCommit). */
const commitCallbacks = new WeakMap<EntityManager, (() => Promise<void>)[]>();

/**
 * Runs `work` in one database transaction: everything it writes commits together or not at all
 * (a thrown UserFailure rolls back too). Never nest: call services' inner helpers with `tx`.
 * Callbacks registered with `afterCommit(tx, …)` run once it has committed (outside the SQLite
 * writers' lock, so they may open transactions of their own), before this resolves.
 */
export async function transaction<T>(ctx: Pick<Context, 'db'>, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const callbacks: (() => Promise<void>)[] = [];
  const run = (tx: EntityManager): Promise<T> => {
    commitCallbacks.set(tx, callbacks);
    return work(tx);
  };
  let result: T;
  if (!isSqlite(ctx.db)) {
    result = await ctx.db.transaction(run);
  } else {
    let mutex = sqliteWriters.get(ctx.db);
    if (!mutex) {
      mutex = new Mutex();
      sqliteWriters.set(ctx.db, mutex);
    }
    result = await mutex.runExclusive(() => ctx.db.transaction(run));
  }
  for (const callback of callbacks) await callback();
  return result;
}

/**
 * Runs `callback` after `tx` (a transaction opened by `transaction()`) commits; never if it rolls
 * back. The callback must not throw (the domain event bus catches and logs its subscribers' errors).
 */
export function afterCommit(tx: EntityManager, callback: () => Promise<void>): void {
  const callbacks = commitCallbacks.get(tx);
  if (!callbacks) throw new Error('afterCommit needs a transaction opened by transaction() (common/transaction.ts)');
  callbacks.push(callback);
}

/**
 * Locks one row until the transaction ends, so that checks made after it (the last owner, a
 * contract's state) cannot be raced by a concurrent transaction. SQLite writers are already
 * serialised, so there it is a plain read.
 */
export async function lockRow<E extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<E>,
  id: string,
): Promise<E | null> {
  const repo = tx.getRepository(entity);
  if (tx.connection.options.type === 'better-sqlite3') return repo.findOneBy({ id } as never);
  return repo.findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
}
