import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../src/account/session.entity';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { Invitation } from '../src/invitation/invitation.entity';
import { OutboxEmail } from '../src/mail/outbox-email.entity';
import { createCompany, expectError, expectOk, expectUserError, invite, signUp, type Account } from './support/fixtures';
import { ENGINE, rateLimitsOn, startTestServer, useTestServer, type GqlResponse, type TestApi } from './support/server';

declare const WORKROOM_TEST_REDIS: string | null;
const REDIS: string | null = typeof WORKROOM_TEST_REDIS === 'string' ? WORKROOM_TEST_REDIS : null;

const PASSWORD = 'correct horse battery';
const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { token userErrors { code } } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { companyMember { id } userErrors { code } } }`;

/** One GraphQL request with extra headers (e.g. X-Forwarded-For). */
async function send(api: TestApi, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const res = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: GqlResponse['errors'] };
  return { status: res.status, headers: res.headers, data: body.data ?? null, errors: body.errors };
}

const logIn = (api: TestApi, email: string, password: string, headers: Record<string, string> = {}) =>
  send(api, LOG_IN, { input: { email, password } }, headers);

/** What one log-in attempt answered: OK, the user error code, or the GraphQL error code. */
const outcome = (res: GqlResponse): string =>
  res.errors?.[0]?.extensions.code ?? (res.data?.logIn as { token: string | null; userErrors: { code: string }[] }).userErrors[0]?.code ?? 'OK';

/** Asserts a 429 RATE_LIMITED from `limit` with a Retry-After header that matches the error; returns the seconds. */
function expectRateLimited(res: GqlResponse, limit: string): number {
  expect(res.status).toBe(429);
  const error = expectError(res, 'RATE_LIMITED');
  expect(error.extensions.limit).toBe(limit);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(error.extensions.retryAfter).toBe(retryAfter);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

const rate = (res: GqlResponse) => ({
  limit: Number(res.headers.get('ratelimit-limit')),
  remaining: Number(res.headers.get('ratelimit-remaining')),
  reset: Number(res.headers.get('ratelimit-reset')),
});

const VIEWER = '{ viewer { id } }';

/** Runs `work` against a server of its own (its own limits), stopping it afterwards. */
async function withServer(overrides: Partial<Config>, work: (api: TestApi) => Promise<void>): Promise<void> {
  const api = await startTestServer(overrides);
  try {
    await work(api);
  } finally {
    await api.stop();
  }
}

describe('Rate limits: requests', () => {
  const defaults = loadConfig({}).rateLimits;
  const api = useTestServer({ rateLimits: rateLimitsOn() });
  let ada: Account;

  beforeAll(async () => {
    ada = await signUp(api, 'Ada');
  });

  it('answers every GraphQL request with RateLimit-Limit, -Remaining and -Reset, counting down per user', async () => {
    const first = await api.gql(VIEWER, {}, ada.token);
    const second = await api.gql(VIEWER, {}, ada.token);
    expect(rate(first).limit).toBe(defaults.userPointsPerMinute);
    expect(rate(second).remaining).toBe(rate(first).remaining - 1);
    expect(rate(second).reset).toBeGreaterThanOrEqual(1);
    expect(rate(second).reset).toBeLessThanOrEqual(60);
  });

  it('takes 5 points for a mutation and more for a query that may load many objects', async () => {
    const before = rate(await api.gql(VIEWER, {}, ada.token)).remaining;
    const mutation = await api.gql(`mutation { createCompany(input: { name: "Points Inc" }) { company { id } } }`, {}, ada.token);
    expect(rate(mutation).remaining).toBe(before - 5);
    // viewer + 100 companies × (1 + 20 contracts) = 2,101 objects: 1 + 2 points.
    const big = await api.gql(`{ viewer { companies(first: 100) { nodes { contracts { nodes { id } } } } } }`, {}, ada.token);
    expect(big.errors).toBeUndefined();
    expect(rate(big).remaining).toBe(before - 5 - 3);
  });

  it('counts anonymous requests per client address, apart from signed-in users', async () => {
    const anonymous = await api.gql(VIEWER);
    expect(rate(anonymous).limit).toBe(defaults.ipPointsPerMinute);
    expect(rate(await api.gql(VIEWER)).remaining).toBe(rate(anonymous).remaining - 1);
  });

  it('charges a point, with headers, for requests refused before execution', async () => {
    const before = rate(await api.gql(VIEWER, {}, ada.token)).remaining;
    const syntax = await api.gql('{ viewer {', {}, ada.token);
    expectError(syntax, 'GRAPHQL_PARSE_FAILED');
    expect(rate(syntax).remaining).toBe(before - 1);
    const deep = await api.gql(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`, {}, ada.token);
    expectError(deep, 'QUERY_TOO_COMPLEX');
    expect(rate(deep).remaining).toBe(before - 2);
  });
});

