import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node } from '../common/node';
import { User } from './user.entity';

/** A signed-in session: the hash of one bearer token. The token itself is never stored. */
@Entity('sessions')
export class Session extends Node {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** SHA-256 (hex) of the token: tokens carry 256 random bits, so a fast hash is enough. */
  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;
}
