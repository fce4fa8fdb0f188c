import { Session } from '../src/account/session.entity';
import { User } from '../src/account/user.entity';
import { createCompany, expectError, expectOk, expectUserError, signUp } from './support/fixtures';
import { useTestServer } from './support/server';

const SIGN_UP = `mutation($input: SignUpInput!) {
  signUp(input: $input) { token expiresAt user { id name email } userErrors { code field message } }
}`;
const LOG_IN = `mutation($input: LogInInput!) {
  logIn(input: $input) { token user { id email } userErrors { code field message } }
}`;
const VIEWER = `{ viewer { id name email } }`;

describe('Accounts and sessions', () => {
  const api = useTestServer();

  it('signs up, returns a token that identifies the user, and never the password', async () => {
    const res = await api.gql(SIGN_UP, { input: { email: 'Ada@Example.com', password: 'correct horse battery', name: ' Ada ' } });
    const payload = expectOk(res, 'signUp');
    expect(payload.token).toMatch(/^wr_[\w-]{43}$/);
    expect(payload.user).toMatchObject({ name: 'Ada', email: 'Ada@Example.com' });
    expect(new Date(payload.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    const me = await api.gql(VIEWER, {}, payload.token);
    expect(me.data?.viewer).toEqual(payload.user);
    const stored = await api.db.getRepository(User).findOneByOrFail({ emailKey: 'ada@example.com' });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain('correct horse');
    const sessions = await api.db.getRepository(Session).findBy({ userId: stored.id });
    expect(sessions.map((s) => s.tokenHash)).not.toContain(payload.token);
  });

  it('refuses a second account whose email differs only in case', async () => {
    await signUp(api, 'First', 'grace@example.com');
    const res = await api.gql(SIGN_UP, { input: { email: 'GRACE@example.COM', password: 'another password', name: 'Second' } });
    expect(expectUserError(res, 'signUp', 'EMAIL_TAKEN').field).toEqual(['input', 'email']);
    expect(await api.db.getRepository(User).countBy({ emailKey: 'grace@example.com' })).toBe(1);
  });

  it('lets exactly one of several concurrent sign-ups with one email through', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api.gql(SIGN_UP, { input: { email: 'race@example.com', password: 'correct horse battery', name: `R${i}` } }),
      ),
    );
    const codes = results.map((r) => (r.data?.signUp.token ? 'OK' : r.data?.signUp.userErrors[0]?.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'EMAIL_TAKEN')).toHaveLength(4);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email', password: 'long enough pw', name: 'X' }, 'email'],
    ['a password under 10 characters', { email: 'short@example.com', password: 'short', name: 'X' }, 'password'],
    ['a blank name', { email: 'blank@example.com', password: 'long enough pw', name: '   ' }, 'name'],
    ['an oversized name', { email: 'big@example.com', password: 'long enough pw', name: 'x'.repeat(101) }, 'name'],
  ])('refuses %s with BAD_USER_INPUT and creates nothing', async (_what, input, field) => {
    const before = await api.db.getRepository(User).count();
    const res = await api.gql(SIGN_UP, { input });
    const error = expectError(res, 'BAD_USER_INPUT');
    expect((error.extensions.fields as { field: string[] }[]).map((f) => f.field)).toEqual([[field]]);
    expect(JSON.stringify(res)).not.toContain(input.password);
    expect(await api.db.getRepository(User).count()).toBe(before);
  });

  it('logs in case-insensitively and gives the same refusal for a wrong password and an unknown email', async () => {
    const user = await signUp(api, 'Lin', 'lin@example.com');
    const ok = expectOk(await api.gql(LOG_IN, { input: { email: 'LIN@example.com', password: 'correct horse battery' } }), 'logIn');
    expect(ok.user.id).toBe(user.id);
    expect(ok.token).not.toBe(user.token);
    const wrong = expectUserError(await api.gql(LOG_IN, { input: { email: 'lin@example.com', password: 'wrong password!' } }), 'logIn', 'INVALID_CREDENTIALS');
    const unknown = expectUserError(await api.gql(LOG_IN, { input: { email: 'nobody@example.com', password: 'wrong password!' } }), 'logIn', 'INVALID_CREDENTIALS');
    expect(unknown).toEqual(wrong);
  });

  it('answers viewer with null when anonymous or when the token is unknown', async () => {
    expect((await api.gql(VIEWER)).data).toEqual({ viewer: null });
    expect((await api.gql(VIEWER, {}, 'wr_not-a-real-token')).data).toEqual({ viewer: null });
  });

  it('refuses signed-in-only fields to anonymous callers with UNAUTHENTICATED', async () => {
    const res = await api.gql(`mutation { createCompany(input: { name: "Nope" }) { company { id } } }`);
    expectError(res, 'UNAUTHENTICATED');
  });

  it('logOut revokes the token in use, and only that one', async () => {
    const user = await signUp(api, 'Leo', 'leo@example.com');
    const other = expectOk(await api.gql(LOG_IN, { input: { email: 'leo@example.com', password: 'correct horse battery' } }), 'logIn');
    const out = expectOk(await api.gql(`mutation { logOut { user { id } userErrors { code } } }`, {}, user.token), 'logOut');
    expect(out.user.id).toBe(user.id);
    expect((await api.gql(VIEWER, {}, user.token)).data).toEqual({ viewer: null });
    expectError(await api.gql(`mutation { createCompany(input: { name: "Late" }) { company { id } } }`, {}, user.token), 'UNAUTHENTICATED');
    expect((await api.gql(VIEWER, {}, other.token)).data?.viewer.id).toBe(user.id);
  });

  it('stops accepting a token once it has expired', async () => {
    const user = await signUp(api, 'Exp');
    await createCompany(api, user);
    const userRow = await api.db.getRepository(User).findOneByOrFail({ name: 'Exp' });
    await api.db.getRepository(Session).update({ userId: userRow.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await api.gql(VIEWER, {}, user.token)).data).toEqual({ viewer: null });
    expectError(await api.gql(`{ viewer { id } node(id: "x") { id } }`, {}, user.token), 'UNAUTHENTICATED');
  });
});
