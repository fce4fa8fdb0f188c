import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PASSWORD_COST } from './account/credentials';
import type { ExecutorName } from './common/executor';

/** Where the data lives: an embedded SQLite file (or memory) or a PostgreSQL server. */
export type DatabaseConfig = { type: 'sqlite'; file: string } | { type: 'postgres'; url: string; /** Connections in the pool (DATABASE_POOL_SIZE); default 10. */ poolSize?: number };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  uploadDir: string;
  publicUrl: string;
  smtpUrl: string | null;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** scrypt cost, log2 N. Not an environment variable: tests lower it to stay fast. */
  passwordCost: number;
  /** Sender of outgoing email (MAIL_FROM), e.g. `Workroom <no-reply@example.com>`. */
  mailFrom: string;
  /** How often the mail worker looks for due outbox rows. Not an environment variable: tests lower it. */
  mailPollMs: number;
  /** First retry delay after a failed delivery; doubles per attempt up to a cap. Tests lower it. */
  mailRetryBaseMs: number;
  /** What executes GraphQL operations (EXECUTOR): graphql-jit (default) or graphql-js. Same answers, jit is faster. */
  executor: ExecutorName;
}

/** A configuration value that cannot be used; its message is one line meant for the operator. */
export class ConfigError extends Error {}

const databaseUrl = z.string().transform((value, ctx): DatabaseConfig => {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (!file) {
      ctx.addIssue({ code: 'custom', message: 'needs a file after "sqlite:" (or ":memory:")' });
      return z.NEVER;
    }
    return { type: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid postgres:// URL' });
      return z.NEVER;
    }
    return { type: 'postgres', url: value };
  }
  ctx.addIssue({ code: 'custom', message: 'must start with "sqlite:" or "postgres://"' });
  return z.NEVER;
});

const httpUrl = z
  .string()
  .url({ error: 'must be an absolute http(s) URL' })
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number (0–65535)' })
    .int('must be a port number (0–65535)')
    .min(0, 'must be a port number (0–65535)')
    .max(65535, 'must be a port number (0–65535)')
    .default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().default('sqlite:./data/workroom.sqlite').pipe(databaseUrl),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  PUBLIC_URL: httpUrl.optional(),
  SMTP_URL: z
    .string()
    .refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^([^<>\r\n]+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be "name@host" or "Name <name@host>"')
    .default('Workroom <no-reply@workroom.localhost>'),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
    .default('development'),
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(100, 'must be a whole number from 1 to 100')
    .default(10),
  EXECUTOR: z.enum(['jit', 'graphql-js'], { error: 'must be jit or graphql-js' }).default('jit'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

/**
 * Reads the configuration from environment variables (all optional, SPEC §10).
 * Empty strings count as unset. Throws a ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new ConfigError(`${name}=${JSON.stringify(env[name])} ${issue.message}`);
  }
  const c = parsed.data;
  const port = c.PORT;
  return {
    port,
    host: c.HOST,
    database: c.DATABASE_URL.type === 'postgres' ? { ...c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE } : c.DATABASE_URL,
    uploadDir: path.resolve(c.UPLOAD_DIR),
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${port}`,
    smtpUrl: c.SMTP_URL ?? null,
    nodeEnv: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    passwordCost: DEFAULT_PASSWORD_COST,
    mailFrom: c.MAIL_FROM.trim(),
    mailPollMs: 2000,
    mailRetryBaseMs: 30_000,
    executor: c.EXECUTOR,
  };
}
