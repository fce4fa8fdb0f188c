import { Writable } from 'node:stream';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { buildApp, type App } from '../src/app';
import { serializeError } from '../src/common/logger';
import { loadConfig } from '../src/config';
import { createCompany, randomId, signUp } from './support/fixtures';
import { ENGINE, type TestApi } from './support/server';

describe('Internal errors in the logs', () => {
  it('keep the message, the driver code and the start of the query, never the parameters', () => {
    const parameters = Array.from({ length: 40_000 }, (_, i) => `secret-${i}`);
    const query = `SELECT * FROM "contracts" WHERE "status" IN (${parameters.map(() => '?').join(', ')})`;
    const error = new QueryFailedError(query, parameters, Object.assign(new Error('too many SQL variables'), { code: 'SQLITE_ERROR' }));
    const logged = serializeError(error) as Record<string, unknown>;
    expect(logged).toMatchObject({ type: 'QueryFailedError', message: 'too many SQL variables', code: 'SQLITE_ERROR' });
    expect(logged).not.toHaveProperty('parameters');
    expect(logged).not.toHaveProperty('driverError');
    expect(String(logged.query)).toMatch(/^SELECT \* FROM "contracts" WHERE "status" IN \(\?, .*… \(\d+ characters\)$/);
    expect(JSON.stringify(logged)).not.toContain('secret-');
    expect(JSON.stringify(logged).length).toBeLessThan(3000);
  });

  // SQLite only: a renamed table makes every query of it fail inside a real request.
  (ENGINE === 'sqlite' ? it : it.skip)('log a failing statement of a real request in one short line, and mask it for the client', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: { type: 'sqlite' as const, file: ':memory:' }, passwordCost: 10, mailPollMs: 3_600_000 };
    const app: App = await buildApp(config, pino({ level: 'error' }, sink));
    try {
      const url = await app.listen(0, '127.0.0.1');
      const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] } };
      };
      const api = { gql: async (q: string, v?: Record<string, unknown>, t?: string) => {
        const r = await gql(q, v ?? {}, t);
        return { status: r.status, headers: new Headers(), data: (r.body as { data?: never }).data ?? null, errors: r.body.errors as never };
      } } as unknown as TestApi;
      const owner = await signUp(api, 'Log Reader');
      await createCompany(api, owner);
      await app.db.query('ALTER TABLE "teams" RENAME TO "teams_gone"');
      const ids = Array.from({ length: 100 }, () => randomId('Team'));
      const res = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, owner.token);
      expect(res.status).toBe(200);
      expect(new Set(res.body.errors?.map((e) => `${e.extensions.code}: ${e.message}`))).toEqual(new Set(['INTERNAL_SERVER_ERROR: Internal server error']));
      const internal = lines.filter((l) => l.includes('"internal error"'));
      expect(internal.length).toBeGreaterThan(0);
      for (const line of internal) {
        expect(line.length).toBeLessThan(4000);
        const entry = JSON.parse(line) as { err: Record<string, unknown> };
        expect(entry.err).toMatchObject({ type: 'QueryFailedError', code: 'SQLITE_ERROR' });
        expect(entry.err.message).toMatch(/no such table/);
        expect(entry.err).not.toHaveProperty('parameters');
      }
    } finally {
      await app.stop();
    }
  });

  (ENGINE === 'sqlite' ? it : it.skip)('write one access line per request, with its id and status and without its headers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: { type: 'sqlite' as const, file: ':memory:' }, passwordCost: 10, mailPollMs: 3_600_000 };
    const app: App = await buildApp(config, pino({ level: 'info' }, sink));
    try {
      const url = await app.listen(0, '127.0.0.1');
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token-value', 'x-request-id': 'trace-42' },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
      expect(res.headers.get('x-request-id')).toBe('trace-42');
      expect(res.status).toBe(200);
      await fetch(`${url}/healthz`);
      const bad = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'not a valid id!' }, body: '{' });
      expect(bad.status).toBe(400);
      const generated = bad.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setImmediate(resolve));

      const access = lines.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.msg === 'request completed');
      expect(access.map((l) => [l.req.id, l.req.method, l.req.url, l.res.statusCode])).toEqual([
        ['trace-42', 'POST', '/graphql', 200],
        [generated, 'POST', '/graphql', 400],
      ]);
      for (const line of access) expect(typeof line.responseTime).toBe('number');
      expect(lines.join('\n')).not.toContain('secret-token-value');
    } finally {
      await app.stop();
    }
  });
});
