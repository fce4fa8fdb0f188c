import type { DataSource } from 'typeorm';
import pino from 'pino';
import { buildApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createTempDatabase } from './postgres';

let prefixes = 0;
/** Rate limits on, with these numbers, under a key prefix no other test (or parallel run) shares. */
export function rateLimitsOn(numbers: Partial<Config['rateLimits']> = {}): Config['rateLimits'] {
  prefixes += 1;
  return {
    ...loadConfig({}).rateLimits,
    keyPrefix: `workroom-test-${process.pid}-${Date.now().toString(36)}-${prefixes}`,
    ...numbers,
    enabled: true,
  };
}

declare const WORKROOM_TEST_ENGINE: 'sqlite' | 'postgres' | undefined;

/** The engine this jest project runs on (see jest.config.ts). */
export const ENGINE: 'sqlite' | 'postgres' =
  typeof WORKROOM_TEST_ENGINE === 'string' ? WORKROOM_TEST_ENGINE : 'sqlite';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
}

/**
 * Every error answer names its request (`extensions.requestId`, the `x-request-id` header): checked here
 * for every call of every test, then left out, so that tests compare answers (a stranger's and an unknown
 * id's) as they would without it.
 */
export function withoutRequestIds(errors: GqlResponse['errors'], res: Response): GqlResponse['errors'] {
  if (!errors) return errors;
  const header = res.headers.get('x-request-id');
  return errors.map((error) => {
    const { requestId, ...extensions } = error.extensions ?? {};
    if (!header || requestId !== header) {
      throw new Error(`error answer without the request id ${header}: ${JSON.stringify(error)}`);
    }
    return { ...error, extensions: extensions as { code: string } };
  });
}

export interface TestApi {
  url: string;
  db: DataSource;
  config: Config;
  /** Sends one GraphQL operation over HTTP, as `token`'s user when given. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  /** A raw HTTP request to the server. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** A real server on a fresh database, listening on a free port. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestApi & { stop(): Promise<void> }> {
  const pg = ENGINE === 'postgres' ? await createTempDatabase() : null;
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', EXECUTOR: process.env.EXECUTOR }),
    database: pg ? { type: 'postgres', url: pg.url } : { type: 'sqlite', file: ':memory:' },
    passwordCost: 10,
    // The mail worker's polls would land inside query-counting tests; mail tests turn it up.
    mailPollMs: 60 * 60 * 1000,
    ...overrides,
  };
  // Suites sign up hundreds of users from 127.0.0.1 in seconds: bulk seeding, which RATE_LIMITS=off is
  // for. rate-limit.test.ts turns them on (rateLimitsOn) and proves them; request limits stay on everywhere.
  if (!overrides.rateLimits) config.rateLimits = { ...config.rateLimits, enabled: false };
  const app: App = await buildApp(config, pino({ level: process.env.WORKROOM_TEST_LOG ?? 'silent' }));
  const url = await app.listen(0, '127.0.0.1');
  const fetchPath = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    url,
    db: app.db,
    config,
    fetch: fetchPath,
    async gql(query, variables, token) {
      const res = await fetchPath('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: GqlResponse['errors'] };
      return { status: res.status, headers: res.headers, data: (body.data ?? null) as never, errors: withoutRequestIds(body.errors, res) };
    },
    async stop() {
      await app.stop();
      await pg?.drop();
    },
  };
}

/**
 * Starts a server before the file's tests and stops it after. The returned object is usable
 * inside tests (not at the top level, where the server does not exist yet).
 */
export function useTestServer(overrides: Partial<Config> = {}): TestApi {
  let server: Awaited<ReturnType<typeof startTestServer>> | null = null;
  beforeAll(async () => {
    server = await startTestServer(overrides);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const current = () => {
    if (!server) throw new Error('the test server is not running (use it inside a test)');
    return server;
  };
  return {
    get url() {
      return current().url;
    },
    get db() {
      return current().db;
    },
    get config() {
      return current().config;
    },
    gql: (q, v, t) => current().gql(q, v, t),
    fetch: (p, i) => current().fetch(p, i),
  };
}
