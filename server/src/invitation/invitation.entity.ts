import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../account';
import { Node } from '../common/node';
import { CompanyRole } from '../common/permissions';
import { CompanyOwned, Team } from '../company';
import { NotStored } from '../idempotency';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  valuesConfig: {
    PENDING: { description: 'Sent; the link works until `expiresAt`.' },
    ACCEPTED: { description: 'The invitee joined the company.' },
    REVOKED: { description: 'Withdrawn; the link no longer works.' },
    EXPIRED: { description: 'Not accepted before `expiresAt`; resend it for a new link.' },
  },
});

/** How long a join link works (docs/domain.md "Inviting coworkers"). */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * An invitation to join a company. Its link carries a random token of which only the
 * hash is kept. One PENDING invitation per (company, email), by a partial unique index, so two
 * concurrent invites cannot both succeed.
 */
@ObjectType({ implements: Node, description: 'An invitation for a coworker to join a company.' })
@Entity('invitations')
@Index('IDX_invitations_one_pending_per_email', ['companyId', 'emailKey'], { unique: true, where: `"status" = 'PENDING'` })
@Index(['companyId', 'status'])
export class Invitation extends CompanyOwned {
  @Field({ description: 'The invitee’s email, as typed by the inviter.' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased email: matching members, accounts and other invitations ignores case. */
  @Column({ type: 'varchar', length: 254 })
  emailKey!: string;

  @Field(() => CompanyRole, { description: 'The role the invitee gets on accepting.' })
  @Column({ type: 'varchar', length: 20 })
  role!: CompanyRole;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  teamId!: string | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'teamId' })
  team?: Team | null;

  @Field(() => String, { nullable: true, description: 'The inviter’s personal note, shown in the email.' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  message!: string | null;

  /** As stored; the GraphQL `status` also reads EXPIRED for a PENDING one past `expiresAt`. */
  @Column({ type: 'varchar', length: 10 })
  status!: InvitationStatus;

  /** SHA-256 (hex) of the link's token. */
  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Field({ description: 'When the join link stops working.' })
  @Column({ type: Date })
  expiresAt!: Date;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  invitedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invitedById' })
  invitedBy?: User | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  acceptedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'acceptedById' })
  acceptedBy?: User | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;

  /**
   * The link with its token. Only the hash is stored, so it is set only on the object returned by
   * inviteCoworker and resendInvitation; null on every later read.
   */
  @Field(() => String, {
    nullable: true,
    description:
      'The join link. Only returned by inviteCoworker and resendInvitation; null afterwards ' +
      '(also in a replay of inviteCoworker for an Idempotency-Key: the link is never stored).',
  })
  @NotStored()
  joinUrl: string | null = null;

  /** The status as clients see it: a PENDING invitation past its expiry reads EXPIRED. */
  effectiveStatus(now = Date.now()): InvitationStatus {
    return this.status === InvitationStatus.PENDING && this.expiresAt.getTime() <= now ? InvitationStatus.EXPIRED : this.status;
  }
}
