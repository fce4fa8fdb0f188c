/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { postgresUnavailable } from './server/test/support/postgres';
import { TEST_REDIS_URL, redisUnavailable } from './server/test/support/redis';

// Test files are TypeScript with decorators: @swc/jest with decorator metadata (TypeORM needs it).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const project = (engine: 'sqlite' | 'postgres', redisUrl: string | null): Config => ({
  displayName: engine,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc as Record<string, unknown>] },
  testMatch: ['<rootDir>/server/test/**/*.test.ts', '<rootDir>/sdk/test/**/*.test.ts'],
  // sdk/src is ESM source: its relative imports end in `.js` and mean the `.ts` file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/server/test/support/global-setup.ts',
  globals: { WORKROOM_TEST_ENGINE: engine, WORKROOM_TEST_REDIS: redisUrl },
});

/**
 * `npm test` runs every suite on SQLite, then again on PostgreSQL when a server answers
 * (WORKROOM_PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/test). When none does, the
 * PostgreSQL suite is skipped and the reason printed. WORKROOM_TEST_ENGINES=sqlite limits the run.
 * Likewise the tests of rate limits shared through Redis (WORKROOM_TEST_REDIS_URL, default
 * redis://127.0.0.1:6379) are skipped, with the reason printed, when no Redis answers.
 */
export default async (): Promise<Config> => {
  const wanted = (process.env.WORKROOM_TEST_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const redisReason = await redisUnavailable();
  if (redisReason) console.warn(`\n*** Redis rate-limit tests SKIPPED: ${redisReason}\n`);
  const redisUrl = redisReason ? null : TEST_REDIS_URL;
  const projects: Config[] = [];
  if (wanted.includes('sqlite')) projects.push(project('sqlite', redisUrl));
  if (wanted.includes('postgres')) {
    const reason = await postgresUnavailable();
    if (reason) console.warn(`\n*** PostgreSQL suite SKIPPED: ${reason}\n`);
    else projects.push(project('postgres', redisUrl));
  }
  return { projects, testTimeout: 30_000, maxWorkers: 2 };
};
