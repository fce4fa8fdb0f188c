import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node } from '../common/node';
import { User } from './user.entity';

/** One of the ten one-time codes that stand in for the authenticator. Only its hash is stored. */
@Entity('recovery_codes')
@Index(['userId', 'codeHash'], { unique: true })
export class RecoveryCode extends Node {
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** SHA-256 (hex) of the normalised code: 60 random bits, tried at a rate-limited pace. */
  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ type: Date, nullable: true })
  usedAt!: Date | null;
}
