import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestServer } from '../../server/test/support/server';
import { createClient, WorkroomError, type WorkroomClient } from '../src';
import { retryDelay } from '../src/transport';

/** What a stub server saw of one request. */
interface Seen {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: { query: string; variables?: Record<string, unknown> };
}

type Answer = (seen: Seen, index: number) => { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

/** An HTTP server answering each request as `answer` says ('drop' destroys the socket), recording what it saw. */
async function stubServer(answer: Answer) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const entry = { at: Date.now(), headers: req.headers, body: JSON.parse(text) as Seen['body'] };
      seen.push(entry);
      const reply = answer(entry, seen.length - 1);
      if (reply === 'drop') return void req.socket.destroy();
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    seen,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const VIEWER = { data: { viewer: { id: 'VXNlcjox', name: 'Stub', email: 'stub@example.com', createdAt: '2026-01-01T00:00:00.000Z' } } };
const unavailable = { status: 503, headers: { 'retry-after': '0' }, body: { errors: [{ message: 'Try again', extensions: { code: 'UNAVAILABLE' } }] } };
const rateLimited = (retryAfter: string) => ({
  status: 429,
  headers: { 'retry-after': retryAfter, 'x-request-id': 'req-429' },
  body: { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] },
});
const CONTRACT_INPUT = { input: { companyId: 'Q29tcGFueTox', freelancerId: 'VXNlcjoy', title: 'Audit' } };
const CREATED = { data: { createContract: { contract: null, userErrors: [] } } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('SDK retries (against a stub server)', () => {
  let stub: Awaited<ReturnType<typeof stubServer>> | null = null;
  afterEach(async () => {
    await stub?.close();
    stub = null;
  });
  const client = (url: string, options: Partial<Parameters<typeof createClient>[0]> = {}): WorkroomClient =>
    createClient({ url, retryDelayMs: 1, ...options });

  it('retries a query after a 503 and waits the Retry-After it was given', async () => {
    stub = await stubServer((_, i) => (i === 0 ? { ...unavailable, headers: { 'retry-after': '1' } } : { status: 200, body: VIEWER }));
    const { viewer } = await client(stub.url).viewer();
    expect(viewer?.name).toBe('Stub');
    expect(stub.seen).toHaveLength(2);
    expect(stub.seen[1].at - stub.seen[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('retries a query after a 429 and a dropped connection, then succeeds', async () => {
    stub = await stubServer((_, i) => (i === 0 ? rateLimited('0') : i === 1 ? 'drop' : { status: 200, body: VIEWER }));
    expect((await client(stub.url).viewer()).viewer?.name).toBe('Stub');
    expect(stub.seen).toHaveLength(3);
  });

  it('gives up after `retries` with the last error: code, status, retryAfter, requestId, attempts', async () => {
    stub = await stubServer(() => rateLimited('0'));
    const error = (await client(stub.url, { retries: 3 }).viewer().catch((e: unknown) => e)) as WorkroomError;
    expect(error).toBeInstanceOf(WorkroomError);
    expect([error.code, error.status, error.retryAfter, error.requestId, error.attempts]).toEqual(['RATE_LIMITED', 429, 0, 'req-429', 4]);
    expect(stub.seen).toHaveLength(4);
  });

  it('bounds the attempts whatever `retries` says', async () => {
    stub = await stubServer(() => unavailable);
    const error = (await client(stub.url, { retries: 1000 }).viewer().catch((e: unknown) => e)) as WorkroomError;
    expect(error.attempts).toBe(11);
    expect(stub.seen).toHaveLength(11);
  });

  it('does not wait for a Retry-After longer than maxRetryDelayMs: it rejects at once with retryAfter', async () => {
    stub = await stubServer(() => rateLimited('3600'));
    const error = (await client(stub.url).viewer().catch((e: unknown) => e)) as WorkroomError;
    expect([error.code, error.retryAfter, error.attempts]).toEqual(['RATE_LIMITED', 3600, 1]);
    expect(stub.seen).toHaveLength(1);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    stub = await stubServer(() => rateLimited(new Date(Date.now() + 120_000).toUTCString()));
    const error = (await client(stub.url).viewer().catch((e: unknown) => e)) as WorkroomError;
    expect(error.retryAfter).toBeGreaterThanOrEqual(119);
    expect(error.retryAfter).toBeLessThanOrEqual(120);
  });

  it('does not retry other failures (400, 500, GraphQL errors)', async () => {
    for (const status of [400, 500, 200]) {
      stub = await stubServer(() => ({ status, body: { errors: [{ message: 'no', extensions: { code: 'BAD_USER_INPUT' } }] } }));
      const error = (await client(stub.url).viewer().catch((e: unknown) => e)) as WorkroomError;
      expect([error.code, error.status, error.attempts]).toEqual(['BAD_USER_INPUT', status, 1]);
      expect(stub.seen).toHaveLength(1);
      await stub.close();
      stub = null;
    }
  });

  it('sends a mutation the server takes keys for with a new key per call, the same on each retry', async () => {
    stub = await stubServer((_, i) => (i % 2 === 0 ? unavailable : { status: 200, body: CREATED }));
    const workroom = client(stub.url);
    await workroom.createContract(CONTRACT_INPUT);
    await workroom.createContract(CONTRACT_INPUT);
    const keys = stub.seen.map((s) => s.headers['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(UUID);
    expect(keys[3]).toBe(keys[2]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('sends the caller’s key, and retries with it', async () => {
    stub = await stubServer((_, i) => (i === 0 ? 'drop' : { status: 200, body: CREATED }));
    await client(stub.url).createContract(CONTRACT_INPUT, { idempotencyKey: 'order-1' });
    expect(stub.seen.map((s) => s.headers['idempotency-key'])).toEqual(['order-1', 'order-1']);
  });

  it('never retries a mutation without a key: one the server takes none for, or with idempotencyKey: null', async () => {
    stub = await stubServer(() => unavailable);
    const workroom = client(stub.url);
    const team = (await workroom.createTeam({ input: { companyId: 'Q29tcGFueTox', name: 'Design' } }).catch((e: unknown) => e)) as WorkroomError;
    expect([team.code, team.attempts]).toEqual(['UNAVAILABLE', 1]);
    const unkeyed = (await workroom.createContract(CONTRACT_INPUT, { idempotencyKey: null }).catch((e: unknown) => e)) as WorkroomError;
    expect(unkeyed.attempts).toBe(1);
    expect(stub.seen.map((s) => s.headers['idempotency-key'])).toEqual([undefined, undefined]);
  });

  it('retries a timed-out attempt, and reports TIMEOUT when every one times out', async () => {
    stub = await stubServer(() => ({ status: 200, body: VIEWER }));
    let calls = 0;
    const hanging = client(stub.url, {
      retries: 2,
      timeoutMs: 30,
      fetch: (input, init) => {
        calls += 1;
        if (calls < 3) return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
        return fetch(input, init);
      },
    });
    expect((await hanging.viewer()).viewer?.name).toBe('Stub');
    calls = -10;
    const error = (await hanging.viewer().catch((e: unknown) => e)) as WorkroomError;
    expect([error.code, error.attempts]).toEqual(['TIMEOUT', 3]);
  });

  it('stops retrying when the signal aborts during the backoff', async () => {
    stub = await stubServer(() => ({ ...unavailable, headers: { 'retry-after': '5' } }));
    const controller = new AbortController();
    const pending = client(stub.url).viewer(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = (await pending.catch((e: unknown) => e)) as WorkroomError;
    expect(error.code).toBe('ABORTED');
    expect(stub.seen).toHaveLength(1);
  });

  it('backs off with full jitter: a random wait within base · 2^(retry−1), capped', () => {
    const options = { retryDelayMs: 100, maxRetryDelayMs: 1000 };
    for (let i = 0; i < 200; i += 1) {
      expect(retryDelay(1, undefined, options)).toBeLessThanOrEqual(100);
      expect(retryDelay(3, undefined, options)).toBeLessThanOrEqual(400);
      expect(retryDelay(10, undefined, options)).toBeLessThanOrEqual(1000);
      expect(retryDelay(2, 3, options)).toBeGreaterThanOrEqual(3000);
    }
    const spread = new Set(Array.from({ length: 20 }, () => retryDelay(4, undefined, options)));
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe('SDK retries against the real server', () => {
  const api = useTestServer();

  async function owner() {
    const anonymous = createClient({ url: `${api.url}/graphql`, throwOnUserErrors: true });
    const stamp = `${Date.now()}-${Math.random()}`;
    const { signUp } = await anonymous.signUp({ input: { email: `owner-${stamp}@example.com`, password: 'correct horse battery', name: 'Olivia' } });
    const { signUp: fran } = await anonymous.signUp({ input: { email: `fran-${stamp}@example.com`, password: 'correct horse battery', name: 'Fran' } });
    const me = anonymous.withToken(signUp.token);
    const { createCompany } = await me.createCompany({ input: { name: 'Acme' } });
    return { me, token: signUp.token!, companyId: createCompany.company!.id, freelancerId: fran.user!.id };
  }

  /**
   * A proxy in front of the server that forwards every request but, for the first one, destroys
   * the client's socket once the server has answered: the mutation committed, the client never
   * heard. It records the Idempotency-Key of each request.
   */
  async function droppingProxy() {
    const keys: (string | undefined)[] = [];
    const upstream = new URL(api.url);
    const server = http.createServer((req, res) => {
      keys.push(req.headers['idempotency-key'] as string | undefined);
      const first = keys.length === 1;
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          if (first) {
            answer.resume();
            answer.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/graphql`, keys, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('retries createContract after the connection dropped post-commit, with the same key: exactly one contract', async () => {
    const { token, companyId, freelancerId, me } = await owner();
    const proxy = await droppingProxy();
    try {
      const viaProxy = createClient({ url: proxy.url, token, retryDelayMs: 1 });
      const { createContract } = await viaProxy.createContract({ input: { companyId, freelancerId, title: 'Audit' } });
      expect(createContract.userErrors).toEqual([]);
      expect(proxy.keys).toHaveLength(2);
      expect(proxy.keys[0]).toMatch(UUID);
      expect(proxy.keys[1]).toBe(proxy.keys[0]);
      const { company } = await me.companyContracts({ companyId });
      expect(company.contracts.nodes.map((c) => c.id)).toEqual([createContract.contract!.id]);
    } finally {
      await proxy.close();
    }
  });

  it('without a key the same drop is not retried: the app learns it does not know', async () => {
    const { token, companyId, freelancerId } = await owner();
    const proxy = await droppingProxy();
    try {
      const viaProxy = createClient({ url: proxy.url, token, retryDelayMs: 1 });
      const error = (await viaProxy
        .createContract({ input: { companyId, freelancerId, title: 'Audit' } }, { idempotencyKey: null })
        .catch((e: unknown) => e)) as WorkroomError;
      expect([error.code, error.attempts]).toEqual(['NETWORK_ERROR', 1]);
      expect(proxy.keys).toEqual([undefined]);
    } finally {
      await proxy.close();
    }
  });

  it('carries the server’s request id on errors', async () => {
    const anonymous = createClient({ url: `${api.url}/graphql` });
    const error = (await anonymous.company({ id: 'Q29tcGFueTpub3Bl' }, { headers: { 'x-request-id': 'trace-123' } }).catch((e: unknown) => e)) as WorkroomError;
    expect([error.code, error.requestId]).toEqual(['UNAUTHENTICATED', 'trace-123']);
    const generated = (await anonymous.company({ id: 'Q29tcGFueTpub3Bl' }).catch((e: unknown) => e)) as WorkroomError;
    expect(generated.requestId).toMatch(/^[\w-]{8,}$/);
  });
});
