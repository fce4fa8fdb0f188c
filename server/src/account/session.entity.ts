import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { User } from './user.entity';

/** A signed-in session: the hash of one bearer token. The token itself is never stored. */
@ObjectType({ implements: Node, description: 'A place you are signed in: one bearer token, listed on `viewer.sessions`.' })
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

  @Field({ description: 'When the token stops working.' })
  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Last request made with the token, to the minute (it is recorded at most once a minute).',
  })
  @Column({ type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The User-Agent of the request that signed in.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address that signed in.' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
