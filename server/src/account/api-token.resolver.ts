import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { Payload, mutate } from '../common/payload';
import { ApiToken } from './api-token.entity';
import { CreateApiTokenInput, RevokeApiTokenInput } from './api-token.input';
import { apiTokenService } from './api-token.service';
import { requireSession } from './auth';
import { User } from './user.entity';

@ObjectType()
export class CreateApiTokenPayload {
  @Field(() => String, {
    nullable: true,
    description: 'The token (`wrapp_…`) for `Authorization: Bearer <token>`. Shown this once; only its hash is kept.',
  })
  token!: string | null;

  @Field(() => ApiToken, { nullable: true })
  apiToken!: ApiToken | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class RevokeApiTokenPayload extends Payload(ApiToken, 'apiToken') {}

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Mutation(() => CreateApiTokenPayload, {
    description: 'Creates a token for an app, limited to one company and its scopes; needs a signed-in session, not a token.',
  })
  async createApiToken(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: CreateApiTokenInput): Promise<CreateApiTokenPayload> {
    const { result, userErrors } = await mutate(() => apiTokenService.create(ctx, input));
    return { token: result?.token ?? null, apiToken: result?.apiToken ?? null, userErrors };
  }

  @Mutation(() => RevokeApiTokenPayload, { description: 'Revokes one of your API tokens; it stops working at once.' })
  revokeApiToken(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: RevokeApiTokenInput): Promise<RevokeApiTokenPayload> {
    return mutate(() => apiTokenService.revoke(ctx, input));
  }
}

@Resolver(() => User)
export class UserApiTokensResolver {
  @FieldResolver(() => [ApiToken], {
    nullable: true,
    description: 'Your live API tokens, newest first (never their secrets). Only on yourself, signed in with a session; null otherwise.',
  })
  async apiTokens(@Root() user: User, @Ctx() ctx: Context): Promise<ApiToken[] | null> {
    if (ctx.viewer?.id !== user.id || !ctx.session) return null;
    return apiTokenService.listOwn(requireSession(ctx));
  }
}
