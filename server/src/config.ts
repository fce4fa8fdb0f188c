import path from 'node:path';
import { z } from 'zod';
import type { ExecutorName } from './common/executor';

/** scrypt cost (log2 N) of password hashes. 15 ≈ 32 MiB and tens of milliseconds per hash: slow for attackers. */
export const DEFAULT_PASSWORD_COST = 15;

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
  /** Uploads one user may have in progress at once (UPLOAD_MAX_IN_FLIGHT); more answer 429. */
  uploadMaxInFlight: number;
  /** Bytes of uploads one user may keep stored (UPLOAD_QUOTA_BYTES). */
  uploadQuotaBytes: number;
  /** How often unattached uploads older than a day are deleted. Not an environment variable: tests call the sweep. */
  uploadSweepMs: number;
  /** Request limits decided before execution (limits/ module). */
  limits: RequestLimitsConfig;
  /** Rate limits (limits/ module); `enabled: false` with RATE_LIMITS=off. */
  rateLimits: RateLimitsConfig;
  /** Redis shared by every server process for rate limits (REDIS_URL); null keeps them in memory. */
  redisUrl: string | null;
  /** Which proxies to believe about the client address (TRUST_PROXY): Express `trust proxy` semantics. */
  trustProxy: false | number | string[];
  /** How long a repeat waits for the first request with its idempotency key to finish. Tests lower it. */
  idempotencyWaitMs: number;
  /**
   * The shortest time requestPasswordReset takes to answer: the work differs a little between an address
   * with an account (a link stored and mailed) and one without, and a fixed floor hides it. Not an
   * environment variable: tests lower it.
   */
  passwordResetMinMs: number;
  /** Serve the GraphQL IDE to browsers on GET /graphql and / (PLAYGROUND=on|off). */
  playground: boolean;
  /** AES-256 key that encrypts two-step secrets at rest (TWO_STEP_SECRET_KEY, 32 bytes in base64); null stores them as they are. */
  twoStepSecretKey: Buffer | null;
}

export interface RequestLimitsConfig {
  /** Deepest field nesting (LIMIT_DEPTH); a connection's edges/node add two levels. */
  depth: number;
  /** Aliases per operation, counted through fragments (LIMIT_ALIASES). */
  aliases: number;
  /** Lexical tokens per document (LIMIT_TOKENS), enforced by the parser itself. */
  tokens: number;
  /** Estimated objects a query may load (LIMIT_COST); a connection's first/last multiplies its children. */
  cost: number;
  /** Largest JSON body on /graphql (LIMIT_BODY_BYTES). */
  bodyBytes: number;
}

