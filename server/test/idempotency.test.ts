import { randomUUID } from 'node:crypto';
import { IdempotencyKey, idempotencyService } from '../src/idempotency';
import { createContract, LOG_WORK, START } from './support/contracts';
import { companyWithEveryRole, createCompany, expectError, expectOk, expectUserError, signUp, type Account } from './support/fixtures';
import { startProcess } from './support/process';
import { ENGINE, useTestServer, type GqlResponse } from './support/server';

// Repeats wait this long for a first request still running (10 s in production).
const api = useTestServer({ idempotencyWaitMs: 1500 });

const CREATE = `mutation($input: CreateContractInput!) {
  createContract(input: $input) { contract { id title status } userErrors { code field message } }
}`;
const COUNT = `query($id: ID!) { company(id: $id) { contracts { totalCount } } }`;

/** One GraphQL request with extra headers (the `Idempotency-Key`), to `url` (default: the test server). */
async function send(
  query: string,
  variables: Record<string, unknown>,
  as: Account,
  headers: Record<string, string> = {},
  url = api.url,
): Promise<GqlResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as.token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: GqlResponse['errors'] };
  return { status: res.status, headers: res.headers, data: body.data ?? null, errors: body.errors };
}

async function contractCount(companyId: string, as: Account): Promise<number> {
  const res = await api.gql(COUNT, { id: companyId }, as.token);
  return res.data!.company.contracts.totalCount;
}

async function setup() {
  const crew = await companyWithEveryRole(api);
  const freelancer = await signUp(api, 'Fran Freelancer');
  const input = { companyId: crew.companyId, freelancerId: freelancer.id, title: 'Audit' };
  return { ...crew, freelancer, input };
}

