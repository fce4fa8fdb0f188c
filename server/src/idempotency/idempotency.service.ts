import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuthedContext } from '../common/context';
import { columnValue } from '../common/db-values';
import { badInput } from '../common/errors';
import { transaction } from '../common/transaction';
import { IdempotencyKey } from './idempotency-key.entity';

/** How long a key is remembered (Stripe's 24 h): a repeat within it replays, after it runs anew. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest key; longer ones are refused, not truncated (two keys must never become one). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
// Visible ASCII: a UUID, a ULID or any app-made token fits; no spaces (HTTP trims them from headers).
const KEY_FORMAT = /^[\x21-\x7e]+$/;

/**
 * The key, or a BAD_USER_INPUT refusal naming `field` when it is not 1–255 visible ASCII
 * characters. Used for the header and the input field alike.
 */
export function parseIdempotencyKey(value: unknown, field?: string[]): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > IDEMPOTENCY_KEY_MAX_LENGTH || !KEY_FORMAT.test(value)) {
    throw badInput(`An idempotency key must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (e.g. a UUID)`, field);
  }
  return value;
}

/** What a request holding a key is to do. */
export type Claim =
  /** First use: run the mutation, then `complete` (or `release` if it failed). */
  | { kind: 'claimed'; id: string }
  /** A repeat of a finished request: answer with its response. */
  | { kind: 'replay'; response: unknown }
  /** The key was used for another field, input or selection. */
  | { kind: 'reused' }
  /** The first request is still running after `config.idempotencyWaitMs`. */
  | { kind: 'busy' };

/** Idempotency keys: claiming one, storing the answer, replaying it, forgetting it after 24 h. */
export class IdempotencyService {
  /**
   * Claims `key` for the viewer, or says how the request repeats an earlier one. The unique
   * (userId, key) index decides between concurrent requests, in this process or another one: the
   * loser polls until the winner has stored its response (or released the key, which it then claims).
   */
  async claim(ctx: AuthedContext, key: string, operation: string, requestHash: string): Promise<Claim> {
    const deadline = Date.now() + ctx.config.idempotencyWaitMs;
    const repo = ctx.db.getRepository(IdempotencyKey);
    const mine = Object.assign(new IdempotencyKey(), {
      userId: ctx.viewer.id,
      key,
      operation,
      requestHash,
      response: null,
      completedAt: null,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
    });
    let pause = 20;
    for (;;) {
      const row = await transaction(ctx, async (tx) => {
        // An expired row no longer counts; delete it here so the insert can take its place.
        await tx
          .createQueryBuilder()
          .delete()
          .from(IdempotencyKey)
          .where('"userId" = :userId AND "key" = :key AND "expiresAt" <= :now', {
            userId: mine.userId,
            key,
            now: columnValue(ctx.db, IdempotencyKey, 'expiresAt', new Date()),
          })
          .execute();
        await tx.createQueryBuilder().insert().into(IdempotencyKey).values(mine).orIgnore().execute();
        return tx.getRepository(IdempotencyKey).findOneBy({ userId: mine.userId, key });
      });
      let current = row;
      while (current && current.id !== mine.id) {
        if (current.operation !== operation || current.requestHash !== requestHash) return { kind: 'reused' };
        if (current.completedAt) return { kind: 'replay', response: JSON.parse(current.response ?? 'null') };
        if (Date.now() >= deadline) return { kind: 'busy' };
        await sleep(pause);
        pause = Math.min(pause * 2, 250);
        current = await repo.findOneBy({ userId: mine.userId, key });
      }
      if (current) return { kind: 'claimed', id: mine.id };
      // The first request failed and released the key (or it expired): try to claim it again.
    }
  }

  /** Stores the answer of a claimed key; repeats replay it from now on. */
  async complete(db: DataSource, id: string, response: unknown): Promise<void> {
    await db.getRepository(IdempotencyKey).update({ id }, { response: JSON.stringify(response), completedAt: new Date() });
  }

  /** Frees a claimed key whose request changed nothing (it failed), so that a retry runs again. */
  async release(db: DataSource, id: string): Promise<void> {
    await db.getRepository(IdempotencyKey).delete({ id });
  }

  /** Deletes every key that expired by `now`; returns how many. */
  async sweep(db: DataSource, now = new Date()): Promise<number> {
    const result = await db
      .createQueryBuilder()
      .delete()
      .from(IdempotencyKey)
      .where('"expiresAt" <= :now', { now: columnValue(db, IdempotencyKey, 'expiresAt', now) })
      .execute();
    return result.affected ?? 0;
  }
}

export const idempotencyService = new IdempotencyService();

export interface IdempotencySweeper {
  stop(): void;
}

/** Sweeps expired keys every `everyMs` (hourly by default); started and stopped by buildApp. */
export function startIdempotencySweeper(db: DataSource, logger: Logger, everyMs = 60 * 60 * 1000): IdempotencySweeper {
  const timer = setInterval(() => {
    idempotencyService.sweep(db).then(
      (count) => count > 0 && logger.info({ count }, 'swept expired idempotency keys'),
      (error: unknown) => logger.warn({ err: error }, 'idempotency key sweep failed'),
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
