import fs from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Session } from '../src/account/session.entity';
import { loadConfig } from '../src/config';
import { MAX_REPEATS, MAX_SELECTIONS } from '../src/limits';
import { expectError, signUp, type Account } from './support/fixtures';
import { startTestServer, useTestServer, type GqlResponse, type TestApi } from './support/server';

const DEFAULTS = loadConfig({}).limits;

/** POSTs a raw body to /graphql; returns the status, headers and parsed JSON. */
async function post(api: TestApi, body: string, headers: Record<string, string> = {}) {
  const res = await api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: unknown; errors?: GqlResponse['errors'] } };
}

/** The extensions of the only error, which must be QUERY_TOO_COMPLEX with HTTP 400. */
function tooComplex(res: GqlResponse) {
  expect(res.status).toBe(400);
  expect(res.data).toBeNull();
  return expectError(res, 'QUERY_TOO_COMPLEX').extensions;
}

/**
 * Finding 4 of issue 9: `levels` fragments, each selecting the next one under two aliases through
 * companies(first: 100) → members(first: 100) → user. Executed, it would load 2^12 × 100 × 100 users.
 */
function fragmentBomb(levels = 12, root = 'query { viewer { ...F1 } }'): string {
  const fragments = Array.from({ length: levels }, (_, i) => {
    const inner = i + 1 < levels ? `...F${i + 2}` : 'id name';
    const branch = `companies(first: 100) { edges { node { members(first: 100) { edges { node { user { ${inner} } } } } } } }`;
    return `fragment F${i + 1} on User { a: ${branch} b: ${branch} }`;
  });
  return `${root} ${fragments.join(' ')}`;
}

/** A query nested exactly `depth` levels deep (viewer → companies → … → name). */
function nested(depth: number): string {
  // viewer(1) companies(2) nodes(3) members(4) nodes(5) user(6) companies(7) nodes(8) members(9) nodes(10) user(11) …
  // One item per page keeps the cost low: this is about depth alone.
  const steps = ['companies(first: 1)', 'nodes', 'members(first: 1)', 'nodes', 'user'];
  const leaves = ['totalCount', 'id', 'totalCount', 'id', 'id'];
  let body = depth > 2 ? leaves[(depth - 3) % leaves.length] : 'id';
  for (let level = depth - 1; level >= 2; level -= 1) body = `${steps[(level - 2) % steps.length]} { ${body} }`;
  return `query { viewer { ${body} } }`;
}

/**
 * The analyst's whole-company pull (issue 9): 100 companies × 20 contracts × their tasks, plus 10
 * members each: 24,101 objects by the cost model (unpaginated task lists count as 10).
 */
const WHOLE_COMPANY_PULL = `query WholeCompanyPull {
  viewer {
    companies(first: 100) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id name viewerRole
        contracts(first: 20) { totalCount edges { node {
          id title status startedAt
          onboardingProgress { total completed required requiredCompleted }
          onboardingTasks { id type title status dueDate overdue }
        } } }
        members(first: 10) { totalCount edges { node { id role user { id name email } } } }
      } }
    }
  }
}`;

