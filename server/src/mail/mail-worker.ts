import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { columnValue } from '../common/db-values';
import { transaction } from '../common/transaction';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';

/** Attempts before an email is marked FAILED. */
export const MAX_ATTEMPTS = 8;
/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** How long a claimed email is hidden from other workers while it is being sent. */
const LEASE_MS = 5 * 60 * 1000;
/** Emails handled per poll. */
const BATCH = 20;

export interface MailWorker {
  /** Stops polling and waits for the delivery in progress, if any. */
  stop(): Promise<void>;
}

/** Delay before attempt `attempt + 1`, after `attempt` failures: base · 2^(attempt−1), capped. */
export function retryDelay(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
}

/**
 * Delivers the outbox (docs/domain.md "Inviting coworkers"). Every `config.mailPollMs` it picks due PENDING emails and, when
 * SMTP_URL is set, sends them: SENT on success; on failure the attempt is recorded with its error
 * and retried with exponential backoff, FAILED after MAX_ATTEMPTS. Without SMTP_URL mail stays
 * PENDING (nothing is lost) and each email is logged once.
 *
 * Several server processes may share one PostgreSQL database: an email is claimed with a
 * conditional UPDATE on its attempt count before it is sent, so only one worker sends it. A worker
 * that dies mid-send leaves a lease (nextAttemptAt) after which another one retries.
 */
export function startMailWorker(db: DataSource, config: Config, logger: Logger): MailWorker {
  const log = logger.child({ component: 'mail-worker' });
  const repo = db.getRepository(OutboxEmail);
  // Writes share the request transactions' lock: on SQLite a bare write on the one connection
  // would otherwise land inside whichever request transaction is open.
  const write = <T>(work: (tx: EntityManager) => Promise<T>) => transaction({ db }, work);
  const transport: Transporter | null = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      })
    : null;
  const announced = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopping = false;

  if (!transport) log.info('SMTP_URL is not set: outgoing email is kept in the outbox, not sent');

  /** Without SMTP: say once per email that it waits in the outbox (never its body: it holds a link token). */
  async function announce(): Promise<void> {
    const waiting = await repo.find({
      where: { status: OutboxStatus.PENDING },
      order: { id: 'DESC' },
      take: 100,
      select: { id: true, to: true, subject: true },
    });
    for (const email of waiting.reverse()) {
      if (announced.has(email.id)) continue;
      announced.add(email.id);
      log.info({ emailId: email.id, to: email.to, subject: email.subject }, 'email kept in the outbox (SMTP_URL is not set)');
    }
  }

  async function deliver(mailer: Transporter, email: OutboxEmail): Promise<void> {
    const attempt = email.attempts + 1;
    const claim = await write((tx) =>
      tx
        .getRepository(OutboxEmail)
        .update(
          { id: email.id, status: OutboxStatus.PENDING, attempts: email.attempts },
          { attempts: attempt, nextAttemptAt: new Date(Date.now() + LEASE_MS) },
        ),
    );
    if (claim.affected !== 1) return; // another worker has it
    try {
      await mailer.sendMail({ from: config.mailFrom, to: email.to, subject: email.subject, text: email.text, html: email.html });
      await write((tx) =>
        tx.getRepository(OutboxEmail).update({ id: email.id }, { status: OutboxStatus.SENT, sentAt: new Date(), lastError: null }),
      );
      log.info({ emailId: email.id, attempt }, 'email sent');
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000) || 'unknown error';
      const failed = attempt >= MAX_ATTEMPTS;
      await write((tx) =>
        tx.getRepository(OutboxEmail).update(
          { id: email.id },
          {
            status: failed ? OutboxStatus.FAILED : OutboxStatus.PENDING,
            lastError: message,
            nextAttemptAt: new Date(Date.now() + retryDelay(attempt, config.mailRetryBaseMs)),
          },
        ),
      );
      if (failed) log.error({ emailId: email.id, attempt, error: message }, 'email delivery failed for good');
      else log.warn({ emailId: email.id, attempt, error: message }, 'email delivery failed; will retry');
    }
  }

  async function poll(): Promise<void> {
    if (!transport) return announce();
    const due = await repo
      .createQueryBuilder('email')
      .where('email.status = :pending', { pending: OutboxStatus.PENDING })
      .andWhere('email.nextAttemptAt <= :now', { now: columnValue(db, OutboxEmail, 'nextAttemptAt', new Date()) })
      .orderBy('email.nextAttemptAt', 'ASC')
      .addOrderBy('email.id', 'ASC')
      .take(BATCH)
      .getMany();
    for (const email of due) {
      if (stopping) return;
      await deliver(transport, email);
    }
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      running = poll()
        .catch((error: unknown) => {
          if (!stopping) log.warn({ err: error }, 'mail worker poll failed');
        })
        .finally(() => {
          running = null;
          schedule();
        });
    }, config.mailPollMs);
    timer.unref();
  }
  schedule();

  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
      transport?.close();
    },
  };
}
