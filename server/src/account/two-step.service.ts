import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { IsNull, type EntityManager } from 'typeorm';
import type { Context, SessionContext } from '../common/context';
import { UserErrorCode, UserFailure, badInput, failedWith } from '../common/errors';
import { columnValue } from '../common/db-values';
import { publish } from '../common/events';
import { transaction } from '../common/transaction';
import { clientOf, openSession, type SignedIn } from './open-session';
import { hashToken, newToken, verifyPassword } from './credentials';
import { RecoveryCode } from './recovery-code.entity';
import { TwoStepChallenge } from './two-step-challenge.entity';
import { TwoStepSetting } from './two-step-setting.entity';
import { openSecret, sealSecret } from './two-step.secret';
import type {
  CompleteTwoStepLogInInput,
  ConfirmTwoStepVerificationInput,
  DisableTwoStepVerificationInput,
  EnableTwoStepVerificationInput,
} from './two-step.input';
import { User } from './user.entity';

/** How long the challenge `logIn` hands out stays good for `completeTwoStepLogIn`. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Workroom';
const PERIOD = 30;
/** Codes of the step before and after the current one are accepted too: clocks drift, people type slowly. */
const WINDOW = 1;

export interface TwoStepSetup {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

export interface TwoStepChallengeIssued {
  challenge: string;
  challengeExpiresAt: Date;
}

const totpOf = (secret: string, email: string) =>
  new TOTP({ issuer: ISSUER, label: email, secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1' });

/** Recovery codes are typed by people: compare them without case, spaces or dashes. */
const normaliseRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');
const hashRecoveryCode = (code: string): string => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');

/** `xxxx-xxxx-xxxx` from a 32-letter alphabet without 0/o/1/l: 60 random bits. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const letters = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8, 12)}`;
}

const wrongCode = (field = 'code') =>
  new UserFailure(UserErrorCode.INVALID_TWO_STEP_CODE, 'The code is wrong, expired or already used', ['input', field]);
const wrongPassword = () => new UserFailure(UserErrorCode.INVALID_CREDENTIALS, 'The password is incorrect', ['input', 'password']);
const challengeInvalid = () =>
  new UserFailure(
    UserErrorCode.TWO_STEP_CHALLENGE_INVALID,
    'This log-in challenge is unknown, expired or already used: log in again',
    ['input', 'challenge'],
  );

/**
 * Accepts a TOTP `code` for `setting` at most once: the step it belongs to must be later than the
 * last accepted one, and the conditional update makes two concurrent uses of one code one success.
 */
async function acceptTotp(tx: EntityManager, key: Buffer | null, setting: TwoStepSetting, email: string, code: string, field = 'code'): Promise<void> {
  if (!/^\d{6}$/.test(code)) throw wrongCode(field);
  const now = Date.now();
  const delta = totpOf(openSecret(setting.secret, key), email).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) throw wrongCode(field);
  const step = TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
  const accepted = await tx
    .createQueryBuilder()
    .update(TwoStepSetting)
    .set({ lastStep: step })
    .where('id = :id AND ("lastStep" IS NULL OR "lastStep" < :step)', { id: setting.id, step })
    .execute();
  if (accepted.affected !== 1) throw wrongCode(field);
}

/** Spends one unused recovery code of `userId`; wrongCode when it is unknown or used. */
async function acceptRecoveryCode(tx: EntityManager, userId: string, code: string, field: string): Promise<void> {
  const used = await tx
    .getRepository(RecoveryCode)
    .update({ userId, codeHash: hashRecoveryCode(code), usedAt: IsNull() }, { usedAt: new Date() });
  if (used.affected !== 1) throw wrongCode(field);
}

/** A TOTP code (six digits) or, failing that shape, a recovery code. */
async function acceptEither(tx: EntityManager, key: Buffer | null, setting: TwoStepSetting, user: User, code: string, field: string): Promise<'code' | 'recoveryCode'> {
  if (/^\d{6}$/.test(code.trim())) {
    await acceptTotp(tx, key, setting, user.email, code.trim(), field);
    return 'code';
  }
  await acceptRecoveryCode(tx, user.id, code, field);
  return 'recoveryCode';
}

/** Two-step verification (TOTP, RFC 6238): setup, log-in challenges, recovery codes, switching off. */
export class TwoStepService {
  /** True when `userId` has confirmed two-step verification: log-in then asks for a code. */
  async isOn(manager: EntityManager, userId: string): Promise<boolean> {
    const setting = await manager.getRepository(TwoStepSetting).findOneBy({ userId });
    return !!setting?.enabledAt;
  }

  /** `viewer.twoStepEnabled` and `viewer.twoStepRecoveryCodesLeft`. */
  async status(ctx: Context, userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
    const setting = await ctx.db.getRepository(TwoStepSetting).findOneBy({ userId });
    if (!setting?.enabledAt) return { enabled: false, recoveryCodesLeft: 0 };
    return { enabled: true, recoveryCodesLeft: await ctx.db.getRepository(RecoveryCode).countBy({ userId, usedAt: IsNull() }) };
  }

  /**
   * Starts (or restarts) setup after checking the password: a fresh secret, pending until a code
   * confirms it. The secret is shown here once and never again.
   */
  async enable(ctx: SessionContext, input: EnableTwoStepVerificationInput): Promise<TwoStepSetup> {
    const user = ctx.viewer;
    // Wrong passwords here count like failed log-ins: this must not be a way around that limit.
    await ctx.limits.counted('logIn', user.emailKey, failedWith(UserErrorCode.INVALID_CREDENTIALS), async () => {
      if (!(await verifyPassword(input.password, user.passwordHash))) throw wrongPassword();
    });
    const secret = new Secret({ size: 20 }).base32;
    const stored = sealSecret(secret, ctx.config.twoStepSecretKey);
    await transaction(ctx, async (tx) => {
      const repo = tx.getRepository(TwoStepSetting);
      const existing = await repo.findOneBy({ userId: user.id });
      if (existing?.enabledAt) {
        throw new UserFailure(UserErrorCode.TWO_STEP_ALREADY_ENABLED, 'Two-step verification is already on', null);
      }
      if (existing) await repo.update({ id: existing.id }, { secret: stored, lastStep: null });
      else await repo.insert(Object.assign(new TwoStepSetting(), { userId: user.id, secret: stored, enabledAt: null, lastStep: null }));
    });
    const otpauthUri = totpOf(secret, user.email).toString();
    return { secret, otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M' }) };
  }

  /**
   * Switches two-step verification on with a code from the authenticator, and returns ten fresh
   * recovery codes (stored hashed). The confirming code is spent: it cannot also log in.
   */
  async confirm(ctx: SessionContext, input: ConfirmTwoStepVerificationInput): Promise<string[]> {
    const user = ctx.viewer;
    return ctx.limits.counted('twoStep', user.id, failedWith(UserErrorCode.INVALID_TWO_STEP_CODE), () =>
      transaction(ctx, async (tx) => {
        const setting = await tx.getRepository(TwoStepSetting).findOneBy({ userId: user.id });
        if (!setting || setting.enabledAt) {
          throw new UserFailure(
            setting ? UserErrorCode.TWO_STEP_ALREADY_ENABLED : UserErrorCode.TWO_STEP_NOT_PENDING,
            setting ? 'Two-step verification is already on' : 'Start with enableTwoStepVerification',
            null,
          );
        }
        await acceptTotp(tx, ctx.config.twoStepSecretKey, setting, user.email, input.code.trim());
        await tx.getRepository(TwoStepSetting).update({ id: setting.id }, { enabledAt: new Date() });
        const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
        await tx.getRepository(RecoveryCode).delete({ userId: user.id });
        await tx
          .getRepository(RecoveryCode)
          .insert(codes.map((code) => Object.assign(new RecoveryCode(), { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null })));
        await publish(tx, ctx, { type: 'account.twoStepEnabled', companyId: null, target: user, data: {} });
        return codes;
      }),
    );
  }

  /** Switches it off: needs the password and a current code (or a recovery code). */
  async disable(ctx: SessionContext, input: DisableTwoStepVerificationInput): Promise<User> {
    const user = ctx.viewer;
    await ctx.limits.counted('logIn', user.emailKey, failedWith(UserErrorCode.INVALID_CREDENTIALS), async () => {
      if (!(await verifyPassword(input.password, user.passwordHash))) throw wrongPassword();
    });
    return ctx.limits.counted('twoStep', user.id, failedWith(UserErrorCode.INVALID_TWO_STEP_CODE), () =>
      transaction(ctx, async (tx) => {
        const setting = await tx.getRepository(TwoStepSetting).findOneBy({ userId: user.id });
        if (!setting?.enabledAt) {
          throw new UserFailure(UserErrorCode.TWO_STEP_NOT_ENABLED, 'Two-step verification is not on', null);
        }
        const used = await acceptEither(tx, ctx.config.twoStepSecretKey, setting, user, input.code, 'code');
        await tx.getRepository(TwoStepSetting).delete({ id: setting.id });
        await tx.getRepository(RecoveryCode).delete({ userId: user.id });
        await tx.getRepository(TwoStepChallenge).delete({ userId: user.id });
        await publish(tx, ctx, { type: 'account.twoStepDisabled', companyId: null, target: user, data: { with: used } });
        return user;
      }),
    );
  }

  /** The password was right and two-step verification is on: a single-use challenge instead of a session. */
  async challenge(tx: EntityManager, user: User): Promise<TwoStepChallengeIssued> {
    // Used and expired challenges are dead weight: each new one clears its user's.
    await tx
      .createQueryBuilder()
      .delete()
      .from(TwoStepChallenge)
      .where('"userId" = :userId AND ("usedAt" IS NOT NULL OR "expiresAt" <= :now)', {
        userId: user.id,
        now: columnValue(tx.connection, TwoStepChallenge, 'expiresAt', new Date()),
      })
      .execute();
    const challenge = newToken();
    const challengeExpiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
    await tx
      .getRepository(TwoStepChallenge)
      .insert(Object.assign(new TwoStepChallenge(), { userId: user.id, challengeHash: hashToken(challenge), expiresAt: challengeExpiresAt, usedAt: null }));
    return { challenge, challengeExpiresAt };
  }

  /**
   * Finishes a log-in with the challenge and a code or a recovery code: a new session. Wrong codes
   * count per account and per challenge; a challenge works once, and only until it expires.
   */
  async completeLogIn(ctx: Context, input: CompleteTwoStepLogInInput): Promise<SignedIn> {
    const given = [input.code, input.recoveryCode].filter((c) => typeof c === 'string' && c.trim() !== '');
    if (given.length !== 1) throw badInput('Give exactly one of code and recoveryCode', ['input']);
    const challengeHash = hashToken(input.challenge);
    const found = await ctx.db.getRepository(TwoStepChallenge).findOneBy({ challengeHash });
    if (!found || found.usedAt || found.expiresAt.getTime() <= Date.now()) throw challengeInvalid();
    const failed = failedWith(UserErrorCode.INVALID_TWO_STEP_CODE);
    return ctx.limits.counted('twoStep', found.userId, failed, () =>
      ctx.limits.counted('twoStepChallenge', found.id, failed, () =>
        transaction(ctx, async (tx) => {
          const user = await tx.getRepository(User).findOneByOrFail({ id: found.userId });
          const setting = await tx.getRepository(TwoStepSetting).findOneBy({ userId: user.id });
          if (!setting?.enabledAt) throw challengeInvalid();
          let used: 'code' | 'recoveryCode';
          if (input.code) {
            await acceptTotp(tx, ctx.config.twoStepSecretKey, setting, user.email, input.code.trim());
            used = 'code';
          } else {
            await acceptRecoveryCode(tx, user.id, input.recoveryCode ?? '', 'recoveryCode');
            used = 'recoveryCode';
          }
          const spent = await tx
            .createQueryBuilder()
            .update(TwoStepChallenge)
            .set({ usedAt: new Date() })
            .where('id = :id AND "usedAt" IS NULL AND "expiresAt" > :now', {
              id: found.id,
              now: columnValue(ctx.db, TwoStepChallenge, 'expiresAt', new Date()),
            })
            .execute();
          if (spent.affected !== 1) throw challengeInvalid();
          await publish(tx, ctx, { type: 'account.loggedIn', companyId: null, actorId: user.id, target: user, data: { twoStep: used } });
          return openSession(tx, user, clientOf(ctx));
        }),
      ),
    );
  }
}

export const twoStepService = new TwoStepService();
