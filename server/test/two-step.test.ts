import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { IsNull } from 'typeorm';
import { RecoveryCode } from '../src/account/recovery-code.entity';
import { TwoStepChallenge } from '../src/account/two-step-challenge.entity';
import { TwoStepSetting } from '../src/account/two-step-setting.entity';
import { rowIdOf } from '../src/common/ids';
import { ConfigError, loadConfig } from '../src/config';
import { expectError, expectOk, expectUserError, signUp, type Account } from './support/fixtures';
import { rateLimitsOn, useTestServer, type GqlResponse, type TestApi } from './support/server';

const PASSWORD = 'correct horse battery';

const ENABLE = `mutation($input: EnableTwoStepVerificationInput!) {
  enableTwoStepVerification(input: $input) { secret otpauthUri qrCodeDataUrl userErrors { code field message } }
}`;
const CONFIRM = `mutation($input: ConfirmTwoStepVerificationInput!) {
  confirmTwoStepVerification(input: $input) { recoveryCodes user { id twoStepEnabled } userErrors { code field message } }
}`;
const DISABLE = `mutation($input: DisableTwoStepVerificationInput!) {
  disableTwoStepVerification(input: $input) { user { id twoStepEnabled } userErrors { code field message } }
}`;
const LOG_IN = `mutation($input: LogInInput!) {
  logIn(input: $input) { token expiresAt challenge challengeExpiresAt user { id } userErrors { code field message } }
}`;
const COMPLETE = `mutation($input: CompleteTwoStepLogInInput!) {
  completeTwoStepLogIn(input: $input) { token expiresAt user { id email } userErrors { code field message } }
}`;
const STATUS = `{ viewer { id twoStepEnabled twoStepRecoveryCodesLeft } }`;

/** The codes of the current and the next 30-second step, taken at one instant: both stay valid across one step change. */
function codesNow(secret: string): [string, string] {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' });
  const now = Date.now();
  return [totp.generate({ timestamp: now }), totp.generate({ timestamp: now + 30_000 })];
}

/** A six-digit code that is none of the codes accepted right now. */
function wrongCode(secret: string): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' });
  const now = Date.now();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => totp.generate({ timestamp: now + d * 30_000 })));
  let code = 123456;
  while (valid.has(String(code).padStart(6, '0'))) code += 1;
  return String(code).padStart(6, '0');
}

interface TwoStepAccount {
  account: Account;
  secret: string;
  recoveryCodes: string[];
  /** The code of the step after the one that confirmed: the next one that may log in. */
  next: string;
  /** The code that confirmed: spent. */
  spent: string;
}

async function withTwoStep(api: TestApi, name = 'Tess Twostep'): Promise<TwoStepAccount> {
  const account = await signUp(api, name);
  const setup = expectOk(await api.gql(ENABLE, { input: { password: PASSWORD } }, account.token), 'enableTwoStepVerification');
  const [spent, next] = codesNow(setup.secret);
  const confirmed = expectOk(await api.gql(CONFIRM, { input: { code: spent } }, account.token), 'confirmTwoStepVerification');
  return { account, secret: setup.secret, recoveryCodes: confirmed.recoveryCodes, next, spent };
}

const logIn = (api: TestApi, email: string, password = PASSWORD) => api.gql(LOG_IN, { input: { email, password } });
async function challengeFor(api: TestApi, email: string): Promise<string> {
  const payload = expectOk(await logIn(api, email), 'logIn');
  expect(payload.challenge).toEqual(expect.any(String));
  return payload.challenge;
}
const complete = (api: TestApi, input: Record<string, unknown>) => api.gql(COMPLETE, { input });

