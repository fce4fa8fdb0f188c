import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../common/pagination';
import { CompanyRole } from '../common/permissions';
import { InvitationStatus } from './invitation.entity';
import { IdempotencyKeyField } from '../idempotency';

export const MESSAGE_MAX = 2000;

/** What to invite; shared by inviteCoworker and invitationPreview. */
@InputType()
export class InviteCoworkerInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => ID)
  companyId!: string;

  @Field({ description: 'The coworker’s email.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field(() => String, { nullable: true, description: `A personal note for the email, up to ${MESSAGE_MAX} characters.` })
  @IsOptional()
  @MaxLength(MESSAGE_MAX, { message: `message must be at most ${MESSAGE_MAX} characters` })
  message?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Team to join. OWNER, FULL and HIRING_MANAGER only; leave blank if unsure.',
  })
  teamId?: string | null;

  @Field(() => CompanyRole, {
    nullable: true,
    description: 'Role on joining; default RECRUITER. At most your own (FULL grants up to FULL); OWNER only by an OWNER.',
  })
  role?: CompanyRole | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: 'The token from the join link (the part after `/join/`).' })
  @MaxLength(200)
  token!: string;
}

@ArgsType()
export class InvitationByTokenArgs {
  @Field({ description: 'The token from the join link (the part after `/join/`).' })
  @MaxLength(200)
  token!: string;
}

@InputType()
export class RevokeInvitationInput {
  @Field(() => ID)
  invitationId!: string;
}

@InputType()
export class ResendInvitationInput {
  @Field(() => ID)
  invitationId!: string;
}

@ArgsType()
export class InvitationsArgs extends ConnectionArgs {
  @Field(() => InvitationStatus, { nullable: true, description: 'Only invitations with this status.' })
  status?: InvitationStatus | null;
}
