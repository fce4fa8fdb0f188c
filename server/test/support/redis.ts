import { Redis } from 'ioredis';

/** The Redis the shared-rate-limit tests use (REDIS_URL on the CI machine). */
export const TEST_REDIS_URL = process.env.WORKROOM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why Redis cannot be used right now, or null when it answers PING. */
export async function redisUnavailable(url = TEST_REDIS_URL): Promise<string | null> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return `${url.replace(/\/\/[^@]*@/, '//')} is not reachable (${(error as Error).message || String(error)})`;
  } finally {
    client.disconnect();
  }
}
