import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { wantsEmail, type NotificationKind } from '../account/notification-preferences';
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
   * The notification this email is. When the recipient has an account that turned email off for this
   * kind, the email is kept as SUPPRESSED and never sent. Omit for mail that must go (account security).
   */
  notification?: NotificationKind;
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
  const wanted = !options.notification || (await wantsEmail(tx, message.to, options.notification));
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