describe('Rate limits: running out', () => {
  const api = useTestServer({ rateLimits: rateLimitsOn({ userPointsPerMinute: 8, ipPointsPerMinute: 30 }) });

  it('answers 429 RATE_LIMITED with Retry-After once a user has spent their points, and runs nothing', async () => {
    const ada = await signUp(api, 'Ada');
    const grace = await signUp(api, 'Grace');
    for (let i = 0; i < 8; i += 1) expect((await api.gql(VIEWER, {}, ada.token)).status).toBe(200);
    const refused = await api.gql(VIEWER, {}, ada.token);
    const retryAfter = expectRateLimited(refused, 'user');
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rate(refused)).toMatchObject({ limit: 8, remaining: 0 });

    const create = await api.gql(`mutation { createCompany(input: { name: "Refused Inc" }) { company { id } } }`, {}, ada.token);
    expectRateLimited(create, 'user');
    // Grace's bucket is her own, and she can see that Ada created nothing.
    expect((await api.gql(VIEWER, {}, grace.token)).data?.viewer.id).toBe(grace.id);
    const companies = await api.db.query(`SELECT COUNT(*) AS n FROM companies WHERE name = 'Refused Inc'`);
    expect(Number(companies[0].n)).toBe(0);
  });

  it('limits anonymous requests per address, and a bad query is refused by the limit too', async () => {
    let res: GqlResponse;
    do res = await api.gql(VIEWER);
    while (res.status === 200);
    expectRateLimited(res, 'ip');
    expectRateLimited(await api.gql('{ nonsense'), 'ip');
  });
});

describe('Rate limits: REST routes', () => {
  const api = useTestServer({ rateLimits: rateLimitsOn({ userPointsPerMinute: 30, ipPointsPerMinute: 30 }) });

  it('spend from the same bucket as GraphQL: exports, downloads and uploads answer 429 RATE_LIMITED once it is empty', async () => {
    const ada = await signUp(api, 'Ada');
    const companyId = await createCompany(api, ada, 'Export Co');
    const auth = { authorization: `Bearer ${ada.token}` };
    const exported = await api.fetch(`/exports/companies/${companyId}/contracts.csv`, { headers: auth });
    expect(exported.status).toBe(200);
    await exported.text();
    // createCompany cost 5 points and the export 20: 5 of 30 are left.
    expect(exported.headers.get('ratelimit-limit')).toBe('30');
    expect(exported.headers.get('ratelimit-remaining')).toBe('5');

    const refused = await api.fetch(`/exports/companies/${companyId}/onboarding-tasks.csv`, { headers: auth });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await refused.json()) as { errors: { extensions: { code: string; limit: string } }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'user' });

    // Downloads and uploads draw on the same empty bucket; the upload stores nothing.
    const download = await api.fetch('/files/nothing-here', { headers: auth });
    expect(download.status).toBe(429);
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const upload = await api.fetch('/uploads', { method: 'POST', headers: auth, body: form });
    expect(upload.status).toBe(429);
    const uploads = await api.db.query('SELECT COUNT(*) AS n FROM uploads');
    expect(Number(uploads[0].n)).toBe(0);
  });
});

