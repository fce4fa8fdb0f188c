import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { Payload, mutate } from '../common/payload';
import { LogInInput, SignUpInput } from './account.input';
import { accountService as accounts, type SignedIn } from './account.service';
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
export class LogInPayload extends SessionPayload {}

@ObjectType()
export class LogOutPayload extends Payload(User, 'user') {}

async function session(work: () => Promise<SignedIn>): Promise<SessionPayload> {
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
  logIn(@Arg('input') input: LogInInput, @Ctx() ctx: Context): Promise<LogInPayload> {
    return session(() => accounts.logIn(ctx, input));
  }

  @Mutation(() => LogOutPayload, { description: 'Revokes the token this request was made with.' })
  logOut(@CurrentViewer() ctx: AuthedContext): Promise<LogOutPayload> {
    return mutate(() => accounts.logOut(ctx));
  }
}
