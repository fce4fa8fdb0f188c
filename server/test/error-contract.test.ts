import { companyWithEveryRole, expectError, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

/** A raw POST /graphql, without the harness (which checks and then drops `requestId`). */
async function raw(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as { errors?: { message: string; extensions: Record<string, unknown> }[] };
  return { status: res.status, header: res.headers.get('x-request-id'), errors: json.errors ?? [] };
}

const START = `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } } }`;
const MEMBERS = `query($id: ID!, $first: Int) { company(id: $id) { members(first: $first) { totalCount } } }`;
const AUDIT = `query($id: ID!, $action: String) { company(id: $id) { auditLog(first: 1, action: $action) { totalCount } } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token } }`;

describe('the error contract', () => {
  const api = useTestServer();
  let crew: Crew;
  beforeAll(async () => {
    crew = await companyWithEveryRole(api);
  });

  describe('request id', () => {
    it('puts the x-request-id of the answer on every GraphQL error, whatever refused it', async () => {
      const auth = { authorization: `Bearer ${crew.OWNER.token}` };
      const answers = await Promise.all([
        raw(api.url, { query: '{ node(id: "x") { id } }' }), // UNAUTHENTICATED, from the resolver
        raw(api.url, { query: '{ viewer { id ' }), // GRAPHQL_PARSE_FAILED, before any resolver
        raw(api.url, { query: '{ viewer { nope } }' }, auth), // GRAPHQL_VALIDATION_FAILED
        raw(api.url, { query: MEMBERS, variables: { id: crew.companyId, first: 101 } }, auth), // BAD_USER_INPUT (badInput)
        raw(api.url, { query: MEMBERS, variables: { id: crew.companyId, first: 'many' } }, auth), // BAD_USER_INPUT (variable coercion)
        raw(api.url, { query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }` }, auth), // QUERY_TOO_COMPLEX
      ]);
      expect(answers.map((a) => a.errors.map((e) => e.extensions.code))).toEqual([
        ['UNAUTHENTICATED'],
        ['GRAPHQL_PARSE_FAILED'],
        ['GRAPHQL_VALIDATION_FAILED'],
        ['BAD_USER_INPUT'],
        ['BAD_USER_INPUT'],
        ['QUERY_TOO_COMPLEX'],
      ]);
      for (const answer of answers) {
        expect(answer.header).toMatch(/^[\w.-]{1,64}$/);
        expect(answer.errors.map((e) => e.extensions.requestId)).toEqual([answer.header]);
      }
      expect(new Set(answers.map((a) => a.header)).size).toBe(answers.length);
    });

    it('echoes a well-formed x-request-id the client sent, on the header and on the error', async () => {
      const answer = await raw(api.url, { query: '{ node(id: "x") { id } }' }, { 'x-request-id': 'trace-42.a' });
      expect([answer.header, answer.errors[0].extensions.requestId]).toEqual(['trace-42.a', 'trace-42.a']);
      const forged = await raw(api.url, { query: '{ node(id: "x") { id } }' }, { 'x-request-id': 'no spaces <allowed>' });
      expect(forged.header).not.toBe('no spaces <allowed>');
      expect(forged.errors[0].extensions.requestId).toBe(forged.header);
    });

    it('puts it on REST error answers too (unknown route, file without a token, bad JSON)', async () => {
      const answers = await Promise.all([
        api.fetch('/nope'),
        api.fetch('/files/whatever'),
        api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      ]);
      for (const res of answers) {
        const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(body.errors[0].extensions.requestId).toBe(res.headers.get('x-request-id'));
      }
    });
  });

  describe('BAD_USER_INPUT has one shape', () => {
    const shapeOf = (extensions: Record<string, unknown>) => ({
      keys: Object.keys(extensions).sort(),
      fields: (extensions.fields as Record<string, unknown>[]).map((f) => Object.keys(f).sort()),
    });

    it('badInput and input hygiene answer alike, for an argument and inside `input`', async () => {
      const token = crew.OWNER.token;
      // badInput on an argument: `first` out of range (pagination).
      const fromBadInput = expectError(await api.gql(MEMBERS, { id: crew.companyId, first: 101 }, token), 'BAD_USER_INPUT');
      // input hygiene on an argument: a control character in `action`.
      const fromHygiene = expectError(await api.gql(AUDIT, { id: crew.companyId, action: 'a\u0001b' }, token), 'BAD_USER_INPUT');
      expect(fromBadInput.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: ['first'], message: fromBadInput.message }] });
      expect(fromHygiene.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: ['action'], message: 'action must not contain control characters' }],
      });
      expect(shapeOf(fromBadInput.extensions)).toEqual(shapeOf(fromHygiene.extensions));

      // Inside `input`: badInput (a thread with yourself) and hygiene (a NUL byte in a name) both name the
      // field from inside `input`, as class-validator does.
      const self = { companyId: crew.companyId, freelancerId: crew.OWNER.id, subject: 'Hi', body: 'Hello' };
      const inInputBadInput = expectError(await api.gql(START, { input: self }, token), 'BAD_USER_INPUT');
      const inInputHygiene = expectError(await api.gql(SIGN_UP, { input: { email: 'n@example.com', password: 'long enough pass', name: 'a\u0000b' } }), 'BAD_USER_INPUT');
      const inInputValidator = expectError(await api.gql(SIGN_UP, { input: { email: 'not-an-email', password: 'long enough pass', name: 'Al' } }), 'BAD_USER_INPUT');
      expect(inInputBadInput.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: ['freelancerId'], message: 'You cannot start a thread with yourself' }] });
      expect(inInputHygiene.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: ['name'], message: 'name must not contain control characters' }] });
      expect(inInputValidator.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: ['email'], message: 'email must be a valid email address' }] });
      expect(new Set([inInputBadInput, inInputHygiene, inInputValidator].map((e) => JSON.stringify(shapeOf(e.extensions)))).size).toBe(1);
    });

    it('gives even a variable of the wrong type (refused by GraphQL itself) a `fields` list', async () => {
      const error = expectError(await api.gql(MEMBERS, { id: crew.companyId, first: 'many' }, crew.OWNER.token), 'BAD_USER_INPUT');
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: [], message: error.message }] });
    });
  });
});
