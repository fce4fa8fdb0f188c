import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';

/** A rendered email: the same shape is previewed, queued and sent. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface QueueOptions {
  /**
   * Kept as SUPPRESSED and never sent: the recipient turned this kind of email off. The sender asks the
   * account module (`notificationEmail`), which owns preferences; omit for mail that must go (account security).
   */
  suppressed?: boolean;
}

/**
 * Queues `message` inside the caller's transaction: it is sent only if the transaction commits,
 * and survives a mail server outage. Returns the outbox row.
 */
export async function queueEmail(
  tx: EntityManager,
  message: EmailMessage,
  companyId: string | null,
  options: QueueOptions = {},
): Promise<OutboxEmail> {
  const wanted = !options.suppressed;
  const email = Object.assign(new OutboxEmail(), {
    ...message,
    companyId,
    status: wanted ? OutboxStatus.PENDING : OutboxStatus.SUPPRESSED,
    attempts: 0,
    nextAttemptAt: new Date(),
    lastError: null,
    sentAt: null,
  });
  await tx.getRepository(OutboxEmail).insert(email as QueryDeepPartialEntity<OutboxEmail>);
  return email;
}
