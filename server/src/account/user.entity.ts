import { Column, Entity } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import type { StoredNotificationPreferences } from './notification-preferences';

@ObjectType({ implements: Node, description: 'A person with a Workroom account: a client, a freelancer, or both.' })
@Entity('users')
export class User extends Node {
  @Field({ description: 'How coworkers and freelancers see you; "Closed account" once the account is closed.' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field({ description: 'As the user typed it; unique regardless of case. A placeholder once the account is closed.' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased email: the unique key that makes emails case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  emailKey!: string;

  /** scrypt hash with its parameters and salt; never leaves the server. */
  @Column({ type: 'varchar', length: 200 })
  passwordHash!: string;

  /** When the address was proven to be this user's (a mailed link was used); null while unverified. */
  @Column({ type: Date, nullable: true })
  emailVerifiedAt!: Date | null;

  @Field({ description: 'IANA time zone the user works in, e.g. `Europe/Paris`.' })
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone!: string;

  /** Null means every notification on every channel (the defaults). */
  @Column({ type: 'simple-json', nullable: true })
  notificationPreferences!: StoredNotificationPreferences | null;

  /** True when the user opted out of their data being used for AI features. */
  @Column({ type: 'boolean', default: false })
  aiDataOptOut!: boolean;

  /** When the account was closed and its personal data removed; null while open. */
  @Column({ type: Date, nullable: true })
  closedAt!: Date | null;

  @Field({ description: 'True once the user has proven the address is theirs by opening a link mailed to it.' })
  get emailVerified(): boolean {
    return this.emailVerifiedAt != null;
  }

  @Field({ description: 'True for a closed account: its name and email are placeholders, and it cannot sign in.' })
  get closed(): boolean {
    return this.closedAt != null;
  }
}

export const emailKey = (email: string): string => email.trim().toLowerCase();