describe('Two-step verification', () => {
  const api = useTestServer();

  describe('setup', () => {
    it('returns the secret, an otpauth:// URI for Workroom and the email, and a PNG QR code; nothing changes at log-in until confirmed', async () => {
      const user = await signUp(api, 'Setup Sam', `sam+${Date.now()}@example.com`);
      const setup = expectOk(await api.gql(ENABLE, { input: { password: PASSWORD } }, user.token), 'enableTwoStepVerification');
      expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(setup.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe(`/Workroom:${user.email}`);
      expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Workroom', secret: setup.secret, algorithm: 'SHA1', digits: '6', period: '30' });
      expect(setup.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(setup.qrCodeDataUrl.slice('data:image/png;base64,'.length), 'base64');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

      expect((await api.gql(STATUS, {}, user.token)).data?.viewer).toMatchObject({ twoStepEnabled: false, twoStepRecoveryCodesLeft: 0 });
      const plain = expectOk(await logIn(api, user.email), 'logIn');
      expect(plain.token).toMatch(/^wr_/);
      expect(plain.challenge).toBeNull();
    });

    it('refuses a wrong password with INVALID_CREDENTIALS and stores no secret', async () => {
      const user = await signUp(api, 'Wrong Pw');
      const res = await api.gql(ENABLE, { input: { password: 'not my password' } }, user.token);
      expect(expectUserError(res, 'enableTwoStepVerification', 'INVALID_CREDENTIALS').field).toEqual(['input', 'password']);
      expect(res.data?.enableTwoStepVerification.secret).toBeNull();
      expect(await api.db.getRepository(TwoStepSetting).countBy({ userId: rowIdOf(user.id, 'User')! })).toBe(0);
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      expectError(await api.gql(ENABLE, { input: { password: PASSWORD } }), 'UNAUTHENTICATED');
      expectError(await api.gql(CONFIRM, { input: { code: '123456' } }), 'UNAUTHENTICATED');
    });

    it('refuses to confirm before enabling, and a wrong code; a restart gives a new secret and the old one stops working', async () => {
      const user = await signUp(api, 'Restart Rita');
      expectUserError(await api.gql(CONFIRM, { input: { code: '123456' } }, user.token), 'confirmTwoStepVerification', 'TWO_STEP_NOT_PENDING');
      const first = expectOk(await api.gql(ENABLE, { input: { password: PASSWORD } }, user.token), 'enableTwoStepVerification');
      const wrong = await api.gql(CONFIRM, { input: { code: wrongCode(first.secret) } }, user.token);
      expect(expectUserError(wrong, 'confirmTwoStepVerification', 'INVALID_TWO_STEP_CODE').field).toEqual(['input', 'code']);
      expectUserError(await api.gql(CONFIRM, { input: { code: 'abcdef' } }, user.token), 'confirmTwoStepVerification', 'INVALID_TWO_STEP_CODE');
      const second = expectOk(await api.gql(ENABLE, { input: { password: PASSWORD } }, user.token), 'enableTwoStepVerification');
      expect(second.secret).not.toBe(first.secret);
      const [oldCode] = codesNow(first.secret);
      const [newCode] = codesNow(second.secret);
      if (oldCode !== newCode) {
        expectUserError(await api.gql(CONFIRM, { input: { code: oldCode } }, user.token), 'confirmTwoStepVerification', 'INVALID_TWO_STEP_CODE');
      }
      expect((await api.gql(STATUS, {}, user.token)).data?.viewer.twoStepEnabled).toBe(false);
    });

    it('confirms with a code: ten distinct recovery codes, stored only as hashes, and an audit event; enabling again is refused', async () => {
      const { account, recoveryCodes } = await withTwoStep(api);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      const userId = rowIdOf(account.id, 'User')!;
      const stored = await api.db.getRepository(RecoveryCode).findBy({ userId });
      expect(stored).toHaveLength(10);
      expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);
      expect((await api.gql(STATUS, {}, account.token)).data?.viewer).toMatchObject({ twoStepEnabled: true, twoStepRecoveryCodesLeft: 10 });
      const again = await api.gql(ENABLE, { input: { password: PASSWORD } }, account.token);
      expectUserError(again, 'enableTwoStepVerification', 'TWO_STEP_ALREADY_ENABLED');
      expect(again.data?.enableTwoStepVerification.secret).toBeNull();
      const actions = await api.db.query(`SELECT action FROM audit_events WHERE "actorId" = $1 ORDER BY id`.replace('$1', api.db.options.type === 'postgres' ? '$1' : '?'), [userId]);
      expect(actions.map((r: { action: string }) => r.action)).toEqual(['account.sign_up', 'account.two_step_enable']);
    });

    it("shows twoStepEnabled only on yourself", async () => {
      const { account } = await withTwoStep(api);
      const other = await signUp(api, 'Other');
      const res = await api.gql(`query($id: ID!) { node(id: $id) { ... on User { id twoStepEnabled twoStepRecoveryCodesLeft } } }`, { id: account.id }, other.token);
      // A stranger does not see the user at all; and their own fields are theirs.
      expect(res.data?.node).toBeNull();
      expect((await api.gql(STATUS, {}, other.token)).data?.viewer).toMatchObject({ twoStepEnabled: false });
    });
  });

  describe('log-in', () => {
    it('asks for a code: logIn gives a challenge and no token, and a TOTP code computed from the secret completes it', async () => {
      const { account, next } = await withTwoStep(api);
      const res = await logIn(api, account.email);
      const payload = expectOk(res, 'logIn');
      expect(payload).toMatchObject({ token: null, expiresAt: null, user: null });
      expect(payload.challenge).toMatch(/^wr_[\w-]{43}$/);
      const ttl = new Date(payload.challengeExpiresAt).getTime() - Date.now();
      expect(ttl).toBeLessThanOrEqual(5 * 60 * 1000);
      expect(ttl).toBeGreaterThan(0);
      // The challenge is no bearer token.
      expect((await api.gql(STATUS, {}, payload.challenge)).data?.viewer).toBeNull();

      const done = expectOk(await complete(api, { challenge: payload.challenge, code: next }), 'completeTwoStepLogIn');
      expect(done.token).toMatch(/^wr_/);
      expect(done.user).toEqual({ id: account.id, email: account.email });
      expect((await api.gql(STATUS, {}, done.token)).data?.viewer.id).toBe(account.id);
    });

    it('never accepts the confirming code for a log-in, nor any code twice', async () => {
      const { account, spent, next } = await withTwoStep(api);
      const challenge = await challengeFor(api, account.email);
      const replayedConfirm = await complete(api, { challenge, code: spent });
      expect(expectUserError(replayedConfirm, 'completeTwoStepLogIn', 'INVALID_TWO_STEP_CODE').field).toEqual(['input', 'code']);
      expect(replayedConfirm.data?.completeTwoStepLogIn.token).toBeNull();
      expectOk(await complete(api, { challenge, code: next }), 'completeTwoStepLogIn');
      const again = await challengeFor(api, account.email);
      expectUserError(await complete(api, { challenge: again, code: next }), 'completeTwoStepLogIn', 'INVALID_TWO_STEP_CODE');
    });

    it('lets exactly one of two concurrent log-ins with one code through', async () => {
      const { account, next } = await withTwoStep(api);
      const [a, b] = [await challengeFor(api, account.email), await challengeFor(api, account.email)];
      const results = await Promise.all([complete(api, { challenge: a, code: next }), complete(api, { challenge: b, code: next })]);
      const outcomes = results.map((r) => (r.data?.completeTwoStepLogIn.token ? 'OK' : r.data?.completeTwoStepLogIn.userErrors[0].code)).sort();
      expect(outcomes).toEqual(['INVALID_TWO_STEP_CODE', 'OK']);
    });

    it('kills the challenge once used, and refuses unknown and expired ones', async () => {
      const { account, recoveryCodes } = await withTwoStep(api);
      const challenge = await challengeFor(api, account.email);
      expectOk(await complete(api, { challenge, recoveryCode: recoveryCodes[0] }), 'completeTwoStepLogIn');
      const reused = await complete(api, { challenge, recoveryCode: recoveryCodes[1] });
      expect(expectUserError(reused, 'completeTwoStepLogIn', 'TWO_STEP_CHALLENGE_INVALID').field).toEqual(['input', 'challenge']);
      expectUserError(await complete(api, { challenge: 'wr_not-a-challenge', recoveryCode: recoveryCodes[1] }), 'completeTwoStepLogIn', 'TWO_STEP_CHALLENGE_INVALID');

      const stale = await challengeFor(api, account.email);
      // The clock is not waited on: the stored expiry is moved into the past, as 5 minutes would.
      await api.db.getRepository(TwoStepChallenge).update({ userId: rowIdOf(account.id, 'User')!, usedAt: IsNull() }, { expiresAt: new Date(Date.now() - 1000) });
      expectUserError(await complete(api, { challenge: stale, recoveryCode: recoveryCodes[1] }), 'completeTwoStepLogIn', 'TWO_STEP_CHALLENGE_INVALID');
      // The recovery code was not spent by the refused attempts.
      expect((await api.gql(STATUS, {}, account.token)).data?.viewer.twoStepRecoveryCodesLeft).toBe(9);
    });

    it('clears used and expired challenges when it hands out a new one', async () => {
      const { account, next } = await withTwoStep(api);
      const userId = rowIdOf(account.id, 'User')!;
      const used = await challengeFor(api, account.email);
      expectOk(await complete(api, { challenge: used, code: next }), 'completeTwoStepLogIn');
      const open = await challengeFor(api, account.email);
      expect(await api.db.getRepository(TwoStepChallenge).countBy({ userId })).toBe(1);
      await api.db.getRepository(TwoStepChallenge).update({ userId }, { expiresAt: new Date(Date.now() - 1000) });
      await challengeFor(api, account.email);
      expect(await api.db.getRepository(TwoStepChallenge).countBy({ userId })).toBe(1);
      expectUserError(await complete(api, { challenge: open, code: next }), 'completeTwoStepLogIn', 'TWO_STEP_CHALLENGE_INVALID');
    });

    it('accepts a recovery code once, in any case and with or without dashes', async () => {
      const { account, recoveryCodes } = await withTwoStep(api);
      const first = await challengeFor(api, account.email);
      const typed = recoveryCodes[3].toUpperCase().replace(/-/g, ' ');
      const done = expectOk(await complete(api, { challenge: first, recoveryCode: typed }), 'completeTwoStepLogIn');
      expect(done.token).toMatch(/^wr_/);
      expect((await api.gql(STATUS, {}, done.token)).data?.viewer.twoStepRecoveryCodesLeft).toBe(9);
      const second = await challengeFor(api, account.email);
      const reused = await complete(api, { challenge: second, recoveryCode: recoveryCodes[3] });
      expect(expectUserError(reused, 'completeTwoStepLogIn', 'INVALID_TWO_STEP_CODE').field).toEqual(['input', 'recoveryCode']);
      expectOk(await complete(api, { challenge: second, recoveryCode: recoveryCodes[4] }), 'completeTwoStepLogIn');
    });

    it('refuses both a code and a recovery code, or neither, with BAD_USER_INPUT and spends nothing', async () => {
      const { account, recoveryCodes, next } = await withTwoStep(api);
      const challenge = await challengeFor(api, account.email);
      expectError(await complete(api, { challenge, code: next, recoveryCode: recoveryCodes[0] }), 'BAD_USER_INPUT');
      expectError(await complete(api, { challenge }), 'BAD_USER_INPUT');
      expectOk(await complete(api, { challenge, code: next }), 'completeTwoStepLogIn');
    });

    it('still refuses a wrong password with INVALID_CREDENTIALS and no challenge', async () => {
      const { account } = await withTwoStep(api);
      const res = await logIn(api, account.email, 'wrong password!');
      expectUserError(res, 'logIn', 'INVALID_CREDENTIALS');
      expect(res.data?.logIn.challenge).toBeNull();
    });
  });

  describe('switching off', () => {
    it('needs the password and a current code; then log-in gives a token again', async () => {
      const { account, secret, next } = await withTwoStep(api);
      expectUserError(await api.gql(DISABLE, { input: { password: 'not the password', code: next } }, account.token), 'disableTwoStepVerification', 'INVALID_CREDENTIALS');
      const wrong = await api.gql(DISABLE, { input: { password: PASSWORD, code: wrongCode(secret) } }, account.token);
      expect(expectUserError(wrong, 'disableTwoStepVerification', 'INVALID_TWO_STEP_CODE').field).toEqual(['input', 'code']);
      expect((await api.gql(STATUS, {}, account.token)).data?.viewer.twoStepEnabled).toBe(true);

      const off = expectOk(await api.gql(DISABLE, { input: { password: PASSWORD, code: next } }, account.token), 'disableTwoStepVerification');
      expect(off.user).toEqual({ id: account.id, twoStepEnabled: false });
      const userId = rowIdOf(account.id, 'User')!;
      expect(await api.db.getRepository(RecoveryCode).countBy({ userId })).toBe(0);
      expect(await api.db.getRepository(TwoStepSetting).countBy({ userId })).toBe(0);
      expect(expectOk(await logIn(api, account.email), 'logIn').token).toMatch(/^wr_/);
      expectUserError(await api.gql(DISABLE, { input: { password: PASSWORD, code: next } }, account.token), 'disableTwoStepVerification', 'TWO_STEP_NOT_ENABLED');
    });

    it('accepts a recovery code instead of the app', async () => {
      const { account, recoveryCodes } = await withTwoStep(api);
      expectOk(await api.gql(DISABLE, { input: { password: PASSWORD, code: recoveryCodes[9] } }, account.token), 'disableTwoStepVerification');
    });
  });
});

describe('Two-step verification rate limits', () => {
  const api = useTestServer({ rateLimits: rateLimitsOn({ failedTwoStepPerAccount: 5, failedTwoStepPerChallenge: 3 }) });

  const expectRateLimited = (res: GqlResponse, limit: string) => {
    expect(res.status).toBe(429);
    const error = expectError(res, 'RATE_LIMITED');
    expect(error.extensions.limit).toBe(limit);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  };

  it('stops a challenge after 3 wrong codes and the account after 5, even for the right code; right codes do not count', async () => {
    const { account, secret, next } = await withTwoStep(api);
    const wrong = wrongCode(secret);
    const first = await challengeFor(api, account.email);
    for (let i = 0; i < 3; i += 1) {
      expectUserError(await complete(api, { challenge: first, code: wrong }), 'completeTwoStepLogIn', 'INVALID_TWO_STEP_CODE');
    }
    expectRateLimited(await complete(api, { challenge: first, code: next }), 'twoStepChallenge');

    const second = await challengeFor(api, account.email);
    for (let i = 0; i < 2; i += 1) {
      expectUserError(await complete(api, { challenge: second, code: wrong }), 'completeTwoStepLogIn', 'INVALID_TWO_STEP_CODE');
    }
    // Five wrong codes on the account: a fresh challenge with the right code waits too.
    const third = await challengeFor(api, account.email);
    expectRateLimited(await complete(api, { challenge: third, code: next }), 'twoStepAccount');
    expectRateLimited(await api.gql(CONFIRM, { input: { code: next } }, account.token), 'twoStepAccount');

    // Another account is not affected, and successful completions give their point back.
    const other = await withTwoStep(api, 'Other Otto');
    for (let i = 0; i < 6; i += 1) {
      const challenge = await challengeFor(api, other.account.email);
      const ok = await complete(api, { challenge, recoveryCode: other.recoveryCodes[i] });
      expect(ok.data?.completeTwoStepLogIn.token).toMatch(/^wr_/);
    }
  });
});

describe('Two-step secrets at rest', () => {
  const api = useTestServer({ twoStepSecretKey: randomBytes(32) });

  it('are encrypted under TWO_STEP_SECRET_KEY, and log-in still works', async () => {
    const { account, secret, next } = await withTwoStep(api, 'Keyed Kim');
    const stored = await api.db.getRepository(TwoStepSetting).findOneByOrFail({ userId: rowIdOf(account.id, 'User')! });
    expect(stored.secret).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored.secret).not.toContain(secret);
    const challenge = await challengeFor(api, account.email);
    expect(expectOk(await complete(api, { challenge, code: next }), 'completeTwoStepLogIn').token).toMatch(/^wr_/);
  });

  it('refuse a key that is not 32 bytes of base64 at start-up, naming the variable', () => {
    expect(() => loadConfig({ TWO_STEP_SECRET_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    expect(() => loadConfig({ TWO_STEP_SECRET_KEY: 'c2hvcnQ=' })).toThrow('TWO_STEP_SECRET_KEY="c2hvcnQ=" must be 32 random bytes in base64 (openssl rand -base64 32)');
    expect(loadConfig({ TWO_STEP_SECRET_KEY: randomBytes(32).toString('base64') }).twoStepSecretKey).toHaveLength(32);
    expect(loadConfig({}).twoStepSecretKey).toBeNull();
  });
});
