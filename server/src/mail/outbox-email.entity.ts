import { Column, Entity, Index } from 'typeorm';
import { Node } from '../common/node';

export enum OutboxStatus {
  /** Waiting to be sent (or to be retried at `nextAttemptAt`). */
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** Gave up after the last attempt; `lastError` says why. */
  FAILED = 'FAILED',
  /** Not sent: the recipient's account turned email off for this kind of notification. */
  SUPPRESSED = 'SUPPRESSED',
}

/**
 * An email to send. Written in the same transaction as the change that causes it, so an email is
 * queued exactly when the change commits, and kept while the mail server is down (SPEC §3).
 * The mail worker delivers it. Not exposed over GraphQL.
 */
@Entity('outbox_emails')
@Index(['status', 'nextAttemptAt'])
export class OutboxEmail extends Node {
  /** The company the email is about (null for account email): the isolation key (SPEC §10). */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  companyId!: string | null;

  @Column({ type: 'varchar', length: 254 })
  to!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  html!: string;

  @Column({ type: 'varchar', length: 10, default: OutboxStatus.PENDING })
  status!: OutboxStatus;

  /** Delivery attempts started so far; also the claim's version (see mail-worker.ts). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Not before this time: a retry's backoff, or the lease of an attempt in progress. */
  @Column({ type: Date })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: Date, nullable: true })
  sentAt!: Date | null;
}
