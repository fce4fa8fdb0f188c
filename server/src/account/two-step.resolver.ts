import { Arg, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { Payload, mutate } from '../common/payload';
import {
  CompleteTwoStepLogInInput,
  ConfirmTwoStepVerificationInput,
  DisableTwoStepVerificationInput,
  EnableTwoStepVerificationInput,
} from './two-step.input';
import { twoStepService } from './two-step.service';
import { User } from './user.entity';

@ObjectType()
export class EnableTwoStepVerificationPayload {
  @Field(() => String, { nullable: true, description: 'Base32 secret for typing into an authenticator app. Shown this once.' })
  secret!: string | null;

  @Field(() => String, { nullable: true, description: '`otpauth://totp/Workroom:<email>?…`: what the QR code holds.' })
  otpauthUri!: string | null;

  @Field(() => String, { nullable: true, description: 'The otpauth URI as a QR code, a `data:image/png;base64,…` URL.' })
  qrCodeDataUrl!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class ConfirmTwoStepVerificationPayload {
  @Field(() => [String], {
    nullable: true,
    description: 'Ten one-time recovery codes, each good for one log-in without the app. Shown this once.',
  })
  recoveryCodes!: string[] | null;

  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class DisableTwoStepVerificationPayload extends Payload(User, 'user') {}

@ObjectType()
export class CompleteTwoStepLogInPayload {
  @Field(() => String, { nullable: true, description: 'Bearer token for `Authorization: Bearer <token>`. Shown once.' })
  token!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working.' })
  expiresAt!: Date | null;

  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class TwoStepResolver {
  @Mutation(() => EnableTwoStepVerificationPayload, {
    description: 'Starts two-step verification (password needed): a new authenticator secret, pending until confirmTwoStepVerification.',
  })
  async enableTwoStepVerification(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: EnableTwoStepVerificationInput): Promise<EnableTwoStepVerificationPayload> {
    const { result, userErrors } = await mutate(() => twoStepService.enable(ctx, input));
    return { secret: result?.secret ?? null, otpauthUri: result?.otpauthUri ?? null, qrCodeDataUrl: result?.qrCodeDataUrl ?? null, userErrors };
  }

  @Mutation(() => ConfirmTwoStepVerificationPayload, {
    description: 'Switches two-step verification on with a code from the app; returns ten recovery codes. This does not log in.',
  })
  async confirmTwoStepVerification(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: ConfirmTwoStepVerificationInput): Promise<ConfirmTwoStepVerificationPayload> {
    const { result, userErrors } = await mutate(() => twoStepService.confirm(ctx, input));
    return { recoveryCodes: result, user: result ? ctx.viewer : null, userErrors };
  }

  @Mutation(() => DisableTwoStepVerificationPayload, { description: 'Switches two-step verification off: needs the password and a code.' })
  disableTwoStepVerification(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: DisableTwoStepVerificationInput): Promise<DisableTwoStepVerificationPayload> {
    return mutate(() => twoStepService.disable(ctx, input));
  }

  @Mutation(() => CompleteTwoStepLogInPayload, { description: 'Finishes a log-in that answered with a `challenge`: returns the session token.' })
  async completeTwoStepLogIn(@Arg('input') input: CompleteTwoStepLogInInput, @Ctx() ctx: Context): Promise<CompleteTwoStepLogInPayload> {
    const { result, userErrors } = await mutate(() => twoStepService.completeLogIn(ctx, input));
    return { token: result?.token ?? null, expiresAt: result?.expiresAt ?? null, user: result?.user ?? null, userErrors };
  }
}

@Resolver(() => User)
export class UserTwoStepResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether log-in asks for a two-step code. Only on yourself (null on others).' })
  async twoStepEnabled(@Root() user: User, @Ctx() ctx: Context): Promise<boolean | null> {
    if (ctx.viewer?.id !== user.id) return null;
    return (await twoStepService.status(ctx, user.id)).enabled;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Unused recovery codes left. Only on yourself (null on others).' })
  async twoStepRecoveryCodesLeft(@Root() user: User, @Ctx() ctx: Context): Promise<number | null> {
    if (ctx.viewer?.id !== user.id) return null;
    return (await twoStepService.status(ctx, user.id)).recoveryCodesLeft;
  }
}
