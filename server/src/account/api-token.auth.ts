import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { transaction } from '../common/transaction';
import { ApiToken } from './api-token.entity';
import { hashToken } from './credentials';

/** Every app token starts with this; session tokens start with `wr_`, so one look at a header tells them apart. */
export const API_TOKEN_PREFIX = 'wrapp_';

/** A new app token: 256 random bits behind the prefix that secret scanners (and `authenticate`) recognise. */
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** `lastUsedAt` is written at most this often, so a busy app does not turn every read into a write. */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * The live token behind `raw`, with its creator: not revoked, not expired, and its creator still a
 * member of its company (leaving or being removed kills it). Null otherwise. The membership is
 * joined by entity name: account imports no company module.
 */
export async function authenticateApiToken(db: DataSource, raw: string): Promise<ApiToken | null> {
  const token = await db
    .getRepository(ApiToken)
    .createQueryBuilder('token')
    .innerJoinAndSelect('token.user', 'user')
    .innerJoin('CompanyMember', 'member', 'member.companyId = token.companyId AND member.userId = token.userId')
    .where('token.tokenHash = :hash', { hash: hashToken(raw) })
    .getOne();
  const now = Date.now();
  if (!token?.user || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= now)) return null;
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    token.lastUsedAt = new Date(now);
    // Through transaction(): on SQLite a bare write could land inside another request's open transaction.
    await transaction({ db }, (tx) => tx.getRepository(ApiToken).update({ id: token.id }, { lastUsedAt: token.lastUsedAt }));
  }
  return token;
}
