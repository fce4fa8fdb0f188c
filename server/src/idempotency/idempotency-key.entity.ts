import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { User } from '../account';
import { Node } from '../common/node';

/**
 * One use of an `Idempotency-Key` by one user: what it was used for, and the answer to
 * replay. The unique (userId, key) index is what makes concurrent repeats produce one result: only
 * one request can claim the key; the others wait for its stored response.
 */
@Entity('idempotency_keys')
@Index(['userId', 'key'], { unique: true })
export class IdempotencyKey extends Node {
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Column({ type: 'varchar', length: 255 })
  key!: string;

  /** The mutation field, e.g. `createContract`. */
  @Column({ type: 'varchar', length: 64 })
  operation!: string;

  /** SHA-256 (hex) of the field, its input and its selection: a repeat must match it exactly. */
  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  /** The JSON the field answered with; null while the first request is still running. */
  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @Column({ type: Date, nullable: true })
  completedAt!: Date | null;

  /** After this the key is free again, and the sweeper deletes the row. */
  @Index()
  @Column({ type: Date })
  expiresAt!: Date;
}
