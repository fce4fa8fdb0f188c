/**
 * The server that seeding talks to: the real app (server/src, unchanged) with a low scrypt cost, so
 * that signing up ~950 users takes seconds instead of a minute. Only seeding uses it; the timed
 * Workroom contestant is the production build (`dist/server/src/main.js`). Tells its URL over IPC and
 * stops (closing the database cleanly, WAL checkpointed) when the parent says `stop`.
 */
import 'reflect-metadata';
import pino from 'pino';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';

async function main(): Promise<void> {
  const config = { ...loadConfig(process.env), passwordCost: 4 };
  const app = await buildApp(config, pino({ level: 'silent' }));
  const url = await app.listen(0, '127.0.0.1');
  process.on('message', (message) => {
    if (message === 'stop') void app.stop().then(() => process.exit(0));
  });
  process.send?.({ url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
