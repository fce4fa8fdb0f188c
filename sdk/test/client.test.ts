import { createServer } from 'node:net';
import { useTestServer } from '../../server/test/support/server';
import {
  CompanyDocument,
  CreateCompanyDocument,
  createClient,
  UserErrorsError,
  WorkroomError,
  inputIssues,
  type CompanyRole,
  type SignUpMutation,
  type UserErrorCode,
  type WorkroomClient,
} from '../src';

const PASSWORD = 'correct horse battery';
let counter = 0;

/** Resolves to what `fn` rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SDK client', () => {
  const api = useTestServer();
  const anonymous = () => createClient({ url: `${api.url}/graphql` });

  async function signedUp(name = 'Ada Lovelace'): Promise<{ client: WorkroomClient; email: string; token: string }> {
    counter += 1;
    const email = `sdk-client-${counter}@example.com`;
    const { signUp } = await anonymous().signUp({ input: { email, password: PASSWORD, name } });
    return { client: anonymous().withToken(signUp.token), email, token: signUp.token! };
  }

  describe('operations', () => {
    it('has one camelCase method per operation, each resolving to the typed data', async () => {
      const { signUp }: SignUpMutation = await anonymous().signUp({
        input: { email: 'typed@example.com', password: PASSWORD, name: 'Typed' },
      });
      expect(signUp.userErrors).toEqual([]);
      expect(signUp.user).toMatchObject({ name: 'Typed', email: 'typed@example.com' });
      expect(typeof signUp.user!.createdAt).toBe('string');
      expect(new Date(signUp.expiresAt!).getTime()).toBeGreaterThan(Date.now());
    });

    it('sends no authorization without a token: viewer is null', async () => {
      expect(await anonymous().viewer()).toEqual({ viewer: null });
    });

    it('types enums as string unions and scalars as strings', async () => {
      const { client } = await signedUp();
      const { createCompany } = await client.createCompany({ input: { name: 'Acme' } });
      const role: CompanyRole | null = createCompany.company!.viewerRole;
      expect(role).toBe('OWNER');
      // @ts-expect-error — a role the schema does not have
      const _wrong: CompanyRole = 'ADMIN';
      const code: UserErrorCode | undefined = createCompany.userErrors[0]?.code;
      expect(code).toBeUndefined();
    });

    it('refuses misspelled fields and missing variables at compile time', async () => {
      const { client } = await signedUp();
      const { viewer } = await client.viewer();
      // @ts-expect-error — `emial` is not selected by the Viewer operation
      expect(viewer?.emial).toBeUndefined();
      // @ts-expect-error — createCompany needs `input`
      await expect(client.createCompany({})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      // @ts-expect-error — `nmae` is not a field of CreateCompanyInput
      await expect(client.createCompany({ input: { nmae: 'Acme' } })).rejects.toBeInstanceOf(WorkroomError);
    });
  });

  describe('url', () => {
    it('refuses a relative url outside a browser when the client is created', () => {
      expect(() => createClient({ url: '/graphql' })).toThrow('createClient: url must be an absolute http(s) URL here, got "/graphql"');
    });

    it('resolves a relative url against the page in a browser', async () => {
      const page = globalThis as { location?: { href: string } };
      page.location = { href: `${api.url}/app/index.html` };
      try {
        expect(await createClient({ url: '/graphql' }).viewer()).toEqual({ viewer: null });
      } finally {
        delete page.location;
      }
    });
  });

  describe('request', () => {
    it('runs a typed document: the SDK’s own, with its variables', async () => {
      const { client } = await signedUp('Request Typed');
      const { createCompany } = await client.request(CreateCompanyDocument, { input: { name: 'Typed Inc' } });
      const { company } = await client.request(CompanyDocument, { id: createCompany.company!.id });
      expect(company.name).toBe('Typed Inc');
      // @ts-expect-error — `nmae` is not selected by the Company operation
      expect(company.nmae).toBeUndefined();
      // @ts-expect-error — CompanyDocument needs `id`
      await expect(client.request(CompanyDocument, {})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('runs a string document, typed by the caller, and picks one of several operations by name', async () => {
      const { client, email } = await signedUp('Request String');
      const doc = 'query A { viewer { email } } query B { viewer { name } }';
      const a = await client.request<{ viewer: { email: string } }>(doc, undefined, { operationName: 'A' });
      const b = await client.request<{ viewer: { name: string } }>(doc, {}, { operationName: 'B' });
      expect([a.viewer.email, b.viewer.name]).toEqual([email, 'Request String']);
    });

    it('sends an unparsable string as it is and rejects with the server’s GRAPHQL_PARSE_FAILED', async () => {
      const error = (await rejectionOf(anonymous().request('query { viewer {'))) as WorkroomError;
      expect([error.code, error.status, error.operationName]).toEqual(['GRAPHQL_PARSE_FAILED', 400, 'anonymous']);
    });

    it('sends a key with a string mutation the server takes keys for, and none with others', async () => {
      const { client, token } = await signedUp('Request Keys');
      const seen: (string | null)[] = [];
      const watched = client.withDefaults({
        token,
        fetch: async (input, init) => {
          seen.push(new Headers(init?.headers).get('idempotency-key'));
          return fetch(input, init);
        },
      });
      const made = await watched.request<{ createCompany: { company: { id: string } } }>(
        'mutation Make { createCompany(input: { name: "Keyed" }) { company { id } } }',
      );
      await watched.request('mutation Team($id: ID!) { createTeam(input: { companyId: $id, name: "T" }) { team { id } } }', {
        id: made.createCompany.company.id,
      });
      await watched.request('query { viewer { id } }');
      expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.slice(1)).toEqual([null, null]);
    });
  });

  describe('authentication', () => {
    it('withToken returns a signed-in client and leaves the original anonymous', async () => {
      const { email, token } = await signedUp('Grace Hopper');
      const client = anonymous();
      const grace = client.withToken(token);
      expect((await grace.viewer()).viewer).toMatchObject({ name: 'Grace Hopper', email });
      expect((await client.viewer()).viewer).toBeNull();
      expect((await grace.withToken(null).viewer()).viewer).toBeNull();
    });

    it('is immutable: a client cannot be changed, only derived', async () => {
      const { email } = await signedUp('Alan Turing');
      const client = anonymous();
      const { logIn } = await client.logIn({ input: { email, password: PASSWORD } });
      expect(Object.isFrozen(client)).toBe(true);
      expect('setToken' in client).toBe(false);
      const alan = client.withDefaults({ token: logIn.token });
      expect((await alan.viewer()).viewer?.email).toBe(email);
      expect((await client.viewer()).viewer).toBeNull();
    });

    it('withDefaults keeps the current token and replaces the options given', async () => {
      const { client } = await signedUp('Edsger Dijkstra');
      const strict = client.withDefaults({ throwOnUserErrors: true });
      expect((await strict.viewer()).viewer?.name).toBe('Edsger Dijkstra');
    });

    it('sends the client headers, the token, then the call headers, the latter winning', async () => {
      const seen: Headers[] = [];
      const { token } = await signedUp();
      const client = createClient({
        url: `${api.url}/graphql`,
        token,
        headers: { 'x-request-id': 'from-client', 'x-app': 'tests' },
        fetch: async (input, init) => {
          seen.push(new Headers(init?.headers));
          return fetch(input, init);
        },
      });
      const res = await client.viewer(undefined, { headers: { 'x-request-id': 'from-call' } });
      expect(res.viewer).not.toBeNull();
      expect(seen[0].get('authorization')).toBe(`Bearer ${token}`);
      expect(seen[0].get('x-app')).toBe('tests');
      expect(seen[0].get('x-request-id')).toBe('from-call');
      const anonymousCall = await client.viewer(undefined, { headers: { authorization: 'Bearer wr_not-a-token' } });
      expect(anonymousCall.viewer).toBeNull();
    });
  });

  describe('errors', () => {
    it('throws a WorkroomError with the code, the errors and the HTTP status', async () => {
      const error = await rejectionOf(anonymous().company({ id: 'Q29tcGFueTpub3BlCg' }));
      expect(error).toBeInstanceOf(WorkroomError);
      expect(error).toMatchObject({
        name: 'WorkroomError',
        code: 'UNAUTHENTICATED',
        operationName: 'Company',
        status: 200,
        data: null,
        errors: [{ message: 'You must be signed in to do this', path: ['company'], extensions: { code: 'UNAUTHENTICATED' } }],
      });
      expect((error as Error).message).toBe('You must be signed in to do this');
    });

    it('carries the partial data the server returned beside the errors', async () => {
      const { client } = await signedUp();
      const { createCompany } = await client.createCompany({ input: { name: 'Partial' } });
      const id = createCompany.company!.id;
      const error = (await rejectionOf(client.nodes({ ids: [id, 'bm90IGFuIGlk'] }))) as WorkroomError;
      expect(error.code).toBe('NOT_FOUND');
      expect(error.errors.map((e) => e.path)).toEqual([['nodes', 1]]);
      expect(error.data).toEqual({ nodes: [{ id, __typename: 'Company' }, null] });
    });

    it('reports invalid input as BAD_USER_INPUT without echoing variables (passwords) anywhere', async () => {
      const error = (await rejectionOf(
        anonymous().signUp({ input: { email: 'not an email', password: 'short-secret', name: 'X' } }),
      )) as WorkroomError;
      expect(error.code).toBe('BAD_USER_INPUT');
      const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: String(error.cause) });
      expect(everything).not.toContain('short-secret');
    });

    it('reads which inputs BAD_USER_INPUT refused with inputIssues, and the request id beside it', async () => {
      const error = (await rejectionOf(
        anonymous().signUp({ input: { email: 'not an email', password: 'short-secret', name: 'X' } }),
      )) as WorkroomError;
      expect(inputIssues(error)).toEqual([{ field: ['email'], message: 'email must be a valid email address' }]);
      expect(error.requestId).toMatch(/^[\w.-]{1,64}$/);
      expect(error.errors[0].extensions?.requestId).toBe(error.requestId);
      const notFound = new WorkroomError('x', { code: 'NOT_FOUND', operationName: 'Company', errors: [{ message: 'x', extensions: { code: 'NOT_FOUND' } }] });
      expect(inputIssues(notFound)).toEqual([]);
    });

    it('returns user errors in the payload by default', async () => {
      const { email } = await signedUp();
      const { signUp } = await anonymous().signUp({ input: { email: email.toUpperCase(), password: PASSWORD, name: 'Twin' } });
      expect(signUp.token).toBeNull();
      expect(signUp.userErrors).toEqual([{ code: 'EMAIL_TAKEN', field: ['input', 'email'], message: expect.any(String) }]);
    });

    it('throws a typed UserErrorsError for user errors with throwOnUserErrors', async () => {
      const { email } = await signedUp();
      const strict = createClient({ url: `${api.url}/graphql`, throwOnUserErrors: true });
      const error = await rejectionOf(strict.signUp({ input: { email, password: PASSWORD, name: 'Twin' } }));
      expect(error).toBeInstanceOf(UserErrorsError);
      expect(error).toBeInstanceOf(WorkroomError);
      const { userErrors, code, operationName, data } = error as UserErrorsError;
      const first: UserErrorCode = userErrors[0].code;
      expect(first).toBe('EMAIL_TAKEN');
      expect(code).toBe('EMAIL_TAKEN');
      expect(operationName).toBe('SignUp');
      expect(userErrors).toEqual([{ code: 'EMAIL_TAKEN', field: ['input', 'email'], message: expect.any(String) }]);
      expect(data).toMatchObject({ signUp: { token: null, user: null } });
    });

    it('returns successful mutations normally with throwOnUserErrors', async () => {
      const { client } = await signedUp();
      const strict = client.withDefaults({ throwOnUserErrors: true });
      const { createCompany } = await strict.createCompany({ input: { name: 'Fine' } });
      expect(createCompany.company?.name).toBe('Fine');
    });

    it('surfaces a refused connection as NETWORK_ERROR with the cause', async () => {
      const offline = createClient({ url: `http://127.0.0.1:${await closedPort()}/graphql` });
      const error = (await rejectionOf(offline.viewer())) as WorkroomError;
      expect(error).toBeInstanceOf(WorkroomError);
      expect(error.code).toBe('NETWORK_ERROR');
      expect(error.status).toBeUndefined();
      // fetch's own error (undici's TypeError comes from another realm than jest's).
      expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
      expect(error.message).toContain('Viewer');
    });

    it('surfaces an aborted request as ABORTED with the cause', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = (await rejectionOf(anonymous().viewer(undefined, { signal: controller.signal }))) as WorkroomError;
      expect(error.code).toBe('ABORTED');
      expect((error.cause as Error).name).toBe('AbortError');
    });

    it('surfaces a non-GraphQL HTTP error as HTTP_ERROR with its status', async () => {
      const proxy = createClient({
        url: `${api.url}/graphql`,
        fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      });
      const error = (await rejectionOf(proxy.viewer())) as WorkroomError;
      expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 502, errors: [], data: null });
    });

    it('surfaces a 2xx answer that is not GraphQL as BAD_RESPONSE with the cause', async () => {
      const weird = createClient({
        url: `${api.url}/graphql`,
        fetch: async () => new Response('hello', { status: 200, headers: { 'content-type': 'text/plain' } }),
      });
      const error = (await rejectionOf(weird.viewer())) as WorkroomError;
      expect(error.code).toBe('BAD_RESPONSE');
      expect(error.cause).toBeInstanceOf(Error);
    });

    it('reports the HTTP status of transport-level refusals (a malformed request)', async () => {
      const raw = createClient({
        url: `${api.url}/graphql`,
        fetch: (input, init) => fetch(input, { ...init, body: '{"query": ' }),
      });
      const error = (await rejectionOf(raw.viewer())) as WorkroomError;
      expect(error.status).toBe(400);
      expect(error.code).toBe('BAD_REQUEST');
    });
  });
});
