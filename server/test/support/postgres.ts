import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server that test and tooling databases are created on (trust auth on the CI machine). */
export const PG_ADMIN_URL = process.env.WORKROOM_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used right now, or null when it answers. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `${PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//')} is not reachable (${(error as Error).message || String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database for one test file or tool run; returns its URL and a drop function. */
export async function createTempDatabase(prefix = 'workroom_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
