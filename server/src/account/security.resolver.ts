import { Arg, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { Payload, mutate } from '../common/payload';
import {
  ChangePasswordInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  RevokeSessionInput,
  VerifyEmailInput,
} from './security.input';
import { securityService as security } from './security.service';
import { Session } from './session.entity';
import { User } from './user.entity';

@ObjectType({ description: 'Always the same answer, whether or not an account has the address.' })
export class RequestPasswordResetPayload {
  @Field({ description: 'True: if an account has this address, a reset link is on its way.' })
  accepted!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class ResetPasswordPayload extends Payload(User, 'user') {}
@ObjectType()
export class ChangePasswordPayload extends Payload(User, 'user') {}
@ObjectType()
export class VerifyEmailPayload extends Payload(User, 'user') {}
@ObjectType()
export class ResendVerificationEmailPayload extends Payload(User, 'user') {}
@ObjectType()
export class RevokeSessionPayload extends Payload(Session, 'session') {}

@ObjectType()
export class RevokeOtherSessionsPayload {
  @Field(() => Int, { nullable: true, description: 'How many sessions ended.' })
  revokedCount!: number | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class SecurityResolver {
  @Mutation(() => RequestPasswordResetPayload, {
    description:
      'Mails a single-use link (`PUBLIC_URL/reset-password?token=…`, valid 1 hour) if an account has this address. ' +
      'The answer is byte-for-byte the same either way. Rate limited per address and per client address.',
  })
  async requestPasswordReset(@Arg('input') input: RequestPasswordResetInput, @Ctx() ctx: Context): Promise<RequestPasswordResetPayload> {
    await security.requestPasswordReset(ctx, input);
    return { accepted: true, userErrors: [] };
  }

  @Mutation(() => ResetPasswordPayload, {
    description: 'Sets a new password with a mailed reset link; verifies the address and signs out every session. Then log in.',
  })
  resetPassword(@Arg('input') input: ResetPasswordInput, @Ctx() ctx: Context): Promise<ResetPasswordPayload> {
    return mutate(() => security.resetPassword(ctx, input));
  }

  @Mutation(() => ChangePasswordPayload, { description: 'Changes your password; this session stays, every other one ends.' })
  changePassword(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: ChangePasswordInput): Promise<ChangePasswordPayload> {
    return mutate(() => security.changePassword(ctx, input));
  }

  @Mutation(() => VerifyEmailPayload, { description: 'Verifies an address with the link mailed at sign-up. No sign-in needed.' })
  verifyEmail(@Arg('input') input: VerifyEmailInput, @Ctx() ctx: Context): Promise<VerifyEmailPayload> {
    return mutate(() => security.verifyEmail(ctx, input));
  }

  @Mutation(() => ResendVerificationEmailPayload, { description: 'Mails a new verification link to your address; earlier links stop working.' })
  resendVerificationEmail(@CurrentViewer({ session: true }) ctx: SessionContext): Promise<ResendVerificationEmailPayload> {
    return mutate(() => security.resendVerificationEmail(ctx));
  }

  @Mutation(() => RevokeSessionPayload, {
    description: 'Signs out one of your sessions (from `viewer.sessions`). Anyone else’s session is NOT_FOUND.',
  })
  revokeSession(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: RevokeSessionInput): Promise<RevokeSessionPayload> {
    return mutate(() => security.revokeSession(ctx, input));
  }

  @Mutation(() => RevokeOtherSessionsPayload, { description: 'Signs out every session of yours but the one making this request.' })
  async revokeOtherSessions(@CurrentViewer({ session: true }) ctx: SessionContext): Promise<RevokeOtherSessionsPayload> {
    const { result, userErrors } = await mutate(() => security.revokeOtherSessions(ctx));
    return { revokedCount: result, userErrors };
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @FieldResolver(() => Boolean, { description: 'True for the session this request was made with.' })
  current(@Root() session: Session, @Ctx() ctx: Context): boolean {
    return security.isCurrent(ctx, session);
  }
}