describe('Request limits', () => {
  const api = useTestServer();
  let analyst: Account;

  beforeAll(async () => {
    analyst = await signUp(api, 'Ana Analyst');
  });

  const companiesOf = async (who: Account) =>
    (await api.gql(`{ viewer { companies { totalCount } } }`, {}, who.token)).data?.viewer.companies.totalCount;

  describe('the exponential fragment query (finding 4)', () => {
    it('is refused with QUERY_TOO_COMPLEX before any resolver runs', async () => {
      const query = fragmentBomb();
      expect(query.length).toBeLessThan(3000);
      const res = await api.gql(query, {}, analyst.token);
      expect(tooComplex(res)).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: DEFAULTS.depth, actual: 86 });
    });

    it('inside a mutation changes nothing: the mutation never ran', async () => {
      const before = await companiesOf(analyst);
      const query = fragmentBomb(12, `mutation { createCompany(input: { name: "Bomb Inc" }) { company { members { nodes { user { ...F1 } } } } } }`);
      const res = await api.gql(query, {}, analyst.token);
      expect(tooComplex(res).limit).toBe('depth');
      expect(await companiesOf(analyst)).toBe(before);
    });

    it('is still refused by the alias count when the depth limit is raised, and by its expanded size when both are', async () => {
      const raised = { ...DEFAULTS, depth: 1000 };
      const deep = await startTestServer({ limits: raised });
      const deeper = await startTestServer({ limits: { ...raised, aliases: 1_000_000 } });
      try {
        const user = await signUp(deep, 'Deep');
        const byAliases = tooComplex(await deep.gql(fragmentBomb(), {}, user.token));
        // 2 aliases per level, each level spread under both aliases of the one above: 2 + 4 + … + 2^12.
        expect(byAliases).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: DEFAULTS.aliases, actual: 2 ** 13 - 2 });

        const other = await signUp(deeper, 'Deeper');
        const bySize = tooComplex(await deeper.gql(fragmentBomb(), {}, other.token));
        // Expanded, it has more selections than the checks visit (10,000): refused without counting further.
        expect(bySize).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'selections', max: MAX_SELECTIONS, actual: null });
      } finally {
        await deep.stop();
        await deeper.stop();
      }
    });
  });

  describe('aliased logIn (finding 5)', () => {
    it('refuses 40 logIn aliases in one request without trying one password', async () => {
      const victim = await signUp(api, 'Vic Victim');
      const sessions = () => api.db.getRepository(Session).countBy({});
      const logIns = () => api.db.getRepository(AuditEvent).countBy({ action: 'account.log_in' });
      const [sessionsBefore, logInsBefore] = [await sessions(), await logIns()];
      const guesses = Array.from(
        { length: 40 },
        (_, i) => `g${i}: logIn(input: { email: "${victim.email}", password: "${i === 39 ? 'correct horse battery' : `guess number ${i}`}" }) { token }`,
      );
      const res = await api.gql(`mutation { ${guesses.join(' ')} }`);
      expect(tooComplex(res)).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'onePerOperation', field: 'logIn', max: 1, actual: 40 });
      expect(await sessions()).toBe(sessionsBefore);
      expect(await logIns()).toBe(logInsBefore);
    });

    it('refuses even two, also when one hides in a fragment on Mutation', async () => {
      const res = await api.gql(`mutation { logIn(input: { email: "a@example.com", password: "x" }) { token } ...Again }
        fragment Again on Mutation { again: logIn(input: { email: "a@example.com", password: "y" }) { token } }`);
      expect(tooComplex(res)).toMatchObject({ limit: 'onePerOperation', field: 'logIn', actual: 2 });
    });

    it('refuses two acceptInvitation and two signUp in one operation', async () => {
      const accepts = await api.gql(
        `mutation { a: acceptInvitation(input: { token: "x" }) { userErrors { code } } b: acceptInvitation(input: { token: "y" }) { userErrors { code } } }`,
        {},
        analyst.token,
      );
      expect(tooComplex(accepts)).toMatchObject({ limit: 'onePerOperation', field: 'acceptInvitation', actual: 2 });
      const signUps = await api.gql(
        `mutation { a: signUp(input: { email: "a1@example.com", password: "long enough pw", name: "A" }) { token }
                    b: signUp(input: { email: "a2@example.com", password: "long enough pw", name: "B" }) { token } }`,
      );
      expect(tooComplex(signUps)).toMatchObject({ limit: 'onePerOperation', field: 'signUp', actual: 2 });
    });

    it('still lets one logIn through', async () => {
      const res = await api.gql(`mutation { logIn(input: { email: "${analyst.email}", password: "correct horse battery" }) { token } }`);
      expect(res.status).toBe(200);
      expect(res.data?.logIn.token).toEqual(expect.any(String));
    });
  });

  describe('depth', () => {
    it(`admits ${DEFAULTS.depth} levels and refuses ${DEFAULTS.depth + 1}`, async () => {
      const ok = await api.gql(nested(DEFAULTS.depth), {}, analyst.token);
      expect(ok.status).toBe(200);
      expect(ok.errors).toBeUndefined();
      const res = await api.gql(nested(DEFAULTS.depth + 1), {}, analyst.token);
      expect(tooComplex(res)).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: DEFAULTS.depth, actual: DEFAULTS.depth + 1 });
    });

    it('counts levels inside fragments and inline fragments where they are spread', async () => {
      const query = `query { viewer { ...A } } fragment A on User { companies { nodes { ... on Company { ...B } } } }
        fragment B on Company { members { nodes { user { ...A } } } }`;
      // A cycle is refused by validation itself, before the limits look at it.
      expect(expectError(await api.gql(query, {}, analyst.token), 'GRAPHQL_VALIDATION_FAILED').message).toMatch(/Cannot spread fragment "A" within itself/);
      const viaFragments = `query { viewer { ...A } } fragment A on User { companies { nodes { ... on Company { ...B } } } }
        fragment B on Company { members { nodes { user { companies { nodes { members { nodes { user { companies { nodes { id } } } } } } } } } } }`;
      expect(tooComplex(await api.gql(viaFragments, {}, analyst.token))).toMatchObject({ limit: 'depth', actual: 14 });
    });

    it("admits the IDE's introspection query (15 levels of type references)", async () => {
      const res = await api.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), {}, analyst.token);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data?.__schema.queryType.name).toBe('Query');
    });
  });

  describe('aliases', () => {
    const aliased = (n: number) => `query { ${Array.from({ length: n }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`;

    it(`admits ${DEFAULTS.aliases} aliases and refuses ${DEFAULTS.aliases + 1}`, async () => {
      const ok = await api.gql(aliased(DEFAULTS.aliases), {}, analyst.token);
      expect(ok.errors).toBeUndefined();
      expect(ok.data?.v0.id).toBe(analyst.id);
      const res = await api.gql(aliased(DEFAULTS.aliases + 1), {}, analyst.token);
      expect(tooComplex(res)).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: DEFAULTS.aliases, actual: DEFAULTS.aliases + 1 });
    });

    it('counts aliases inside introspection too', async () => {
      const res = await api.gql(`{ __schema { ${Array.from({ length: 16 }, (_, i) => `t${i}: types { name }`).join(' ')} } }`, {}, analyst.token);
      expect(tooComplex(res)).toMatchObject({ limit: 'aliases', actual: 16 });
    });
  });

  describe('repeated fields', () => {
    it('refuses one field selected 250 times before validation (which is quadratic in them) runs', async () => {
      const before = await companiesOf(analyst);
      const repeats = Array.from({ length: 250 }, () => 'company { members { nodes { id } } }').join(' ');
      const res = await api.gql(`mutation { createCompany(input: { name: "Repeats" }) { ${repeats} } }`, {}, analyst.token);
      expect(tooComplex(res)).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'repeatedFields',
        field: 'createCompany.company',
        max: MAX_REPEATS,
        actual: 250,
      });
      expect(await companiesOf(analyst)).toBe(before);
    });

    it('counts repeats that arrive through different fragments, and admits a field repeated a few times', async () => {
      const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on User { companies { totalCount } }`);
      const query = `query { viewer { ${fragments.map((_, i) => `...F${i}`).join(' ')} } } ${fragments.join(' ')}`;
      expect(tooComplex(await api.gql(query, {}, analyst.token))).toMatchObject({ limit: 'repeatedFields', field: 'viewer.companies' });
      const few = `query { viewer { id ...A ...B ... on User { id name } } } fragment A on User { id name } fragment B on User { id email }`;
      expect((await api.gql(few, {}, analyst.token)).data?.viewer.id).toBe(analyst.id);
    });
  });

  describe('tokens', () => {
    it(`refuses a document of more than ${DEFAULTS.tokens} tokens while parsing it`, async () => {
      // A token bomb: a valid-looking query padded with thousands of tokens (here, directives on one field).
      const padding = Array.from({ length: DEFAULTS.tokens }, () => '@skip(if: false)').join(' ');
      const res = await api.gql(`query { viewer ${padding} { id } }`, {}, analyst.token);
      expect(tooComplex(res)).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: DEFAULTS.tokens, actual: null });
      expect(res.errors![0].message).toBe(`Query has more than ${DEFAULTS.tokens} tokens; the limit is ${DEFAULTS.tokens}`);
    });

    it('parses every documented SDK operation within the token, depth and alias limits', async () => {
      const dir = path.join(__dirname, '../../sdk/operations');
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql'));
      const throwaway = await signUp(api, 'Throwaway');
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const source = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const [, name] of source.matchAll(/^(?:query|mutation) (\w+)/gm)) {
          // Variables are left out: the answer is about them (BAD_USER_INPUT), never about the limits.
          // A throwaway account, because LogOut (which takes no variables) really signs out.
          const res = await post(api, JSON.stringify({ query: source, operationName: name }), { authorization: `Bearer ${throwaway.token}` });
          const codes = (res.body.errors ?? []).map((e) => e.extensions.code);
          expect({ name, codes: codes.filter((c) => c === 'QUERY_TOO_COMPLEX' || c === 'GRAPHQL_PARSE_FAILED') }).toEqual({ name, codes: [] });
        }
      }
    });
  });

  describe('cost', () => {
    it("admits the analyst's whole-company pull (100 companies × 20 contracts × tasks + 10 members each)", async () => {
      const res = await api.gql(WHOLE_COMPANY_PULL, {}, analyst.token);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data?.viewer.companies.edges).toEqual(expect.any(Array));
    });

    it('refuses the same pull with 100 contracts per company, naming the estimated cost', async () => {
      const res = await api.gql(WHOLE_COMPANY_PULL.replace('contracts(first: 20)', 'contracts(first: 100)'), {}, analyst.token);
      // viewer + 100 × (company + 100 contracts × (1 + 10 tasks) + 10 × (member + user)) = 112,101.
      expect(tooComplex(res)).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: DEFAULTS.cost, actual: 112_101 });
    });

    it('reads first/last from variables, and counts a connection without them as 20', async () => {
      const query = `query($n: Int) { viewer { companies(first: $n) { nodes { contracts(first: 100) { nodes { onboardingTasks { id } } } } } } }`;
      // viewer + n × (company + 100 × (contract + 10 tasks)): 45 fit, 46 do not.
      expect((await api.gql(query, { n: 45 }, analyst.token)).errors).toBeUndefined();
      expect(tooComplex(await api.gql(query, { n: 46 }, analyst.token))).toMatchObject({ limit: 'cost', actual: 1 + 46 * 1101 });
      const unpaged = `{ viewer { companies { nodes { contracts(first: 100) { nodes { onboardingTasks { owner { companies(first: 2) { nodes { id } } } } } } } } } }`;
      // viewer + 20 × (company + 100 × (contract + 10 × (task + owner + 2 companies))).
      expect(tooComplex(await api.gql(unpaged, {}, analyst.token))).toMatchObject({ limit: 'cost', actual: 1 + 20 * (1 + 100 * 41) });
    });

    it('leaves wrongly typed variables to the usual BAD_USER_INPUT', async () => {
      const res = await api.gql(`query($n: Int) { viewer { companies(first: $n) { totalCount } } }`, { n: 'many' }, analyst.token);
      expect(res.status).toBe(400);
      expectError(res, 'BAD_USER_INPUT');
    });
  });

  describe('the HTTP envelope', () => {
    it(`answers a body over ${DEFAULTS.bodyBytes} bytes with 413 PAYLOAD_TOO_LARGE`, async () => {
      const res = await post(api, JSON.stringify({ query: '{ viewer { id } }', variables: { pad: 'x'.repeat(DEFAULTS.bodyBytes) } }));
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        errors: [
          {
            message: 'Request body is too large',
            extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', max: DEFAULTS.bodyBytes, requestId: expect.any(String) },
          },
        ],
      });
    });

    it('refuses a batch (an array of operations) with 400 BAD_REQUEST and runs none of them', async () => {
      const before = await companiesOf(analyst);
      const create = { query: 'mutation { createCompany(input: { name: "Batched" }) { company { id } } }' };
      const res = await post(api, JSON.stringify([create, create]), { authorization: `Bearer ${analyst.token}` });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => [e.extensions.code, e.message])).toEqual([['BAD_REQUEST', 'Operation batching disabled.']]);
      expect(await companiesOf(analyst)).toBe(before);
    });

    it('refuses a mutation sent with GET (405, Allow: POST) and does not run it', async () => {
      const before = await companiesOf(analyst);
      const query = encodeURIComponent('mutation { createCompany(input: { name: "Via GET" }) { company { id } } }');
      const res = await api.fetch(`/graphql?query=${query}`, {
        headers: { authorization: `Bearer ${analyst.token}`, 'apollo-require-preflight': 'true' },
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      const body = (await res.json()) as { errors: GqlResponse['errors'] };
      expect(body.errors?.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
      expect(await companiesOf(analyst)).toBe(before);
    });

    it('refuses a simple (CSRF-able) request: text/plain body or GET without a preflight header', async () => {
      const before = await companiesOf(analyst);
      const plain = await api.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${analyst.token}` },
        body: JSON.stringify({ query: 'mutation { createCompany(input: { name: "Plain" }) { company { id } } }' }),
      });
      expect(plain.status).toBe(400);
      expect(((await plain.json()) as { errors: GqlResponse['errors'] }).errors?.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
      const get = await api.fetch(`/graphql?query=${encodeURIComponent('{ viewer { id } }')}`);
      expect(get.status).toBe(400);
      expect(await companiesOf(analyst)).toBe(before);
    });

    it('answers malformed JSON with a JSON 400, not an HTML page', async () => {
      const res = await post(api, '{"query": ');
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    });
  });
});

