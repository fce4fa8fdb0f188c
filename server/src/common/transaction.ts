import { Mutex } from 'async-mutex';
import { QueryFailedError, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Context } from './context';

// better-sqlite3 has one connection, and TypeORM hands every caller the same query runner:
// two interleaved async transactions would silently become one. Writers take turns instead.
const sqliteWriters = new WeakMap<DataSource, Mutex>();

const isSqlite = (db: DataSource): boolean => db.options.type === 'better-sqlite3';

/**
 * Runs `work` in one database transaction: everything it writes commits together or not at all
 * (a thrown UserFailure rolls back too). Never nest: call services' inner helpers with `tx`.
 */
export async function transaction<T>(ctx: Pick<Context, 'db'>, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (!isSqlite(ctx.db)) return ctx.db.transaction(work);
  let mutex = sqliteWriters.get(ctx.db);
  if (!mutex) {
    mutex = new Mutex();
    sqliteWriters.set(ctx.db, mutex);
  }
  return mutex.runExclusive(() => ctx.db.transaction(work));
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

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string } | undefined;
  return driverError?.code === '23505' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
