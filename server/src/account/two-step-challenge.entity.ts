import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node } from '../common/node';
import { User } from './user.entity';

/**
 * The half-finished log-in of an account with two-step verification: the password was right, a code
 * is still owed. Short-lived and single-use; only the hash of the challenge is stored.
 */
@Entity('two_step_challenges')
export class TwoStepChallenge extends Node {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Column({ type: 'varchar', length: 64, unique: true })
  challengeHash!: string;

  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  usedAt!: Date | null;
}
