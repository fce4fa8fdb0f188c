import { Column, Entity, Index } from 'typeorm';
import { Node } from '../common/node';

/** What a mailed account link is for. */
export enum AccountTokenPurpose {
  PASSWORD_RESET = 'PASSWORD_RESET',
  EMAIL_VERIFICATION = 'EMAIL_VERIFY',
}

/**
 * A single-use link mailed to an account's address (password reset, email verification). Only the
 * token's hash is stored; the link dies when used, when it expires, or when the address changes.
 * Not exposed over GraphQL.
 */
@Entity('account_tokens')
export class AccountToken extends Node {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  purpose!: AccountTokenPurpose;

  /** SHA-256 (hex) of the token in the link. */
  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  /** The address the link was mailed to: it proves that mailbox only while the account still has it. */
  @Column({ type: 'varchar', length: 254 })
  emailKey!: string;

  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  usedAt!: Date | null;
}
