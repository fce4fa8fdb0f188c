import { AccountToken } from '../src/account/account-token.entity';
import { Session } from '../src/account/session.entity';
import { User } from '../src/account/user.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { domainEvents, subscriber } from '../src/common/events';
import { rowIdOf } from '../src/common/ids';
import { CompanyRole } from '../src/common/permissions';
import { OutboxEmail, OutboxStatus } from '../src/mail/outbox-email.entity';
import { CANCEL, createContract } from './support/contracts';
import {
  addMember,
  createCompany,
  expectError,
  expectOk,
  expectUserError,
  invite,
  randomId,
  signUp,
  type Account,
} from './support/fixtures';
import { rateLimitsOn, startTestServer, useTestServer, type TestApi } from './support/server';

const PASSWORD = 'correct horse battery';
const REQUEST_RESET = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { accepted userErrors { code } } }`;
const RESET = `mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) { user { id emailVerified } userErrors { code field message } }
}`;
const CHANGE = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { user { id } userErrors { code field message } }
}`;
const VERIFY = `mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) { user { id emailVerified } userErrors { code field message } } }`;
const RESEND_VERIFICATION = `mutation { resendVerificationEmail { user { id } userErrors { code message } } }`;
const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { token userErrors { code } } }`;
const VIEWER = `{ viewer { id name email emailVerified timezone closed } }`;
const SESSIONS = `{ viewer { sessions { id createdAt lastUsedAt userAgent ip current expiresAt } } }`;
const REVOKE_SESSION = `mutation($input: RevokeSessionInput!) { revokeSession(input: $input) { session { id current } userErrors { code } } }`;
const REVOKE_OTHERS = `mutation { revokeOtherSessions { revokedCount userErrors { code } } }`;
const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id name timezone } userErrors { code field } } }`;
const PREFERENCES = `{ viewer { preferences { aiDataOptOut notifications { kind email inApp } } } }`;
const UPDATE_PREFERENCES = `mutation($input: UpdatePreferencesInput!) {
  updatePreferences(input: $input) { user { preferences { aiDataOptOut notifications { kind email inApp } } } userErrors { code } }
}`;
const CLOSE = `mutation($input: CloseAccountInput!) { closeAccount(input: $input) { user { id name closed } userErrors { code field message } } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token user { id emailVerified } userErrors { code } } }`;

const ALL_ON = ['MESSAGES', 'INVITATIONS', 'CONTRACT_CHANGES', 'ONBOARDING_TASKS'].map((kind) => ({ kind, email: true, inApp: true }));

/** The raw HTTP exchange of one GraphQL request: status and the body exactly as sent. */
async function rawGql(api: TestApi, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.text() };
}

/** The token of the newest account link of `page` mailed to `to` (read from the outbox, as the mailbox would). */
async function mailedToken(api: TestApi, to: string, page: '/reset-password' | '/verify-email'): Promise<string> {
  const mails = await api.db.getRepository(OutboxEmail).find({ where: { to }, order: { id: 'DESC' } });
  for (const mail of mails) {
    const match = new RegExp(`${api.config.publicUrl}${page}\\?token=(wr_[\\w-]{43})`).exec(mail.text);
    if (match) return match[1];
  }
  throw new Error(`no ${page} link mailed to ${to}`);
}

const userRow = (api: TestApi, account: Account) => api.db.getRepository(User).findOneByOrFail({ id: rowIdOf(account.id, 'User')! });
const auditActions = async (api: TestApi, account: Account) =>
  (await api.db.getRepository(AuditEvent).find({ where: { actorId: rowIdOf(account.id, 'User')! }, order: { id: 'ASC' } })).map((e) => e.action);

async function logIn(api: TestApi, email: string, password: string, userAgent = 'jest'): Promise<string | null> {
  const res = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ query: LOG_IN, variables: { input: { email, password } } }),
  });
  const body = (await res.json()) as { data: { logIn: { token: string | null } } };
  return body.data.logIn.token;
}

const viewerId = async (api: TestApi, token: string) => ((await api.gql(VIEWER, {}, token)).data?.viewer?.id as string | undefined) ?? null;

