import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { User, otherCompanyRefused, userById } from '../account';
import type { AuthedContext, Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { loader } from '../common/loaders';
import { Connection, type Page } from '../common/pagination';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { Company, companyById, CompanyMember, Team, teamById } from '../company';
import { CompanyRole } from '../common/permissions';
import { Invitation, InvitationStatus } from './invitation.entity';
import {
  AcceptInvitationInput,
  InvitationByTokenArgs,
  InvitationsArgs,
  InviteCoworkerInput,
  ResendInvitationInput,
  RevokeInvitationInput,
} from './invitation.input';
import { invitationService, type InvitationLink as InvitationLinkShape, type InvitationPreview } from './invitation.service';
import { Idempotent } from '../idempotency';

export const InvitationConnection = Connection(Invitation);

@ObjectType()
export class InviteCoworkerPayload extends Payload(Invitation, 'invitation') {}

@ObjectType()
export class RevokeInvitationPayload extends Payload(Invitation, 'invitation') {}

@ObjectType()
export class ResendInvitationPayload extends Payload(Invitation, 'invitation') {}

@ObjectType()
export class AcceptInvitationPayload {
  @Field(() => Invitation, { nullable: true, description: 'Null when refused.' })
  invitation!: Invitation | null;

  @Field(() => CompanyMember, { nullable: true, description: 'Your new membership; null when refused.' })
  companyMember!: CompanyMember | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType({
  description:
    'The invitation email exactly as inviteCoworker would send it. Nothing is saved: ' +
    '`joinUrl` is a sample link with a fresh token that is never stored, so it does not work; Send creates the real one.',
})
export class InvitationEmail implements InvitationPreview {
  @Field({ description: 'Recipient address.' }) to!: string;
  @Field() subject!: string;
  @Field({ description: 'Plain-text body.' }) text!: string;
  @Field({ description: 'HTML body; everything the inviter typed is escaped.' }) html!: string;
  @Field({ description: 'A sample join link, shaped like the real one but not usable.' }) joinUrl!: string;
  @Field(() => [UserError], {
    description: 'Why inviteCoworker would refuse this input (ALREADY_MEMBER, ALREADY_INVITED); empty when Send would succeed.',
  })
  userErrors!: UserError[];
}

@ObjectType({
  description:
    'What a join link shows before it is accepted (the page at GET /join/<token> shows the same). ' +
    'Public; holds nothing the link holder could not act on: no email, message or ids.',
})
export class InvitationLink implements InvitationLinkShape {
  @Field({ description: 'The company the link joins.' }) companyName!: string;
  @Field(() => String, { nullable: true, description: 'Who sent it; null if that account no longer exists.' })
  inviterName!: string | null;
  @Field(() => CompanyRole, { description: 'The role the invitee gets on accepting.' }) role!: CompanyRole;
  @Field(() => String, { nullable: true, description: 'The team the invitee joins; null for none.' }) teamName!: string | null;
  @Field({ description: 'When the link stops working.' }) expiresAt!: Date;
  @Field(() => InvitationStatus, { description: 'Only PENDING can be accepted; the others say why not.' })
  status!: InvitationStatus;
}

@Resolver(() => Invitation)
export class InvitationResolver {
  @Query(() => InvitationLink, {
    nullable: true,
    description:
      'The preview of a join link, without signing in: company, inviter, role, team, expiry and status. ' +
      'Null when the token matches no invitation (whatever the reason). Accept it with acceptInvitation.',
  })
  invitationByToken(@Args() args: InvitationByTokenArgs, @Ctx() ctx: Context): Promise<InvitationLink | null> {
    return invitationService.linkPreview(ctx, args.token);
  }

  @Mutation(() => InviteCoworkerPayload, {
    description:
      'Invites a coworker by email and queues the email. Any member may invite; assigning a team needs ' +
      'OWNER, FULL or HIRING_MANAGER; the role granted is at most your own (OWNER only by an OWNER). ' +
      'The returned `joinUrl` is shown only here and by resendInvitation.',
  })
  @Idempotent()
  inviteCoworker(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: InviteCoworkerInput): Promise<PayloadShape<Invitation>> {
    return mutate(() => invitationService.invite(ctx, input));
  }

  @Query(() => InvitationEmail, {
    description: 'The email inviteCoworker would send for this input, with the same checks; saves nothing.',
  })
  invitationPreview(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: InviteCoworkerInput): Promise<InvitationEmail> {
    return invitationService.preview(ctx, input);
  }

  @Mutation(() => AcceptInvitationPayload, {
    description: 'Joins the company with the invitation’s role and team. Your account’s email must be the invited one.',
  })
  async acceptInvitation(@CurrentViewer({ session: true, refusal: otherCompanyRefused }) ctx: SessionContext, @Arg('input') input: AcceptInvitationInput): Promise<AcceptInvitationPayload> {
    const { result, userErrors } = await mutate(() => invitationService.accept(ctx, input));
    return { invitation: result?.invitation ?? null, companyMember: result?.companyMember ?? null, userErrors };
  }

  @Mutation(() => RevokeInvitationPayload, { description: 'Withdraws a pending invitation. Its inviter, OWNER or FULL.' })
  revokeInvitation(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: RevokeInvitationInput): Promise<PayloadShape<Invitation>> {
    return mutate(() => invitationService.revoke(ctx, input));
  }

  @Mutation(() => ResendInvitationPayload, {
    description:
      'Emails a pending or expired invitation again with a new link and expiry; the old link stops working. Its inviter, OWNER or FULL.',
  })
  resendInvitation(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: ResendInvitationInput): Promise<PayloadShape<Invitation>> {
    return mutate(() => invitationService.resend(ctx, input));
  }

  @FieldResolver(() => InvitationStatus, { description: 'PENDING until accepted, revoked or past `expiresAt` (then EXPIRED).' })
  status(@Root() invitation: Invitation): InvitationStatus {
    return invitation.effectiveStatus();
  }

  @FieldResolver(() => Company)
  company(@Root() invitation: Invitation, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(invitation.companyId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team the invitee joins; null for none.' })
  async team(@Root() invitation: Invitation, @Ctx() ctx: Context): Promise<Team | null> {
    return invitation.teamId ? loader(ctx, teamById).load(invitation.teamId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who sent it; null if that account no longer exists.' })
  async invitedBy(@Root() invitation: Invitation, @Ctx() ctx: Context): Promise<User | null> {
    return invitation.invitedById ? loader(ctx, userById).load(invitation.invitedById) : null;
  }
}

@Resolver(() => Company)
export class CompanyInvitationsResolver {
  @FieldResolver(() => InvitationConnection, { description: 'Invitations to this company, newest first. Members only.' })
  invitations(@CurrentViewer() ctx: AuthedContext, @Root() company: Company, @Args() args: InvitationsArgs): Promise<Page<Invitation>> {
    return invitationService.list(ctx, company.id, args);
  }
}
