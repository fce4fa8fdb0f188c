import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { Payload, mutate } from '../common/payload';
import { LogInInput, SignUpInput } from './account.input';
import { accountService as accounts, type SignedIn } from './account.service';
import type { TwoStepChallengeIssued } from './two-step.service';
import { User } from './user.entity';

@ObjectType()
abstract class SessionPayload {
  @Field(() => String, {
    nullable: true,
    description: 'Bearer token for `Authorization: Bearer <token>`. Shown once; store it safely.',
  })
  token!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working.' })
  expiresAt!: Date | null;

  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class SignUpPayload extends SessionPayload {}

@ObjectType()
export class LogInPayload extends SessionPayload {
  @Field(() => String, {
    nullable: true,
    description:
      'Set instead of `token` when two-step verification is on: pass it with a code to completeTwoStepLogIn. Single-use, 5 minutes.',
  })
  challenge!: string | null;

  @Field(() => Date, { nullable: true, description: 'When `challenge` stops working.' })
  challengeExpiresAt!: Date | null;
}

@ObjectType()
export class LogOutPayload extends Payload(User, 'user') {}

async function session(work: () => Promise<SignedIn | null>): Promise<SessionPayload> {
  const { result, userErrors } = await mutate(work);
  return { token: result?.token ?? null, expiresAt: result?.expiresAt ?? null, user: result?.user ?? null, userErrors };
}

@Resolver()
export class AccountResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  viewer(@Ctx() ctx: Context): User | null {
    return ctx.viewer;
  }

  @Mutation(() => SignUpPayload, { description: 'Creates an account and returns a session token.' })
  signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: Context): Promise<SignUpPayload> {
    return session(() => accounts.signUp(ctx, input));
  }

  @Mutation(() => LogInPayload, { description: 'Signs in with email and password and returns a new token.' })
  async logIn(@Arg('input') input: LogInInput, @Ctx() ctx: Context): Promise<LogInPayload> {
    let challenge: TwoStepChallengeIssued | null = null;
    const payload = await session(async () => {
      const outcome = await accounts.logIn(ctx, input);
      if ('token' in outcome) return outcome;
      challenge = outcome;
      return null;
    });
    const issued = challenge as TwoStepChallengeIssued | null;
    return { ...payload, challenge: issued?.challenge ?? null, challengeExpiresAt: issued?.challengeExpiresAt ?? null };
  }

  @Mutation(() => LogOutPayload, { description: 'Revokes the session token this request was made with (not an API token).' })
  logOut(@CurrentViewer({ session: true }) ctx: SessionContext): Promise<LogOutPayload> {
    return mutate(() => accounts.logOut(ctx));
  }
}