describe('Idempotency: a repeat with the same key', () => {
  it('returns the first payload and creates nothing (Idempotency-Key header)', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    const first = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    const contract = expectOk(first, 'createContract').contract;
    const again = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
    expect(await contractCount(companyId, OWNER)).toBe(1);
    expect(contract.status).toBe('PENDING');
  });

  it('returns the first payload and creates nothing (input.idempotencyKey), under any alias', async () => {
    const { OWNER, companyId, input } = await setup();
    const keyed = { ...input, idempotencyKey: 'order-42' };
    const first = await send(CREATE, { input: keyed }, OWNER);
    const aliased = await send(
      `mutation($input: CreateContractInput!) { again: createContract(input: $input) { contract { id title status } userErrors { code field message } } }`,
      { input: keyed },
      OWNER,
    );
    expect(aliased.data).toEqual({ again: first.data!.createContract });
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  it('replays the first answer even after the object changed', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    const first = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    const { id } = expectOk(first, 'createContract').contract;
    await api.gql(`mutation($id: ID!) { cancelContract(input: { contractId: $id }) { userErrors { code } } }`, { id }, OWNER.token);
    const again = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    expect(again.data!.createContract.contract).toEqual({ id, title: 'Audit', status: 'PENDING' });
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  it('is refused with IDEMPOTENCY_KEY_REUSED when the input differs, and creates nothing', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    expectOk(await send(CREATE, { input }, OWNER, { 'idempotency-key': key }), 'createContract');
    const other = await send(CREATE, { input: { ...input, title: 'Another audit' } }, OWNER, { 'idempotency-key': key });
    const error = expectUserError(other, 'createContract', 'IDEMPOTENCY_KEY_REUSED');
    expect(error.field).toEqual(['input', 'idempotencyKey']);
    expect(other.data!.createContract.contract).toBeNull();
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  it('is refused with IDEMPOTENCY_KEY_REUSED for another mutation or another selection', async () => {
    const { OWNER, input } = await setup();
    const key = randomUUID();
    expectOk(await send(CREATE, { input }, OWNER, { 'idempotency-key': key }), 'createContract');
    const company = await send(
      `mutation { createCompany(input: { name: "Other" }) { company { id } userErrors { code } } }`,
      {},
      OWNER,
      { 'idempotency-key': key },
    );
    expectUserError(company, 'createCompany', 'IDEMPOTENCY_KEY_REUSED');
    const selection = await send(
      `mutation($input: CreateContractInput!) { createContract(input: $input) { contract { id } userErrors { code field message } } }`,
      { input },
      OWNER,
      { 'idempotency-key': key },
    );
    expectUserError(selection, 'createContract', 'IDEMPOTENCY_KEY_REUSED');
    expect((await api.gql(`{ viewer { companies { totalCount } } }`, {}, OWNER.token)).data!.viewer.companies.totalCount).toBe(1);
  });

  it('belongs to one user: another user with the same key gets their own result', async () => {
    const { OWNER, FULL, companyId, input } = await setup();
    const key = randomUUID();
    const mine = expectOk(await send(CREATE, { input }, OWNER, { 'idempotency-key': key }), 'createContract');
    const theirs = expectOk(await send(CREATE, { input }, FULL, { 'idempotency-key': key }), 'createContract');
    expect(theirs.contract.id).not.toBe(mine.contract.id);
    expect(await contractCount(companyId, OWNER)).toBe(2);
  });

  it('runs again once the key expired, and expired keys are swept', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    const first = expectOk(await send(CREATE, { input }, OWNER, { 'idempotency-key': key }), 'createContract');
    const repo = api.db.getRepository(IdempotencyKey);
    await repo.update({ key }, { expiresAt: new Date(Date.now() - 1000) });
    const second = expectOk(await send(CREATE, { input }, OWNER, { 'idempotency-key': key }), 'createContract');
    expect(second.contract.id).not.toBe(first.contract.id);
    expect(await contractCount(companyId, OWNER)).toBe(2);

    await repo.update({ key }, { expiresAt: new Date(Date.now() - 1000) });
    const fresh = randomUUID();
    expectOk(await send(CREATE, { input: { ...input, title: 'Kept' } }, OWNER, { 'idempotency-key': fresh }), 'createContract');
    expect(await idempotencyService.sweep(api.db)).toBeGreaterThanOrEqual(1);
    expect(await repo.countBy({ key })).toBe(0);
    expect(await repo.countBy({ key: fresh })).toBe(1);
  });
});

describe('Idempotency: concurrent repeats', () => {
  it('8 concurrent requests with one key create one contract and all get its payload', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(CREATE, { input }, OWNER, { 'idempotency-key': key })));
    const first = expectOk(answers[0], 'createContract');
    for (const answer of answers) expect(answer.data).toEqual({ createContract: first });
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  it('a repeat waits for a first request still running, then gets its answer', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    const first = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    const repo = api.db.getRepository(IdempotencyKey);
    const stored = await repo.findOneByOrFail({ key });
    // As if the first request had claimed the key and were still running.
    await repo.update({ id: stored.id }, { completedAt: null, response: null });
    const repeat = send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await repo.update({ id: stored.id }, { completedAt: stored.completedAt, response: stored.response });
    expect((await repeat).data).toEqual(first.data);
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  it('a repeat gives up with IDEMPOTENCY_KEY_IN_USE when the first request never finishes, creating nothing', async () => {
    const { OWNER, companyId, input } = await setup();
    const key = randomUUID();
    await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    await api.db.getRepository(IdempotencyKey).update({ key }, { completedAt: null, response: null });
    const repeat = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    expectUserError(repeat, 'createContract', 'IDEMPOTENCY_KEY_IN_USE');
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  (ENGINE === 'postgres' ? it : it.skip)('two server processes on one PostgreSQL database create one contract (8 repeats across both)', async () => {
    const { OWNER, companyId, input } = await setup();
    if (api.config.database.type !== 'postgres') throw new Error('needs PostgreSQL');
    // A second OS process running `npm start`'s entry point on the same database: nothing shared but PostgreSQL.
    const other = startProcess({ DATABASE_URL: api.config.database.url, PORT: '0', HOST: '127.0.0.1', RATE_LIMITS: 'off', NODE_ENV: 'production' });
    try {
      const otherUrl = await other.ready;
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => send(CREATE, { input }, OWNER, { 'idempotency-key': key }, i % 2 ? otherUrl : api.url)),
      );
      const first = expectOk(answers[0], 'createContract');
      for (const answer of answers) expect(answer.data).toEqual({ createContract: first });
      expect(await contractCount(companyId, OWNER)).toBe(1);
    } finally {
      other.child.kill('SIGTERM');
      await other.exit;
    }
  }, 30_000);
});

describe('Idempotency: what a key applies to', () => {
  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a space', 'two words'],
    ['non-ASCII', 'clé'],
  ])('refuses a header key that is %s with BAD_USER_INPUT (400) and runs nothing', async (_what, key) => {
    const { OWNER, companyId, input } = await setup();
    const res = await send(CREATE, { input }, OWNER, { 'idempotency-key': key });
    expect(res.status).toBe(400);
    expectError(res, 'BAD_USER_INPUT');
    expect(await contractCount(companyId, OWNER)).toBe(0);
  });

  it('refuses an input key that is too long, has control characters or spaces, and runs nothing', async () => {
    const { OWNER, companyId, input } = await setup();
    // The first two are refused by the input limits before any resolver, the third by the key's own format.
    for (const idempotencyKey of ['k'.repeat(256), 'tab\tkey']) {
      const res = await send(CREATE, { input: { ...input, idempotencyKey } }, OWNER);
      // Paths inside `input` start at its fields there, as class-validator's do.
      expect(expectError(res, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: ['idempotencyKey'], message: expect.any(String) }]);
    }
    const spaced = await send(CREATE, { input: { ...input, idempotencyKey: 'two words' } }, OWNER);
    expect(expectError(spaced, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: ['idempotencyKey'], message: expect.any(String) }]);
    expect(await contractCount(companyId, OWNER)).toBe(0);
  });

  it('accepts a 255-character key', async () => {
    const { OWNER, input } = await setup();
    expectOk(await send(CREATE, { input }, OWNER, { 'idempotency-key': 'k'.repeat(255) }), 'createContract');
  });

  it('refuses a header key on a document with two mutations, or on a mutation that takes none, before running it', async () => {
    const { OWNER, companyId, input } = await setup();
    const two = await send(
      `mutation($input: CreateContractInput!) { a: createContract(input: $input) { contract { id } } b: createContract(input: $input) { contract { id } } }`,
      { input },
      OWNER,
      { 'idempotency-key': randomUUID() },
    );
    expect(two.status).toBe(400);
    expect(expectError(two, 'BAD_USER_INPUT').message).toMatch(/applies to one mutation field/);
    const team = await send(
      `mutation($id: ID!) { createTeam(input: { companyId: $id, name: "Design" }) { team { id } } }`,
      { id: companyId },
      OWNER,
      { 'idempotency-key': randomUUID() },
    );
    expectError(team, 'BAD_USER_INPUT');
    expect(await contractCount(companyId, OWNER)).toBe(0);
    const teams = await api.gql(`query($id: ID!) { company(id: $id) { teams { totalCount } } }`, { id: companyId }, OWNER.token);
    expect(teams.data!.company.teams.totalCount).toBe(0);
  });

  it('lets two mutations in one document each carry their own input key', async () => {
    const { OWNER, companyId, input } = await setup();
    const doc = `mutation($a: CreateContractInput!, $b: CreateContractInput!) {
      a: createContract(input: $a) { contract { id } } b: createContract(input: $b) { contract { id } } }`;
    const vars = { a: { ...input, idempotencyKey: 'a' }, b: { ...input, title: 'Second', idempotencyKey: 'b' } };
    const first = await send(doc, vars, OWNER);
    expect(first.data!.a.contract.id).not.toBe(first.data!.b.contract.id);
    expect((await send(doc, vars, OWNER)).data).toEqual(first.data);
    expect(await contractCount(companyId, OWNER)).toBe(2);
  });

  it('refuses one input key on two fields of a request (the second is not run)', async () => {
    const { OWNER, companyId, input } = await setup();
    const doc = `mutation($a: CreateContractInput!) {
      a: createContract(input: $a) { contract { id } } b: createContract(input: $a) { contract { id } } }`;
    const res = await send(doc, { a: { ...input, idempotencyKey: 'same' } }, OWNER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.contract.id).toEqual(expect.any(String));
    expect(res.data!.b).toEqual({ contract: null });
    expect(await contractCount(companyId, OWNER)).toBe(1);
    const withErrors = await send(doc.replace(/contract \{ id \}/g, 'contract { id } userErrors { code }'), { a: { ...input, idempotencyKey: 'other' } }, OWNER);
    expect(withErrors.data!.b.userErrors).toEqual([{ code: 'IDEMPOTENCY_KEY_REUSED' }]);
  });

  it('keeps the key of a mutation that ran but whose answer was lost to another field’s error: no second run', async () => {
    const { OWNER, companyId, input } = await setup();
    const doc = `mutation($a: CreateContractInput!, $b: CreateContractInput!) {
      a: createContract(input: $a) { contract { id } userErrors { code } } b: createContract(input: $b) { contract { id } } }`;
    const vars = { a: { ...input, idempotencyKey: 'lost' }, b: { ...input, title: '' } };
    const res = await send(doc, vars, OWNER);
    expect(res.data).toBeNull(); // b's BAD_USER_INPUT nulls the whole result, a's answer with it
    expect(await contractCount(companyId, OWNER)).toBe(1);
    const retry = await send(
      `mutation($a: CreateContractInput!) { a: createContract(input: $a) { contract { id } userErrors { code } } }`,
      { a: vars.a },
      OWNER,
    );
    expect(retry.data!.a.userErrors).toEqual([{ code: 'IDEMPOTENCY_KEY_IN_USE' }]);
    expect(await contractCount(companyId, OWNER)).toBe(1);
  });

  it('refuses a header and an input key that differ', async () => {
    const { OWNER, companyId, input } = await setup();
    const res = await send(CREATE, { input: { ...input, idempotencyKey: 'one' } }, OWNER, { 'idempotency-key': 'two' });
    expectError(res, 'BAD_USER_INPUT');
    expect(await contractCount(companyId, OWNER)).toBe(0);
  });

  it('does not use up a key when the mutation fails with an error (nothing changed)', async () => {
    const { RECRUITER, OWNER, companyId, input } = await setup();
    const key = randomUUID();
    expectError(await send(CREATE, { input }, RECRUITER, { 'idempotency-key': key }), 'FORBIDDEN');
    expect(await api.db.getRepository(IdempotencyKey).countBy({ key })).toBe(0);
    expectOk(await send(CREATE, { input: { ...input, companyId } }, OWNER, { 'idempotency-key': key }), 'createContract');
  });

  it('ignores the header on queries', async () => {
    const { OWNER } = await setup();
    const res = await send(`{ viewer { id } }`, {}, OWNER, { 'idempotency-key': 'x y' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.viewer.id).toBe(OWNER.id);
  });
});

