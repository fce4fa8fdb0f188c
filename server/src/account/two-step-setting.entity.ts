import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { Node } from '../common/node';
import { User } from './user.entity';

/**
 * A user's authenticator (TOTP, RFC 6238): pending from enableTwoStepVerification until a code
 * confirms it (`enabledAt` set). One per user. The secret never leaves the server after setup.
 */
@Entity('two_step_settings')
export class TwoStepSetting extends Node {
  @Column({ type: 'varchar', length: 36, unique: true })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** The shared secret, shown once at setup; encrypted when TWO_STEP_SECRET_KEY is set (see two-step.secret.ts). */
  @Column({ type: 'varchar', length: 200 })
  secret!: string;

  /** When a code confirmed the setup; null while pending (log-in does not ask for a code yet). */
  @Column({ type: Date, nullable: true })
  enabledAt!: Date | null;

  /** The last 30-second step a code was accepted for: a code is never accepted twice, nor an older one. */
  @Column({ type: 'integer', nullable: true })
  lastStep!: number | null;
}