describe('Rate limits: failed log-ins', () => {
  it('locks an account after its failed log-ins, even for the right password, and leaves others alone', async () => {
    await withServer({ rateLimits: rateLimitsOn({ failedLogInsPerAccount: 3 }) }, async (api) => {
      const victim = await signUp(api, 'Victim');
      const other = await signUp(api, 'Other');
      const sessionsBefore = await api.db.getRepository(Session).countBy({});
      for (let i = 0; i < 3; i += 1) expect(outcome(await logIn(api, victim.email, `wrong guess ${i}`))).toBe('INVALID_CREDENTIALS');
      const locked = await logIn(api, victim.email, PASSWORD);
      const retryAfter = expectRateLimited(locked, 'logInAccount');
      expect(retryAfter).toBeGreaterThan(60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // The email key is case-insensitive: a different spelling is the same account.
      expectRateLimited(await logIn(api, victim.email.toUpperCase(), PASSWORD), 'logInAccount');
      expect(await api.db.getRepository(Session).countBy({})).toBe(sessionsBefore);
      expect(outcome(await logIn(api, other.email, PASSWORD))).toBe('OK');
    });
  });

  it('does not count successful log-ins', async () => {
    await withServer({ rateLimits: rateLimitsOn({ failedLogInsPerAccount: 3 }) }, async (api) => {
      const user = await signUp(api, 'Careless');
      const attempts = [...['wrong', 'wrong'], ...Array(6).fill(PASSWORD), 'wrong', PASSWORD];
      const outcomes = [];
      for (const password of attempts) outcomes.push(outcome(await logIn(api, user.email, password)));
      expect(outcomes).toEqual([
        'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'INVALID_CREDENTIALS', 'RATE_LIMITED',
      ]);
    });
  });

  it('counts concurrent guesses before checking them', async () => {
    await withServer({ rateLimits: rateLimitsOn({ failedLogInsPerAccount: 3 }) }, async (api) => {
      const user = await signUp(api, 'Target');
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => logIn(api, user.email, `parallel guess ${i}`)));
      const outcomes = results.map(outcome).sort();
      expect(outcomes).toEqual([...Array(3).fill('INVALID_CREDENTIALS'), ...Array(7).fill('RATE_LIMITED')]);
    });
  });

  it('locks a client address that fails across many accounts', async () => {
    await withServer({ rateLimits: rateLimitsOn({ failedLogInsPerAccount: 100, failedLogInsPerIp: 4 }) }, async (api) => {
      const user = await signUp(api, 'Bystander');
      for (let i = 0; i < 4; i += 1) expect(outcome(await logIn(api, `sprayed${i}@example.com`, 'Password123'))).toBe('INVALID_CREDENTIALS');
      expectRateLimited(await logIn(api, user.email, PASSWORD), 'logInIp');
    });
  });

  it('ignores a forged X-Forwarded-For by default: the address is the connection’s', async () => {
    await withServer({ rateLimits: rateLimitsOn({ failedLogInsPerIp: 3 }) }, async (api) => {
      for (let i = 0; i < 3; i += 1) {
        expect(outcome(await logIn(api, `a${i}@example.com`, 'nope nope nope', { 'x-forwarded-for': `203.0.113.${i}` }))).toBe('INVALID_CREDENTIALS');
      }
      expectRateLimited(await logIn(api, 'a9@example.com', 'nope nope nope', { 'x-forwarded-for': '198.51.100.7' }), 'logInIp');
    });
  });

  it('believes X-Forwarded-For from a trusted proxy (TRUST_PROXY=loopback)', async () => {
    await withServer({ trustProxy: ['loopback'], rateLimits: rateLimitsOn({ failedLogInsPerIp: 3 }) }, async (api) => {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i += 1) expect(outcome(await logIn(api, `b${i}@example.com`, 'nope nope nope', from('203.0.113.1')))).toBe('INVALID_CREDENTIALS');
      expectRateLimited(await logIn(api, 'b3@example.com', 'nope nope nope', from('203.0.113.1')), 'logInIp');
      // Another client behind the same proxy has its own bucket.
      expect(outcome(await logIn(api, 'b4@example.com', 'nope nope nope', from('203.0.113.2')))).toBe('INVALID_CREDENTIALS');
      // IPv6 clients count per /64: other addresses of the same network share its bucket.
      for (const [i, address] of ['2001:db8:1:2::10', '2001:db8:1:2::11', '2001:db8:1:2:ab:cd:ef:1'].entries()) {
        expect(outcome(await logIn(api, `c${i}@example.com`, 'nope nope nope', from(address)))).toBe('INVALID_CREDENTIALS');
      }
      expectRateLimited(await logIn(api, 'c12@example.com', 'nope nope nope', from('2001:0db8:0001:0002:0:0:0:12')), 'logInIp');
      expect(outcome(await logIn(api, 'c13@example.com', 'nope nope nope', from('2001:db8:1:3::1')))).toBe('INVALID_CREDENTIALS');
    });
  });
});