describe('Field suggestions', () => {
  const misspelt = '{ viewr { id } }';

  it('are given outside production', async () => {
    const dev = await startTestServer({ nodeEnv: 'development' });
    try {
      const res = await dev.gql(misspelt);
      expect(expectError(res, 'GRAPHQL_VALIDATION_FAILED').message).toBe('Cannot query field "viewr" on type "Query". Did you mean "viewer"?');
    } finally {
      await dev.stop();
    }
  });

  it('are hidden in production, which still answers a clean 400 validation error', async () => {
    const prod = await startTestServer({ nodeEnv: 'production' });
    try {
      const res = await prod.gql(misspelt);
      expect(res.status).toBe(400);
      expect(expectError(res, 'GRAPHQL_VALIDATION_FAILED').message).toBe('Cannot query field "viewr" on type "Query".');
    } finally {
      await prod.stop();
    }
  });
});

describe('Limit configuration', () => {
  it('has defaults that admit every documented query, and reads each LIMIT_* variable', () => {
    expect(loadConfig({}).limits).toEqual({ depth: 12, aliases: 15, tokens: 3000, cost: 50_000, bodyBytes: 1024 * 1024 });
    expect(
      loadConfig({ LIMIT_DEPTH: '20', LIMIT_ALIASES: '30', LIMIT_TOKENS: '10000', LIMIT_COST: '500000', LIMIT_BODY_BYTES: '2048' }).limits,
    ).toEqual({ depth: 20, aliases: 30, tokens: 10_000, cost: 500_000, bodyBytes: 2048 });
  });

  it('stops start-up with one line on a bad value', () => {
    expect(() => loadConfig({ LIMIT_DEPTH: 'deep' })).toThrow('LIMIT_DEPTH="deep" must be a positive whole number');
    expect(() => loadConfig({ LIMIT_COST: '0' })).toThrow('LIMIT_COST="0" must be a positive whole number');
  });
});
