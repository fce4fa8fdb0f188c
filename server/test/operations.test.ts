import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import type { DatabaseConfig } from '../src/config';
import { createTempDatabase } from './support/postgres';
import { startProcess } from './support/process';
import { ENGINE } from './support/server';


describe('Operations', () => {
  describe('schema migrations', () => {
    let db: DatabaseConfig;
    let drop = async () => undefined as void;
    beforeAll(async () => {
      if (ENGINE === 'postgres') {
        const pg = await createTempDatabase('workroom_migrate');
        db = { type: 'postgres', url: pg.url };
        drop = pg.drop;
      } else {
        db = { type: 'sqlite', file: ':memory:' };
      }
    });
    afterAll(() => drop());

    (ENGINE === 'sqlite' ? it : it.skip)('opens SQLite tuned for large reads: a 64 MiB page cache and temporary data in memory', async () => {
      const ds = createDataSource(db);
      await ds.initialize();
      try {
        const pragma = async (name: string) => Object.values(((await ds.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0])[0];
        expect(await pragma('cache_size')).toBe(-65536);
        expect(await pragma('temp_store')).toBe(2);
        expect(await pragma('foreign_keys')).toBe(1);
      } finally {
        await ds.destroy();
      }
    });

    it('migrates a fresh database up, leaves nothing pending, and reverts cleanly', async () => {
      const ds = createDataSource(db);
      await ds.initialize();
      try {
        const applied = await ds.runMigrations({ transaction: 'each' });
        expect(applied.length).toBeGreaterThan(0);
        const pending = await ds.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
        for (let i = 0; i < applied.length; i += 1) await ds.undoLastMigration();
        const tables: { name: string }[] =
          ENGINE === 'sqlite'
            ? await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'`)
            : await ds.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
        expect(tables).toEqual([]);
      } finally {
        await ds.destroy();
      }
    });
  });

  describe('configuration', () => {
    it('has working defaults for every variable', () => {
      const config = loadConfig({});
      expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', smtpUrl: null, nodeEnv: 'development', logLevel: 'info', publicUrl: 'http://localhost:4000' });
      expect(config.database).toEqual({ type: 'sqlite', file: path.resolve('data/workroom.sqlite') });
    });

    it('runs operations with graphql-jit unless EXECUTOR says otherwise, and sizes the PostgreSQL pool from DATABASE_POOL_SIZE', () => {
      expect(loadConfig({}).executor).toBe('jit');
      expect(loadConfig({ EXECUTOR: 'graphql-js' }).executor).toBe('graphql-js');
      expect(loadConfig({ DATABASE_URL: 'postgres://db.example/w', DATABASE_POOL_SIZE: '3' }).database).toEqual({ type: 'postgres', url: 'postgres://db.example/w', poolSize: 3 });
      expect(loadConfig({ DATABASE_URL: 'postgres://db.example/w' }).database).toEqual({ type: 'postgres', url: 'postgres://db.example/w', poolSize: 10 });
    });

    it('serves the IDE unless PLAYGROUND=off', () => {
      expect([loadConfig({}).playground, loadConfig({ PLAYGROUND: 'on' }).playground, loadConfig({ PLAYGROUND: 'off' }).playground]).toEqual([true, true, false]);
    });

    it.each([
      [{ PORT: 'abc' }, /^PORT="abc" must be a port number \(0–65535\)$/],
      [{ PORT: '70000' }, /^PORT="70000" must be a port number \(0–65535\)$/],
      [{ DATABASE_URL: 'mysql://localhost/x' }, /^DATABASE_URL="mysql:\/\/localhost\/x" must start with "sqlite:" or "postgres:\/\/"$/],
      [{ PUBLIC_URL: 'not a url' }, /^PUBLIC_URL="not a url" must be an absolute http\(s\) URL$/],
      [{ SMTP_URL: 'http://mail' }, /^SMTP_URL="http:\/\/mail" must start with smtp:\/\/ or smtps:\/\/$/],
      [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent$/],
      [{ NODE_ENV: 'staging' }, /^NODE_ENV="staging" must be development, production or test$/],
      [{ DATABASE_POOL_SIZE: '0' }, /^DATABASE_POOL_SIZE="0" must be a whole number from 1 to 100$/],
      [{ DATABASE_POOL_SIZE: 'many' }, /^DATABASE_POOL_SIZE="many" must be a whole number from 1 to 100$/],
      [{ EXECUTOR: 'fast' }, /^EXECUTOR="fast" must be jit or graphql-js$/],
      [{ PLAYGROUND: 'maybe' }, /^PLAYGROUND="maybe" must be on or off$/],
    ])('refuses %j with a one-line message naming the variable', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });
  });

  // The process tests need no database engine of their own; run them once, with the SQLite project.
  (ENGINE === 'sqlite' ? describe : describe.skip)('the server process', () => {
    it('stops at start-up on a bad value with one clear line and exit code 1', async () => {
      const { exit } = startProcess({ PORT: 'eighty' });
      const { code, stderr } = await exit;
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual(['workroom: bad configuration: PORT="eighty" must be a port number (0–65535)']);
    });

    it('creates and migrates its SQLite file on first start, and drains in-flight requests on SIGTERM', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workroom-'));
      const { child, ready, exit } = startProcess({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/db/workroom.sqlite` });
      const url = new URL(await ready);
      expect(fs.existsSync(path.join(dir, 'db/workroom.sqlite'))).toBe(true);
      // Open a request and send only half of its body, then ask the server to stop.
      const body = JSON.stringify({ query: '{ __typename }' });
      const response = new Promise<{ status?: number; text: string }>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 5));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(5)), 300);
        }, 100);
      });
      expect(await response).toEqual({ status: 200, text: '{"data":{"__typename":"Query"}}\n' });
      expect((await exit).code).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
});