describe('Idempotency: every creating mutation takes a key', () => {
  const twice = async (query: string, variables: Record<string, unknown>, as: Account) => {
    const key = randomUUID();
    const first = await send(query, variables, as, { 'idempotency-key': key });
    const again = await send(query, variables, as, { 'idempotency-key': key });
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    return first.data!;
  };

  it('createCompany', async () => {
    const owner = await signUp(api);
    await twice(`mutation { createCompany(input: { name: "Once" }) { company { id name } userErrors { code } } }`, {}, owner);
    expect((await api.gql(`{ viewer { companies { totalCount } } }`, {}, owner.token)).data!.viewer.companies.totalCount).toBe(1);
  });

  it('inviteCoworker: the join link, a secret shown once, is never stored and replays as null', async () => {
    const { OWNER, companyId } = await setup();
    const key = randomUUID();
    const invite = `mutation($id: ID!) { inviteCoworker(input: { companyId: $id, email: "new@example.com" }) {
      invitation { id email link: joinUrl ... on Invitation { joinUrl } } userErrors { code } } }`;
    const first = await send(invite, { id: companyId }, OWNER, { 'idempotency-key': key });
    const { invitation } = expectOk(first, 'inviteCoworker');
    expect(invitation.joinUrl).toMatch(/\/join\//);
    const again = await send(invite, { id: companyId }, OWNER, { 'idempotency-key': key });
    expect(again.data!.inviteCoworker).toEqual({ invitation: { ...invitation, link: null, joinUrl: null }, userErrors: [] });
    const token = invitation.joinUrl.slice(invitation.joinUrl.lastIndexOf('/') + 1);
    const row = await api.db.getRepository(IdempotencyKey).findOneByOrFail({ key });
    expect(row.response).toContain(invitation.id);
    expect(row.response).not.toContain(token);
    const list = await api.gql(`query($id: ID!) { company(id: $id) { invitations { totalCount } } }`, { id: companyId }, OWNER.token);
    expect(list.data!.company.invitations.totalCount).toBe(1);
  });

  it('startMessageThread and postMessage', async () => {
    const { OWNER, companyId, freelancer } = await setup();
    const started = await twice(
      `mutation($c: ID!, $f: ID!) { startMessageThread(input: { companyId: $c, freelancerId: $f, subject: "Hi", body: "Hello" }) { messageThread { id } userErrors { code } } }`,
      { c: companyId, f: freelancer.id },
      OWNER,
    );
    const threadId = started.startMessageThread.messageThread.id;
    await twice(`mutation($t: ID!) { postMessage(input: { threadId: $t, body: "Again?" }) { message { id } userErrors { code } } }`, { t: threadId }, OWNER);
    const threads = await api.gql(
      `query($t: ID!) { messageThreads { totalCount } node(id: $t) { ... on MessageThread { messages { totalCount } } } }`,
      { t: threadId },
      OWNER.token,
    );
    expect(threads.data!.messageThreads.totalCount).toBe(1);
    expect(threads.data!.node.messages.totalCount).toBe(2);
  });

  it('logWork', async () => {
    const owner = await signUp(api);
    const freelancer = await signUp(api, 'Fran');
    const companyId = await createCompany(api, owner);
    const contract = await createContract(api, owner, companyId, freelancer, []);
    expectOk(await api.gql(START, { id: contract.id }, owner.token), 'startContract');
    const today = new Date().toISOString().slice(0, 10);
    await twice(LOG_WORK, { input: { contractId: contract.id, date: today, hours: 8, memo: 'Audit' } }, freelancer);
    const logs = await api.gql(`query($id: ID!) { node(id: $id) { ... on Contract { workLogs { totalCount } } } }`, { id: contract.id }, owner.token);
    expect(logs.data!.node.workLogs.totalCount).toBe(1);
  });
});