describe('Account security', () => {
  const api = useTestServer();

  describe('forgot password', () => {
    it('answers an existing and a missing email with byte-for-byte the same response, and mails only the account', async () => {
      const user = await signUp(api, 'Rita Reset');
      const before = await api.db.getRepository(OutboxEmail).count();
      const existing = await rawGql(api, REQUEST_RESET, { input: { email: user.email } });
      const missing = await rawGql(api, REQUEST_RESET, { input: { email: `nobody-${Date.now()}@example.com` } });
      expect(existing.status).toBe(200);
      expect(missing.status).toBe(existing.status);
      expect(Buffer.from(missing.body)).toEqual(Buffer.from(existing.body));
      expect(JSON.parse(existing.body)).toEqual({ data: { requestPasswordReset: { accepted: true, userErrors: [] } } });
      expect(await api.db.getRepository(OutboxEmail).count()).toBe(before + 1);
      const mail = await api.db.getRepository(OutboxEmail).findOneOrFail({ where: { to: user.email }, order: { id: 'DESC' } });
      expect(mail.subject).toBe('Reset your Workroom password');
      expect(mail.companyId).toBeNull();
    });

    it('mails a single-use link whose token is stored only hashed; the reset sets the password, verifies the email and ends every session', async () => {
      const user = await signUp(api, 'Sam Sessions');
      const second = (await logIn(api, user.email, PASSWORD))!;
      expect((await userRow(api, user)).emailVerifiedAt).toBeNull();
      expectOk(await api.gql(REQUEST_RESET, { input: { email: user.email.toUpperCase() } }), 'requestPasswordReset');
      const token = await mailedToken(api, user.email, '/reset-password');
      const stored = await api.db.getRepository(AccountToken).findBy({ userId: rowIdOf(user.id, 'User')!, purpose: 'PASSWORD_RESET' as never });
      expect(stored).toHaveLength(1);
      expect(stored[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored[0].expiresAt.getTime() - stored[0].createdAt.getTime()).toBe(60 * 60 * 1000);

      const done = expectOk(await api.gql(RESET, { input: { token, newPassword: 'a brand new password' } }), 'resetPassword');
      expect(done.user).toEqual({ id: user.id, emailVerified: true });
      expect(await viewerId(api, user.token)).toBeNull();
      expect(await viewerId(api, second)).toBeNull();
      expect(await logIn(api, user.email, PASSWORD)).toBeNull();
      const fresh = (await logIn(api, user.email, 'a brand new password'))!;
      expect(await viewerId(api, fresh)).toBe(user.id);

      const again = await api.gql(RESET, { input: { token, newPassword: 'yet another password' } });
      expect(expectUserError(again, 'resetPassword', 'LINK_INVALID').field).toEqual(['input', 'token']);
      expect(await viewerId(api, fresh)).toBe(user.id);
      const reset = await api.db.getRepository(AuditEvent).findOneByOrFail({ actorId: rowIdOf(user.id, 'User')!, action: 'account.password_reset' });
      expect(reset.data).toEqual({ sessionsRevoked: 2, emailVerified: true });
    });

    it('refuses an expired link with LINK_EXPIRED and leaves the password as it was', async () => {
      const user = await signUp(api, 'Eve Expired');
      await api.gql(REQUEST_RESET, { input: { email: user.email } });
      const token = await mailedToken(api, user.email, '/reset-password');
      await api.db.getRepository(AccountToken).update({ userId: rowIdOf(user.id, 'User')! }, { expiresAt: new Date(Date.now() - 1000) });
      const res = await api.gql(RESET, { input: { token, newPassword: 'a brand new password' } });
      expect(expectUserError(res, 'resetPassword', 'LINK_EXPIRED').message).toBe('This link has expired; ask for a new one');
      expect(await viewerId(api, user.token)).toBe(user.id);
      expect(await logIn(api, user.email, PASSWORD)).not.toBeNull();
    });

    it('lets exactly one of several concurrent resets with one link through', async () => {
      const user = await signUp(api);
      await api.gql(REQUEST_RESET, { input: { email: user.email } });
      const token = await mailedToken(api, user.email, '/reset-password');
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) => api.gql(RESET, { input: { token, newPassword: `concurrent password ${i}` } })),
      );
      const codes = results.map((r) => (r.data?.resetPassword.user ? 'OK' : r.data?.resetPassword.userErrors[0]?.code));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'LINK_INVALID')).toHaveLength(3);
      const winner = codes.indexOf('OK') + 1;
      expect(await logIn(api, user.email, `concurrent password ${winner}`)).not.toBeNull();
    });

    it('kills the earlier link when a new one is requested', async () => {
      const user = await signUp(api);
      await api.gql(REQUEST_RESET, { input: { email: user.email } });
      const first = await mailedToken(api, user.email, '/reset-password');
      await api.gql(REQUEST_RESET, { input: { email: user.email } });
      const second = await mailedToken(api, user.email, '/reset-password');
      expect(second).not.toBe(first);
      expectUserError(await api.gql(RESET, { input: { token: first, newPassword: 'a brand new password' } }), 'resetPassword', 'LINK_INVALID');
      expectOk(await api.gql(RESET, { input: { token: second, newPassword: 'a brand new password' } }), 'resetPassword');
    });

    it.each([
      ['an unknown token', { token: 'wr_nottherealtokennottherealtokennottherealt', newPassword: 'long enough pw' }, 'LINK_INVALID'],
      ['a verification token', null, 'LINK_INVALID'],
    ])('refuses %s and changes nothing', async (_what, input, code) => {
      const user = await signUp(api);
      const token = input ? input.token : await mailedToken(api, user.email, '/verify-email');
      const res = await api.gql(RESET, { input: { token, newPassword: 'long enough pw' } });
      expectUserError(res, 'resetPassword', code);
      expect(await viewerId(api, user.token)).toBe(user.id);
    });

    it('refuses a short new password or a malformed email with BAD_USER_INPUT, and the link still works', async () => {
      const user = await signUp(api);
      await api.gql(REQUEST_RESET, { input: { email: user.email } });
      const token = await mailedToken(api, user.email, '/reset-password');
      const short = await api.gql(RESET, { input: { token, newPassword: 'short' } });
      expect((expectError(short, 'BAD_USER_INPUT').extensions.fields as { field: string[] }[]).map((f) => f.field)).toEqual([['newPassword']]);
      expectError(await api.gql(REQUEST_RESET, { input: { email: 'not-an-email' } }), 'BAD_USER_INPUT');
      expect(await viewerId(api, user.token)).toBe(user.id);
      expectOk(await api.gql(RESET, { input: { token, newPassword: 'long enough pw' } }), 'resetPassword');
    });

    it('lets the mailbox owner take over an account someone else signed up with their address', async () => {
      const address = `owner-${Date.now()}@example.com`;
      const squatter = await signUp(api, 'Squatter', address);
      expect((await api.gql(VIEWER, {}, squatter.token)).data?.viewer.emailVerified).toBe(false);
      // The real owner cannot sign up: the address is taken. The mailbox is theirs, so the reset is too.
      expectUserError(await api.gql(SIGN_UP, { input: { email: address, password: PASSWORD, name: 'Owner' } }), 'signUp', 'EMAIL_TAKEN');
      await api.gql(REQUEST_RESET, { input: { email: address } });
      const token = await mailedToken(api, address, '/reset-password');
      expectOk(await api.gql(RESET, { input: { token, newPassword: 'the owner’s own password' } }), 'resetPassword');
      expect(await viewerId(api, squatter.token)).toBeNull();
      expect(await logIn(api, address, PASSWORD)).toBeNull();
      const owner = (await logIn(api, address, 'the owner’s own password'))!;
      expect((await api.gql(VIEWER, {}, owner)).data?.viewer).toMatchObject({ email: address, emailVerified: true });
    });

    it('serves the mailed link as a page whose form resets the password without JavaScript', async () => {
      const user = await signUp(api);
      await api.gql(REQUEST_RESET, { input: { email: user.email } });
      const token = await mailedToken(api, user.email, '/reset-password');
      const page = await api.fetch(`/reset-password?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await page.text();
      expect(html).toContain(`<input type="hidden" name="token" value="${token}">`);
      expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
      const post = (body: Record<string, string>) =>
        api.fetch('/reset-password', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
      const short = await post({ token, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(await short.text()).toContain('The password must be 10 to 200 characters long.');
      const done = await post({ token, newPassword: 'set from the page' });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('data-status="OK"');
      expect(await logIn(api, user.email, 'set from the page')).not.toBeNull();
      const reused = await post({ token, newPassword: 'set from the page again' });
      expect(reused.status).toBe(400);
      expect(await reused.text()).toContain('data-status="LINK_INVALID"');
    });

    it('rate limits requests per address and per client address, with the same answer for a missing email', async () => {
      const limited = await startTestServer({ rateLimits: rateLimitsOn({ accountEmailsPerAddressPerHour: 2, accountEmailsPerIpPerHour: 5 }) });
      try {
        const user = await signUp(limited);
        const missing = `missing-${Date.now()}@example.com`;
        for (const email of [user.email, missing]) {
          for (let i = 0; i < 2; i += 1) expect((await rawGql(limited, REQUEST_RESET, { input: { email } })).status).toBe(200);
        }
        const overExisting = await rawGql(limited, REQUEST_RESET, { input: { email: user.email } });
        const overMissing = await rawGql(limited, REQUEST_RESET, { input: { email: missing } });
        expect(overExisting.status).toBe(429);
        expect(JSON.parse(overExisting.body).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'accountEmailAddress' });
        expect(overMissing.status).toBe(429);
        expect(JSON.parse(overMissing.body).errors[0].extensions.limit).toBe('accountEmailAddress');
        // Four requests spent, one refused address returned its point: the fifth address still passes, the sixth hits the IP limit.
        expect((await rawGql(limited, REQUEST_RESET, { input: { email: `a-${missing}` } })).status).toBe(200);
        const overIp = await rawGql(limited, REQUEST_RESET, { input: { email: `b-${missing}` } });
        expect(overIp.status).toBe(429);
        expect(JSON.parse(overIp.body).errors[0].extensions.limit).toBe('accountEmailIp');
        const mails = await limited.db.getRepository(OutboxEmail).countBy({ to: user.email, subject: 'Reset your Workroom password' });
        expect(mails).toBe(2);
      } finally {
        await limited.stop();
      }
    });
  });

  describe('changePassword', () => {
    it('keeps the current session, ends the others, and the new password works', async () => {
      const user = await signUp(api);
      const other = (await logIn(api, user.email, PASSWORD))!;
      const res = await api.gql(CHANGE, { input: { currentPassword: PASSWORD, newPassword: 'changed password 1' } }, user.token);
      expect(expectOk(res, 'changePassword').user.id).toBe(user.id);
      expect(await viewerId(api, user.token)).toBe(user.id);
      expect(await viewerId(api, other)).toBeNull();
      expect(await logIn(api, user.email, PASSWORD)).toBeNull();
      expect(await logIn(api, user.email, 'changed password 1')).not.toBeNull();
      expect(await auditActions(api, user)).toContain('account.password_change');
    });

    it('shows the security changes in your own account log, newest first, and on nobody else', async () => {
      const user = await signUp(api);
      await api.gql(CHANGE, { input: { currentPassword: PASSWORD, newPassword: 'changed password 1' } }, user.token);
      await api.gql(REVOKE_OTHERS, {}, user.token);
      const LOG = `query($id: ID!) { viewer { accountLog(first: 10) { nodes { action actor { id } } } } node(id: $id) { ... on User { accountLog { totalCount } } } }`;
      const owner = await signUp(api);
      const companyId = await createCompany(api, owner);
      await addMember(api, companyId, user, CompanyRole.FULL);
      const res = await api.gql(LOG, { id: owner.id }, user.token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.viewer.accountLog.nodes).toEqual(
        ['session.revoke_others', 'account.password_change', 'account.sign_up'].map((action) => ({ action, actor: { id: user.id } })),
      );
      expect(res.data?.node).toEqual({ accountLog: null });
    });

    it('refuses a wrong current password with INVALID_CREDENTIALS and changes nothing', async () => {
      const user = await signUp(api);
      const other = (await logIn(api, user.email, PASSWORD))!;
      const res = await api.gql(CHANGE, { input: { currentPassword: 'not my password', newPassword: 'changed password 1' } }, user.token);
      expect(expectUserError(res, 'changePassword', 'INVALID_CREDENTIALS').field).toEqual(['input', 'currentPassword']);
      expect(await viewerId(api, other)).toBe(user.id);
      expect(await logIn(api, user.email, PASSWORD)).not.toBeNull();
    });

    it('refuses the anonymous with UNAUTHENTICATED', async () => {
      expectError(await api.gql(CHANGE, { input: { currentPassword: PASSWORD, newPassword: 'changed password 1' } }), 'UNAUTHENTICATED');
    });
  });

  describe('verified email', () => {
    it('mails a verification link at sign-up; verifyEmail marks the address verified, once', async () => {
      const user = await signUp(api, 'Vera Verify');
      expect((await api.gql(VIEWER, {}, user.token)).data?.viewer.emailVerified).toBe(false);
      const mail = await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: user.email });
      expect(mail.subject).toBe('Confirm your email address for Workroom');
      const token = await mailedToken(api, user.email, '/verify-email');
      expect(expectOk(await api.gql(VERIFY, { input: { token } }), 'verifyEmail').user).toEqual({ id: user.id, emailVerified: true });
      expect((await api.gql(VIEWER, {}, user.token)).data?.viewer.emailVerified).toBe(true);
      expectUserError(await api.gql(VERIFY, { input: { token } }), 'verifyEmail', 'LINK_INVALID');
      expect(await auditActions(api, user)).toEqual(['account.sign_up', 'account.email_verify']);
      expectUserError(await api.gql(RESEND_VERIFICATION, {}, user.token), 'resendVerificationEmail', 'EMAIL_ALREADY_VERIFIED');
    });

    it('refuses a link that is unknown or blank with LINK_INVALID', async () => {
      for (const token of ['wr_unknownunknownunknownunknownunknownunknown', '   ']) {
        expectUserError(await api.gql(VERIFY, { input: { token } }), 'verifyEmail', 'LINK_INVALID');
      }
    });

    it('resends a verification link and the earlier one dies', async () => {
      const user = await signUp(api);
      const first = await mailedToken(api, user.email, '/verify-email');
      expectOk(await api.gql(RESEND_VERIFICATION, {}, user.token), 'resendVerificationEmail');
      const second = await mailedToken(api, user.email, '/verify-email');
      expectUserError(await api.gql(VERIFY, { input: { token: first } }), 'verifyEmail', 'LINK_INVALID');
      expectOk(await api.gql(VERIFY, { input: { token: second } }), 'verifyEmail');
    });

    it('serves the verification link as a page with a button, so that following the link verifies nothing by itself', async () => {
      const user = await signUp(api);
      const token = await mailedToken(api, user.email, '/verify-email');
      const page = await api.fetch(`/verify-email?token=${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post" action="/verify-email"');
      expect((await userRow(api, user)).emailVerifiedAt).toBeNull();
      const done = await api.fetch('/verify-email', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('Email address confirmed');
      expect((await userRow(api, user)).emailVerifiedAt).toBeInstanceOf(Date);
    });

    it('verifies the address of a user who accepts an invitation with its mailed link', async () => {
      const owner = await signUp(api);
      const companyId = await createCompany(api, owner);
      const invitee = await signUp(api);
      const { token } = await invite(api, owner, companyId, invitee.email);
      const accepted: boolean[] = [];
      const unsubscribe = domainEvents.subscribe(
        subscriber({
          name: 'test: invitation accepted',
          description: 'Records whether accepting verified the address.',
          types: ['invitation.accepted'],
          mode: 'inTransaction',
          handle: (event) => void accepted.push(event.data.emailVerified),
        }),
      );
      const res = await api.gql(
        `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { companyMember { id } userErrors { code } } }`,
        { input: { token } },
        invitee.token,
      );
      unsubscribe();
      expectOk(res, 'acceptInvitation');
      expect((await api.gql(VIEWER, {}, invitee.token)).data?.viewer.emailVerified).toBe(true);
      expect(accepted).toEqual([true]);
    });
  });

  describe('sessions', () => {
    it('lists your sessions with where they came from and which one is current', async () => {
      const user = await signUp(api);
      const phone = (await logIn(api, user.email, PASSWORD, 'Phone/1.0'))!;
      const sessions = (await api.gql(SESSIONS, {}, phone)).data?.viewer.sessions;
      expect(sessions).toHaveLength(2);
      expect(sessions[0]).toMatchObject({ userAgent: 'Phone/1.0', ip: expect.stringMatching(/127\.0\.0\.1$/), current: true });
      expect(sessions[1]).toMatchObject({ current: false });
      for (const s of sessions) expect(typeof s.lastUsedAt).toBe('string');
    });

    it('records the last use at most once a minute', async () => {
      const user = await signUp(api);
      const userId = rowIdOf(user.id, 'User')!;
      const stale = new Date(Date.now() - 5 * 60 * 1000);
      await api.db.getRepository(Session).update({ userId }, { lastUsedAt: stale });
      await api.gql(VIEWER, {}, user.token);
      const touched = (await api.db.getRepository(Session).findOneByOrFail({ userId })).lastUsedAt!;
      expect(touched.getTime()).toBeGreaterThan(stale.getTime());
      await api.gql(VIEWER, {}, user.token);
      await api.gql(VIEWER, {}, user.token);
      expect((await api.db.getRepository(Session).findOneByOrFail({ userId })).lastUsedAt).toEqual(touched);
    });

    it('revokes one of your sessions, and answers NOT_FOUND for anyone else’s without touching it', async () => {
      const user = await signUp(api);
      const laptop = (await logIn(api, user.email, PASSWORD))!;
      const stranger = await signUp(api);
      const [, laptopSession] = [null, (await api.gql(SESSIONS, {}, laptop)).data?.viewer.sessions.find((s: { current: boolean }) => s.current)];
      const strangerSession = (await api.gql(SESSIONS, {}, stranger.token)).data?.viewer.sessions[0];

      const refused = await api.gql(REVOKE_SESSION, { input: { sessionId: strangerSession.id } }, user.token);
      expectError(refused, 'NOT_FOUND');
      expect(await viewerId(api, stranger.token)).toBe(stranger.id);
      expectError(await api.gql(REVOKE_SESSION, { input: { sessionId: randomId('Session') } }, user.token), 'NOT_FOUND');
      expectError(await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: strangerSession.id }, user.token), 'NOT_FOUND');

      const res = await api.gql(REVOKE_SESSION, { input: { sessionId: laptopSession.id } }, user.token);
      expect(expectOk(res, 'revokeSession').session).toEqual({ id: laptopSession.id, current: false });
      expect(await viewerId(api, laptop)).toBeNull();
      expect(await viewerId(api, user.token)).toBe(user.id);
      expectError(await api.gql(REVOKE_SESSION, { input: { sessionId: laptopSession.id } }, user.token), 'NOT_FOUND');
      expect(await auditActions(api, user)).toContain('session.revoke');
    });

    it('revokes every other session and keeps this one', async () => {
      const user = await signUp(api);
      const others = [(await logIn(api, user.email, PASSWORD))!, (await logIn(api, user.email, PASSWORD))!];
      const res = await api.gql(REVOKE_OTHERS, {}, user.token);
      expect(expectOk(res, 'revokeOtherSessions').revokedCount).toBe(2);
      for (const token of others) expect(await viewerId(api, token)).toBeNull();
      expect((await api.gql(SESSIONS, {}, user.token)).data?.viewer.sessions).toHaveLength(1);
      expect(expectOk(await api.gql(REVOKE_OTHERS, {}, user.token), 'revokeOtherSessions').revokedCount).toBe(0);
    });

    it('shows sessions and preferences only on yourself', async () => {
      const owner = await signUp(api);
      const companyId = await createCompany(api, owner);
      const coworker = await signUp(api);
      await addMember(api, companyId, coworker, CompanyRole.FULL);
      const res = await api.gql(`query($id: ID!) { node(id: $id) { ... on User { id sessions { id } preferences { aiDataOptOut } } } }`, { id: coworker.id }, owner.token);
      expect(res.data?.node).toEqual({ id: coworker.id, sessions: null, preferences: null });
    });
  });

  describe('profile and preferences', () => {
    it('updates the name and time zone, and audits the change', async () => {
      const user = await signUp(api, 'Old Name');
      const res = await api.gql(UPDATE_PROFILE, { input: { name: ' New Name ', timezone: 'Europe/Paris' } }, user.token);
      expect(expectOk(res, 'updateProfile').user).toEqual({ id: user.id, name: 'New Name', timezone: 'Europe/Paris' });
      const only = await api.gql(UPDATE_PROFILE, { input: { timezone: 'America/New_York' } }, user.token);
      expect(expectOk(only, 'updateProfile').user).toEqual({ id: user.id, name: 'New Name', timezone: 'America/New_York' });
      const event = await api.db.getRepository(AuditEvent).findOneOrFail({ where: { actorId: rowIdOf(user.id, 'User')!, action: 'account.profile_update' }, order: { id: 'ASC' } });
      expect(event.data).toEqual({ changed: ['name', 'timezone'] });
    });

    it.each([
      ['an unknown time zone', { timezone: 'Mars/Olympus' }, ['input', 'timezone']],
      ['a blank name', { name: '   ' }, ['name']],
    ])('refuses %s with BAD_USER_INPUT and changes nothing', async (_what, input, field) => {
      const user = await signUp(api, 'Steady Name');
      const res = await api.gql(UPDATE_PROFILE, { input }, user.token);
      const error = expectError(res, 'BAD_USER_INPUT');
      const fields = (error.extensions.fields as { field: string[] }[] | undefined)?.map((f) => f.field) ?? [error.extensions.field];
      expect(fields).toEqual([field]);
      expect((await api.gql(VIEWER, {}, user.token)).data?.viewer).toMatchObject({ name: 'Steady Name', timezone: 'UTC' });
    });

    it('stores notification preferences per kind and channel, and the AI preference', async () => {
      const user = await signUp(api);
      expect((await api.gql(PREFERENCES, {}, user.token)).data?.viewer.preferences).toEqual({ aiDataOptOut: false, notifications: ALL_ON });
      const res = await api.gql(
        UPDATE_PREFERENCES,
        { input: { aiDataOptOut: true, notifications: [{ kind: 'INVITATIONS', email: false }, { kind: 'MESSAGES', inApp: false }] } },
        user.token,
      );
      const expected = {
        aiDataOptOut: true,
        notifications: ALL_ON.map((p) =>
          p.kind === 'INVITATIONS' ? { ...p, email: false } : p.kind === 'MESSAGES' ? { ...p, inApp: false } : p,
        ),
      };
      expect(expectOk(res, 'updatePreferences').user.preferences).toEqual(expected);
      expect((await api.gql(PREFERENCES, {}, user.token)).data?.viewer.preferences).toEqual(expected);
      expect(await auditActions(api, user)).toContain('account.preferences_update');
      expectError(await api.gql(UPDATE_PREFERENCES, { input: { notifications: [{ kind: 'NOT_A_KIND', email: false }] } }, user.token), 'BAD_USER_INPUT');
      expectError(await api.gql(UPDATE_PREFERENCES, { input: { aiDataOptOut: true } }), 'UNAUTHENTICATED');
    });

    it('keeps an invitation to an account that turned invitation emails off out of the mail, and still mails strangers', async () => {
      const owner = await signUp(api);
      const companyId = await createCompany(api, owner, 'Quietco');
      const quiet = await signUp(api);
      expectOk(await api.gql(UPDATE_PREFERENCES, { input: { notifications: [{ kind: 'INVITATIONS', email: false }] } }, quiet.token), 'updatePreferences');
      await invite(api, owner, companyId, quiet.email);
      const stranger = `stranger-${Date.now()}@example.com`;
      await invite(api, owner, companyId, stranger);
      const company = rowIdOf(companyId, 'Company')!;
      expect((await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: quiet.email, companyId: company })).status).toBe(OutboxStatus.SUPPRESSED);
      expect((await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: stranger, companyId: company })).status).toBe(OutboxStatus.PENDING);
      // Account security email ignores the preferences: it always goes.
      await api.gql(REQUEST_RESET, { input: { email: quiet.email } });
      const reset = await api.db.getRepository(OutboxEmail).findOneByOrFail({ to: quiet.email, subject: 'Reset your Workroom password' });
      expect(reset.status).toBe(OutboxStatus.PENDING);
    });
  });

  describe('closeAccount', () => {
    it('refuses a wrong password with INVALID_CREDENTIALS and changes nothing', async () => {
      const user = await signUp(api);
      const res = await api.gql(CLOSE, { input: { password: 'not my password' } }, user.token);
      expect(expectUserError(res, 'closeAccount', 'INVALID_CREDENTIALS').field).toEqual(['input', 'password']);
      expect((await api.gql(VIEWER, {}, user.token)).data?.viewer.closed).toBe(false);
    });

    it('refuses the last owner of a company with LAST_OWNER, and lets them close once there is another owner', async () => {
      const owner = await signUp(api);
      const companyId = await createCompany(api, owner, 'Solo Ltd');
      const res = await api.gql(CLOSE, { input: { password: PASSWORD } }, owner.token);
      expect(expectUserError(res, 'closeAccount', 'LAST_OWNER').message).toBe(
        'You are the only owner of Solo Ltd: make a coworker an owner first, then close your account',
      );
      expect(await viewerId(api, owner.token)).toBe(owner.id);
      await addMember(api, companyId, await signUp(api), CompanyRole.OWNER);
      expectOk(await api.gql(CLOSE, { input: { password: PASSWORD } }, owner.token), 'closeAccount');
    });

    it('refuses the freelancer of an unfinished contract with OPEN_CONTRACTS until it is cancelled', async () => {
      const client = await signUp(api);
      const companyId = await createCompany(api, client);
      const freelancer = await signUp(api);
      const contract = await createContract(api, client, companyId, freelancer, []);
      const res = await api.gql(CLOSE, { input: { password: PASSWORD } }, freelancer.token);
      expect(expectUserError(res, 'closeAccount', 'OPEN_CONTRACTS').message).toBe(
        'You are the freelancer of 1 contract that is not finished: end or cancel it first',
      );
      expect(await viewerId(api, freelancer.token)).toBe(freelancer.id);
      expectOk(await api.gql(CANCEL, { id: contract.id }, client.token), 'cancelContract');
      expectOk(await api.gql(CLOSE, { input: { password: PASSWORD } }, freelancer.token), 'closeAccount');
    });

    it('signs out everywhere, frees the email for a new sign-up, and leaves the audit log showing a closed account', async () => {
      const owner = await signUp(api);
      const companyId = await createCompany(api, owner, 'Audit Ltd');
      const leaver = await signUp(api, 'Lee Leaver');
      await addMember(api, companyId, leaver, CompanyRole.FULL);
      const team = await api.gql(`mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code } } }`, { input: { companyId, name: 'Leaver team' } }, leaver.token);
      expectOk(team, 'createTeam');
      const other = (await logIn(api, leaver.email, PASSWORD))!;
      // What another module (API tokens) does: end what the account holds, inside the closing transaction.
      const closed: { userId: string; sessionsRevoked: number }[] = [];
      const unsubscribe = domainEvents.subscribe(
        subscriber({
          name: 'test: account closed',
          description: 'Records account.closed.',
          types: ['account.closed'],
          mode: 'inTransaction',
          handle: (event) => void closed.push({ userId: event.target.id, sessionsRevoked: event.data.sessionsRevoked }),
        }),
      );
      const res = await api.gql(CLOSE, { input: { password: PASSWORD } }, leaver.token);
      unsubscribe();
      expect(expectOk(res, 'closeAccount').user).toEqual({ id: leaver.id, name: 'Closed account', closed: true });
      expect(closed).toEqual([{ userId: rowIdOf(leaver.id, 'User'), sessionsRevoked: 2 }]);
      expect(await viewerId(api, leaver.token)).toBeNull();
      expect(await viewerId(api, other)).toBeNull();
      expect(await logIn(api, leaver.email, PASSWORD)).toBeNull();
      const row = await userRow(api, leaver);
      expect(row).toMatchObject({ name: 'Closed account', email: `closed-${row.id}@closed.invalid`, closedAt: expect.any(Date) });
      expect(JSON.stringify(row)).not.toContain('Lee Leaver');

      const again = await api.gql(SIGN_UP, { input: { email: leaver.email, password: PASSWORD, name: 'Lee Again' } });
      expect(expectOk(again, 'signUp').user.id).not.toBe(leaver.id);

      const log = await api.gql(
        `query($id: ID!) { company(id: $id) { auditLog(action: "team.create") { nodes { action actor { id name email closed } } } } }`,
        { id: companyId },
        owner.token,
      );
      expect(log.errors).toBeUndefined();
      expect(log.data?.company.auditLog.nodes).toEqual([
        { action: 'team.create', actor: { id: leaver.id, name: 'Closed account', email: `closed-${row.id}@closed.invalid`, closed: true } },
      ]);
      const members = await api.gql(`query($id: ID!) { company(id: $id) { members { totalCount } } }`, { id: companyId }, owner.token);
      expect(members.data?.company.members.totalCount).toBe(1);
      expect(await auditActions(api, leaver)).toEqual(expect.arrayContaining(['member.leave', 'account.close']));
    });
  });
});
