/**
 * `npm run bench`: starts a real server (SQLite file in a temp dir, or DATABASE_URL), seeds data through
 * the API and the database, and prints latency percentiles per scenario. Bounded: fixed request counts.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { scenarios } from './scenarios';
import type { BenchClient } from './client';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workroom-bench-'));
  // Seeding and thousands of requests by one user are what rate limits refuse: off unless RATE_LIMITS=on.
  const env = { RATE_LIMITS: 'off', ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${dir}/bench.sqlite` };
  const config = { ...loadConfig(env), passwordCost: 12 };
  const app = await buildApp(config, pino({ level: 'silent' }));
  const url = await app.listen(0, '127.0.0.1');
  const client: BenchClient = {
    db: app.db,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data ?? {};
    },
  };
  const filter = process.argv[2];
  console.log(`Workroom bench on ${config.database.type}${filter ? ` (only ${filter})` : ''}`);
  console.log('scenario'.padEnd(44), 'n'.padStart(6), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8), 'req/s'.padStart(8));
  try {
    for (const scenario of scenarios.filter((s) => !filter || s.name.includes(filter))) {
      const run = await scenario.setup(client);
      for (let i = 0; i < 10; i += 1) await run(); // warm-up
      const times: number[] = [];
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < scenario.requests) {
          next += 1;
          const t0 = performance.now();
          await run();
          times.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: scenario.concurrency }, worker));
      const elapsed = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      console.log(
        scenario.name.padEnd(44),
        String(times.length).padStart(6),
        percentile(times, 50).toFixed(1).padStart(8),
        percentile(times, 95).toFixed(1).padStart(8),
        percentile(times, 99).toFixed(1).padStart(8),
        (times.length / elapsed).toFixed(0).padStart(8),
      );
    }
  } finally {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