describe('Rate limits: invitations', () => {
  const api = useTestServer({ rateLimits: rateLimitsOn({ failedAcceptsPerUser: 2, invitationsPerUserPerHour: 3 }) });

  it('locks a user out of acceptInvitation after join links that match nothing', async () => {
    const owner = await signUp(api, 'Owner');
    const companyId = await createCompany(api, owner);
    const guesser = await signUp(api, 'Guesser');
    const { token } = await invite(api, owner, companyId, guesser.email);
    for (const bogus of ['not-a-token-1', 'not-a-token-2']) {
      expectUserError(await api.gql(ACCEPT, { input: { token: bogus } }, guesser.token), 'acceptInvitation', 'INVITATION_INVALID');
    }
    expectRateLimited(await api.gql(ACCEPT, { input: { token } }, guesser.token), 'acceptUser');
    expect(await api.db.getRepository(Invitation).findOneByOrFail({ emailKey: guesser.email.toLowerCase() })).toMatchObject({ status: 'PENDING' });
  });

  it('does not count accepts that fail for other reasons, or succeed', async () => {
    const owner = await signUp(api, 'Owner 2');
    const companyId = await createCompany(api, owner);
    const someone = await signUp(api, 'Someone');
    const invited = await signUp(api, 'Invited');
    const forSomeone = await invite(api, owner, companyId, someone.email);
    const mine = await invite(api, owner, companyId, invited.email);
    for (let i = 0; i < 3; i += 1) {
      expectUserError(await api.gql(ACCEPT, { input: { token: forSomeone.token } }, invited.token), 'acceptInvitation', 'INVITATION_EMAIL_MISMATCH');
    }
    expectOk(await api.gql(ACCEPT, { input: { token: mine.token } }, invited.token), 'acceptInvitation');
  });

  it('limits the invitations one user sends per hour', async () => {
    const owner = await signUp(api, 'Inviter');
    const companyId = await createCompany(api, owner);
    for (let i = 0; i < 3; i += 1) await invite(api, owner, companyId, `coworker${i}@example.com`);
    const emailsBefore = await api.db.getRepository(OutboxEmail).count();
    const refused = await api.gql(
      `mutation($input: InviteCoworkerInput!) { inviteCoworker(input: $input) { invitation { id } userErrors { code } } }`,
      { input: { companyId, email: 'coworker3@example.com' } },
      owner.token,
    );
    expect(expectRateLimited(refused, 'invitationsUser')).toBeGreaterThan(60);
    expect(await api.db.getRepository(Invitation).countBy({ emailKey: 'coworker3@example.com' })).toBe(0);
    expect(await api.db.getRepository(OutboxEmail).count()).toBe(emailsBefore);
  });

  it('counts invitations sent by adding an email to a message thread against the same limit', async () => {
    const owner = await signUp(api, 'Thread Owner');
    const companyId = await createCompany(api, owner);
    const freelancer = await signUp(api, 'Freelancer');
    const started = await api.gql(
      `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`,
      { input: { companyId, freelancerId: freelancer.id, subject: 'Interview', body: 'Hello' } },
      owner.token,
    );
    const threadId = expectOk(started, 'startMessageThread').messageThread.id;
    const add = (email: string) =>
      api.gql(
        `mutation($input: AddCoworkerToThreadInput!) { addCoworkerToThread(input: $input) { invitation { id } userErrors { code } } }`,
        { input: { threadId, email, permission: 'VIEW' } },
        owner.token,
      );
    for (let i = 0; i < 3; i += 1) expectOk(await add(`thread-guest${i}@example.com`), 'addCoworkerToThread');
    expectRateLimited(await add('thread-guest3@example.com'), 'invitationsUser');
    expect(await api.db.getRepository(Invitation).countBy({ emailKey: 'thread-guest3@example.com' })).toBe(0);
  });
});

describe('RATE_LIMITS=off', () => {
  it('turns every rate limit off: no headers, no lock-out', async () => {
    const off = loadConfig({ RATE_LIMITS: 'off' }).rateLimits;
    expect(off.enabled).toBe(false);
    await withServer({ rateLimits: { ...off, failedLogInsPerAccount: 1, userPointsPerMinute: 1 } }, async (api) => {
      const user = await signUp(api, 'Bulk');
      for (let i = 0; i < 3; i += 1) expect(outcome(await logIn(api, user.email, 'wrong password'))).toBe('INVALID_CREDENTIALS');
      const res = await logIn(api, user.email, PASSWORD);
      expect(outcome(res)).toBe('OK');
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    });
  });
});

