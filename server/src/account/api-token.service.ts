import { IsNull, type EntityManager } from 'typeorm';
import type { AuthedContext, Context, SessionContext } from '../common/context';
import { UserErrorCode, UserFailure, badInput, notFound } from '../common/errors';
import { requireRowId } from '../common/ids';
import { publish } from '../common/events';
import { transaction } from '../common/transaction';
import { newApiToken } from './api-token.auth';
import { ApiToken, ApiTokenScope } from './api-token.entity';
import type { CreateApiTokenInput, RevokeApiTokenInput } from './api-token.input';
import { hashToken } from './credentials';

/** Live (unrevoked) tokens one user may hold; more is a leak waiting to happen, or a script gone wrong. */
export const MAX_API_TOKENS = 50;

export interface CreatedApiToken {
  token: string;
  apiToken: ApiToken;
}

/**
 * What a module above checks when a token is made for a company, inside createApiToken's transaction:
 * the company module refuses (NOT_FOUND) a company the viewer is not a member of. account knows no
 * companies, so a token is refused while no module has said the company is the viewer's.
 */
export interface ApiTokenCreating {
  check(tx: EntityManager, ctx: AuthedContext, companyId: string): Promise<void>;
}

const creatings: ApiTokenCreating[] = [];

/** Called once at schema build by a module above (its `WorkroomModule.extend`). */
export function onApiTokenCreating(creating: ApiTokenCreating): void {
  if (!creatings.includes(creating)) creatings.push(creating);
}

/** API tokens for apps: one company, READ and/or WRITE, never more than the creator's current role. */
export class ApiTokenService {
  /** Creates a token for a company the viewer belongs to; the secret is returned here only. */
  async create(ctx: SessionContext, input: CreateApiTokenInput): Promise<CreatedApiToken> {
    const companyId = requireRowId(input.companyId, 'Company');
    const scopes = [ApiTokenScope.READ, ApiTokenScope.WRITE].filter((s) => input.scopes.includes(s));
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw badInput('expiresAt must be in the future', ['input', 'expiresAt']);
    }
    return transaction(ctx, async (tx) => {
      if (!creatings.length) throw notFound('Company');
      for (const creating of creatings) await creating.check(tx, ctx, companyId);
      const repo = tx.getRepository(ApiToken);
      if ((await repo.countBy({ userId: ctx.viewer.id, revokedAt: IsNull() })) >= MAX_API_TOKENS) {
        throw new UserFailure(UserErrorCode.TOO_MANY_API_TOKENS, `You can hold at most ${MAX_API_TOKENS} API tokens: revoke one first`, null);
      }
      const token = newApiToken();
      const apiToken = Object.assign(new ApiToken(), {
        userId: ctx.viewer.id,
        companyId,
        name: input.name.trim(),
        scopeList: scopes.join(','),
        tokenHash: hashToken(token),
        expiresAt: input.expiresAt ?? null,
        lastUsedAt: null,
        revokedAt: null,
      });
      await repo.insert(apiToken);
      await publish(tx, ctx, { type: 'apiToken.created', companyId, target: apiToken, data: { name: apiToken.name, scopes } });
      return { token, apiToken: await repo.findOneByOrFail({ id: apiToken.id }) };
    });
  }

  /** Revokes one of the viewer's own tokens; it stops working at once. Anyone else's: NOT_FOUND. */
  async revoke(ctx: SessionContext, input: RevokeApiTokenInput): Promise<ApiToken> {
    const id = requireRowId(input.apiTokenId, 'ApiToken');
    return transaction(ctx, async (tx) => {
      const repo = tx.getRepository(ApiToken);
      const token = await repo.findOneBy({ id, userId: ctx.viewer.id, revokedAt: IsNull() });
      if (!token) throw notFound('ApiToken');
      await repo.update({ id }, { revokedAt: new Date() });
      await publish(tx, ctx, { type: 'apiToken.revoked', companyId: token.companyId, target: token, data: { name: token.name } });
      return repo.findOneByOrFail({ id });
    });
  }

  /** The viewer's live tokens, newest first (never their secrets). */
  listOwn(ctx: SessionContext): Promise<ApiToken[]> {
    return ctx.db.getRepository(ApiToken).find({ where: { userId: ctx.viewer.id, revokedAt: IsNull() }, order: { id: 'DESC' }, take: MAX_API_TOKENS });
  }

  /** `node(id)` on a token: its creator's, through a session only. */
  async findVisible(ctx: Context, id: string): Promise<ApiToken | null> {
    if (!ctx.viewer || !ctx.session) return null;
    return ctx.db.getRepository(ApiToken).findOneBy({ id, userId: ctx.viewer.id });
  }
}

export const apiTokenService = new ApiTokenService();
