import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { serverAudits } from 'graphql-http';
import { IDE_EXAMPLES } from '../src/web/ide.examples';
import { signUp, type Account } from './support/fixtures';
import { ENGINE, useTestServer, type TestApi } from './support/server';

const ROOT = path.join(__dirname, '../..');
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPE_PROBE = '{ __type(name: "Company") { name } }';

const page = (api: TestApi, url: string, accept = BROWSER_ACCEPT) => api.fetch(url, { headers: { accept } });

/** The asset URLs a page links to (stylesheets and scripts). */
const linkedAssets = (html: string) => [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

// HTTP behaviour, not data: it runs once, on the SQLite project.
(ENGINE === 'sqlite' ? describe : describe.skip)('GraphQL IDE', () => {
  describe('in a browser', () => {
    const api = useTestServer();

    it.each(['/graphql', '/'])('serves the IDE page on GET %s to a browser, every asset from this server', async (url) => {
      const res = await page(api, url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await res.text();
      expect(html).toContain('<title>Workroom GraphQL IDE</title>');
      expect(html).not.toMatch(/(?:href|src)="(?:https?:)?\/\//);
      expect(linkedAssets(html).map((a) => a.replace(/-[A-Z0-9]{8}\./, '.'))).toEqual(['/assets/ide.css', '/assets/ide.js']);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("worker-src 'self'");
      expect(csp).not.toMatch(/https?:|\*/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });

    it('serves its assets with a year of caching, and nothing else under /assets', async () => {
      const html = await (await page(api, '/graphql')).text();
      for (const asset of linkedAssets(html)) {
        const res = await api.fetch(asset);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-type')).toMatch(asset.endsWith('.js') ? /^(text|application)\/javascript/ : /^text\/css/);
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
      }
      for (const missing of ['/assets/', '/assets/nope.js', '/assets/../package.json', '/assets/%2e%2e/package.json']) {
        const res = await api.fetch(missing);
        expect([missing, res.status]).toEqual([missing, 404]);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
    });

    it('bundles no link to a CDN or a web font into the IDE', async () => {
      const html = await (await page(api, '/graphql')).text();
      const css = await (await api.fetch(linkedAssets(html).find((a) => a.endsWith('.css'))!)).text();
      expect(css).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//);
      expect(css).not.toMatch(/@import/);
      const js = await (await api.fetch(linkedAssets(html).find((a) => a.endsWith('.js'))!)).text();
      expect(js).not.toMatch(/esm\.sh|unpkg\.com|jsdelivr|fonts\.googleapis|apollographql\.com/);
    });

    it.each([
      ['no Accept header', undefined],
      ['Accept: */*', '*/*'],
      ['Accept: application/json', 'application/json'],
      ['Accept: application/graphql-response+json', 'application/graphql-response+json'],
      ['JSON preferred over HTML', 'application/json, text/html;q=0.9'],
    ])('never hands HTML to a JSON client (%s)', async (_label, accept) => {
      // apollo-require-preflight: what a non-browser client sends to pass CSRF prevention on GET.
      const headers = { 'apollo-require-preflight': 'true', ...(accept ? { accept } : {}) };
      const res = await api.fetch('/graphql?query=%7B__typename%7D', { headers });
      expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('answers a POST from a browser with JSON, not the IDE', async () => {
      const res = await api.fetch('/graphql', {
        method: 'POST',
        headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('leaves other paths, and / for JSON clients, to the JSON 404', async () => {
      for (const [url, accept] of [['/nowhere', BROWSER_ACCEPT], ['/', 'application/json']]) {
        const res = await page(api, url, accept);
        expect([url, res.status]).toEqual([url, 404]);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
    });

    it('answers malformed paths with a JSON 4xx, not a 500', async () => {
      for (const [url, status] of [['/assets/%E0%A4%A', 404], ['/join/%E0%A4%A', 400]] as const) {
        const res = await page(api, url);
        expect([url, res.status]).toEqual([url, status]);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
    });
  });

  describe('with PLAYGROUND=off', () => {
    const api = useTestServer({ playground: false });

    it('serves no IDE: a browser on /graphql gets a JSON refusal and / a JSON 404', async () => {
      const graphql = await page(api, '/graphql');
      expect(graphql.headers.get('content-type')).toMatch(/^application\/json/);
      expect(graphql.status).toBe(400);
      const root = await page(api, '/');
      expect(root.status).toBe(404);
      expect(root.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('still answers the API and the join pages', async () => {
      expect((await api.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
      const join = await page(api, '/join/wr_unknown');
      expect(join.status).toBe(404);
      expect(await join.text()).toContain('This invitation link is not valid');
    });
  });

  describe('example operations', () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));

    it('open as tabs: sign in, my companies, pending contracts with their tasks', () => {
      const names = IDE_EXAMPLES.map((e) => /(?:query|mutation)\s+(\w+)/.exec(e.query)?.[1]);
      expect(names).toEqual(['LogIn', 'MyCompanies', 'PendingContracts']);
    });

    it.each(IDE_EXAMPLES.map((e) => [/(?:query|mutation)\s+(\w+)/.exec(e.query)![1], e]))('%s is valid against schema.graphql', (_name, example) => {
      expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
      if (example.variables) expect(() => JSON.parse(example.variables!)).not.toThrow();
    });
  });
});

(ENGINE === 'sqlite' ? describe : describe.skip)('Introspection in production', () => {
  const api = useTestServer({ nodeEnv: 'production' });
  let user: Account;

  beforeAll(async () => {
    user = await signUp(api, 'Ivy Introspector');
  });

  it.each([
    ['__schema', INTROSPECTION],
    ['__type', TYPE_PROBE],
  ])('refuses %s to anonymous callers with a validation error', async (_label, query) => {
    const res = await api.gql(query);
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => [e.extensions.code, e.message])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'Introspection needs a signed-in user: send Authorization: Bearer <token>'],
    ]);
  });

  it('refuses an unknown or revoked token like no token', async () => {
    expect((await api.gql(INTROSPECTION, undefined, 'wr_not-a-session')).errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers introspection for a signed-in user', async () => {
    const schema = await api.gql(INTROSPECTION, undefined, user.token);
    expect(schema.status).toBe(200);
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await api.gql(TYPE_PROBE, undefined, user.token)).data).toEqual({ __type: { name: 'Company' } });
  });

  it('still answers __typename and ordinary queries to anonymous callers', async () => {
    expect((await api.gql('{ __typename viewer { id } }')).data).toEqual({ __typename: 'Query', viewer: null });
  });

  it('serves the IDE in production too', async () => {
    const res = await page(api, '/graphql');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Workroom GraphQL IDE');
  });
});

(ENGINE === 'sqlite' ? describe : describe.skip)('GraphQL over HTTP (graphql-http server audit)', () => {
  const api = useTestServer({ nodeEnv: 'production' });

  /** The MUST audits that do not pass, run one after another, as `token`'s user when given. */
  async function failedMusts(token?: string): Promise<string[]> {
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const musts = serverAudits({ url: `${api.url}/graphql`, fetchFn }).filter((a) => a.name.startsWith('MUST'));
    expect(musts.length).toBeGreaterThanOrEqual(10);
    const failed: string[] = [];
    for (const audit of musts) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(result.name);
    }
    return failed;
  }

  it('passes every MUST as a signed-in user, in production', async () => {
    const user = await signUp(api, 'Audrey Auditor');
    expect(await failedMusts(user.token)).toEqual([]);
  });

  it('fails only its two __type probes when anonymous (introspection is for signed-in users)', async () => {
    expect(await failedMusts()).toEqual([
      'MUST accept utf-8 encoded request',
      'MUST allow map {variables} parameter when accepting application/json',
    ]);
  });
});