export interface RateLimitsConfig {
  enabled: boolean;
  /** Points per minute for a signed-in user (RATE_LIMIT_USER_POINTS). */
  userPointsPerMinute: number;
  /** Points per minute for anonymous requests from one client address (RATE_LIMIT_IP_POINTS). */
  ipPointsPerMinute: number;
  /** Failed log-ins per account (email) per 15 minutes before it is locked (RATE_LIMIT_LOGIN_FAILURES). */
  failedLogInsPerAccount: number;
  /** Failed log-ins per client address per 15 minutes (RATE_LIMIT_LOGIN_IP_FAILURES). */
  failedLogInsPerIp: number;
  /** Invitation links that did not match, per user per 15 minutes (RATE_LIMIT_ACCEPT_FAILURES). */
  failedAcceptsPerUser: number;
  /** Invitations sent or resent per user per hour (RATE_LIMIT_INVITATIONS). */
  invitationsPerUserPerHour: number;
  /** Wrong two-step codes per account per 15 minutes, over every challenge (RATE_LIMIT_TWO_STEP_FAILURES). */
  failedTwoStepPerAccount: number;
  /** Wrong codes one log-in challenge takes before it stops accepting any (RATE_LIMIT_TWO_STEP_CHALLENGE_FAILURES). */
  failedTwoStepPerChallenge: number;
  /** Account links (password reset, verification) mailed to one address per hour (RATE_LIMIT_ACCOUNT_EMAILS). */
  accountEmailsPerAddressPerHour: number;
  /** Account links requested from one client address per hour (RATE_LIMIT_ACCOUNT_EMAILS_IP). */
  accountEmailsPerIpPerHour: number;
  /** Prefix of every rate-limit key, in memory and in Redis. Not an environment variable: tests make it unique. */
  keyPrefix: string;
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

const count = (fallback: number) =>
  z.coerce.number({ error: 'must be a positive whole number' }).int('must be a positive whole number').min(1, 'must be a positive whole number').default(fallback);

const CIDR = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(\/\d{1,3})?$/i;

/** Express `trust proxy`: none (default), a hop count, or addresses/CIDRs/names (loopback, linklocal, uniquelocal). */
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === 'none' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !['loopback', 'linklocal', 'uniquelocal'].includes(e) && !CIDR.test(e));
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a hop count or a comma-separated list of addresses, CIDRs, loopback, linklocal or uniquelocal ("${bad}" is none)` });
    return z.NEVER;
  }
  return entries;
});

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
  UPLOAD_MAX_IN_FLIGHT: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(100, 'must be a whole number from 1 to 100')
    .default(3),
  UPLOAD_QUOTA_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(0, 'must be a number of bytes')
    .default(1024 * 1024 * 1024),
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
  LIMIT_DEPTH: count(12),
  LIMIT_ALIASES: count(15),
  LIMIT_TOKENS: count(3000),
  LIMIT_COST: count(50_000),
  LIMIT_BODY_BYTES: count(1024 * 1024),
  RATE_LIMITS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  RATE_LIMIT_USER_POINTS: count(1200),
  RATE_LIMIT_IP_POINTS: count(300),
  RATE_LIMIT_LOGIN_FAILURES: count(10),
  RATE_LIMIT_LOGIN_IP_FAILURES: count(100),
  RATE_LIMIT_ACCEPT_FAILURES: count(10),
  RATE_LIMIT_INVITATIONS: count(200),
  RATE_LIMIT_TWO_STEP_FAILURES: count(10),
  RATE_LIMIT_TWO_STEP_CHALLENGE_FAILURES: count(5),
  RATE_LIMIT_ACCOUNT_EMAILS: count(5),
  RATE_LIMIT_ACCOUNT_EMAILS_IP: count(50),
  REDIS_URL: z
    .string()
    .refine((u) => /^rediss?:\/\/./.test(u), 'must start with redis:// or rediss://')
    .optional(),
  TRUST_PROXY: trustProxy.optional(),
  PLAYGROUND: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  TWO_STEP_SECRET_KEY: z
    .string()
    .transform((value, ctx) => {
      const key = Buffer.from(value, 'base64');
      if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64 (openssl rand -base64 32)' });
        return z.NEVER;
      }
      return key;
    })
    .optional(),
});

/**
 * Reads the configuration from environment variables (all optional).
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
    uploadMaxInFlight: c.UPLOAD_MAX_IN_FLIGHT,
    uploadQuotaBytes: c.UPLOAD_QUOTA_BYTES,
    uploadSweepMs: 60 * 60 * 1000,
    limits: {
      depth: c.LIMIT_DEPTH,
      aliases: c.LIMIT_ALIASES,
      tokens: c.LIMIT_TOKENS,
      cost: c.LIMIT_COST,
      bodyBytes: c.LIMIT_BODY_BYTES,
    },
    rateLimits: {
      enabled: c.RATE_LIMITS === 'on',
      userPointsPerMinute: c.RATE_LIMIT_USER_POINTS,
      ipPointsPerMinute: c.RATE_LIMIT_IP_POINTS,
      failedLogInsPerAccount: c.RATE_LIMIT_LOGIN_FAILURES,
      failedLogInsPerIp: c.RATE_LIMIT_LOGIN_IP_FAILURES,
      failedAcceptsPerUser: c.RATE_LIMIT_ACCEPT_FAILURES,
      invitationsPerUserPerHour: c.RATE_LIMIT_INVITATIONS,
      failedTwoStepPerAccount: c.RATE_LIMIT_TWO_STEP_FAILURES,
      failedTwoStepPerChallenge: c.RATE_LIMIT_TWO_STEP_CHALLENGE_FAILURES,
      accountEmailsPerAddressPerHour: c.RATE_LIMIT_ACCOUNT_EMAILS,
      accountEmailsPerIpPerHour: c.RATE_LIMIT_ACCOUNT_EMAILS_IP,
      keyPrefix: 'workroom',
    },
    redisUrl: c.REDIS_URL ?? null,
    trustProxy: c.TRUST_PROXY ?? false,
    idempotencyWaitMs: 10_000,
    passwordResetMinMs: 150,
    playground: c.PLAYGROUND === 'on',
    twoStepSecretKey: c.TWO_STEP_SECRET_KEY ?? null,
  };
}