describe('Rate-limit configuration', () => {
  it('is on by default, in memory, trusting no proxy', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toMatchObject({
      enabled: true,
      userPointsPerMinute: 1200,
      ipPointsPerMinute: 300,
      failedLogInsPerAccount: 10,
      failedLogInsPerIp: 100,
      failedAcceptsPerUser: 10,
      invitationsPerUserPerHour: 200,
    });
    expect(config.redisUrl).toBeNull();
    expect(config.trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).rateLimits.enabled).toBe(true);
  });

  it.each([
    ['1', 1],
    ['2', 2],
    ['false', false],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.7,loopback', ['10.0.0.0/8', '192.168.1.7', 'loopback']],
    ['fd00::/8', ['fd00::/8']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['TRUST_PROXY', 'everyone'],
    ['REDIS_URL', 'localhost:6379'],
    ['RATE_LIMITS', 'maybe'],
    ['RATE_LIMIT_LOGIN_FAILURES', '0'],
  ])('stops start-up on %s=%s with one line', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}="${value}" `));
  });

  it('reads REDIS_URL and every RATE_LIMIT_* number', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://cache:6379/2',
      RATE_LIMIT_USER_POINTS: '5000',
      RATE_LIMIT_IP_POINTS: '600',
      RATE_LIMIT_LOGIN_FAILURES: '5',
      RATE_LIMIT_LOGIN_IP_FAILURES: '50',
      RATE_LIMIT_ACCEPT_FAILURES: '3',
      RATE_LIMIT_INVITATIONS: '20',
    });
    expect(config.redisUrl).toBe('redis://cache:6379/2');
    expect(config.rateLimits).toMatchObject({
      userPointsPerMinute: 5000,
      ipPointsPerMinute: 600,
      failedLogInsPerAccount: 5,
      failedLogInsPerIp: 50,
      failedAcceptsPerUser: 3,
      invitationsPerUserPerHour: 20,
    });
  });
});

describe('Rate limits without Redis', () => {
  it('keep working per process when REDIS_URL does not answer', async () => {
    await withServer({ redisUrl: 'redis://127.0.0.1:1', rateLimits: rateLimitsOn({ failedLogInsPerAccount: 2 }) }, async (api) => {
      const user = await signUp(api, 'Offline');
      expect(rate(await api.gql(VIEWER, {}, user.token)).limit).toBe(1200);
      for (let i = 0; i < 2; i += 1) expect(outcome(await logIn(api, user.email, 'wrong password'))).toBe('INVALID_CREDENTIALS');
      expectRateLimited(await logIn(api, user.email, PASSWORD), 'logInAccount');
    });
  });
});

(REDIS ? describe : describe.skip)('Rate limits shared through Redis', () => {
  it('holds a failed-login limit across two servers on one database and one Redis', async () => {
    const sqliteFile = ENGINE === 'sqlite' ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workroom-rl-')), 'shared.sqlite') : null;
    const shared: Partial<Config> = {
      redisUrl: REDIS,
      rateLimits: rateLimitsOn({ failedLogInsPerAccount: 3 }),
      ...(sqliteFile ? { database: { type: 'sqlite', file: sqliteFile } } : {}),
    };
    const a = await startTestServer(shared);
    const b = await startTestServer({ ...shared, database: a.config.database });
    try {
      const user = await signUp(a, 'Shared');
      expect(outcome(await logIn(a, user.email, 'wrong one'))).toBe('INVALID_CREDENTIALS');
      expect(outcome(await logIn(b, user.email, 'wrong two'))).toBe('INVALID_CREDENTIALS');
      expect(outcome(await logIn(a, user.email, 'wrong three'))).toBe('INVALID_CREDENTIALS');
      expectRateLimited(await logIn(b, user.email, PASSWORD), 'logInAccount');
      expectRateLimited(await logIn(a, user.email, PASSWORD), 'logInAccount');

      // The request bucket is one too: the count goes on from one server to the other.
      const onA = rate(await a.gql(VIEWER, {}, user.token)).remaining;
      expect(rate(await b.gql(VIEWER, {}, user.token)).remaining).toBe(onA - 1);
      expect(rate(await a.gql(VIEWER, {}, user.token)).remaining).toBe(onA - 2);
    } finally {
      await b.stop();
      await a.stop();
      if (sqliteFile) fs.rmSync(path.dirname(sqliteFile), { recursive: true, force: true });
    }
  });
});
