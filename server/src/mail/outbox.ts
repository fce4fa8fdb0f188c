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

/**
 * Queues `message` inside the caller's transaction: it is sent only if the transaction commits,
 * and survives a mail server outage. Returns the outbox row.
 */
export async function queueEmail(
  tx: EntityManager,
  message: EmailMessage,
  companyId: string | null,
): Promise<OutboxEmail> {
  const email = Object.assign(new OutboxEmail(), {
    ...message,
    companyId,
    status: OutboxStatus.PENDING,
    attempts: 0,
    nextAttemptAt: new Date(),
    lastError: null,
    sentAt: null,
  });
  await tx.getRepository(OutboxEmail).insert(email as QueryDeepPartialEntity<OutboxEmail>);
  return email;
}
