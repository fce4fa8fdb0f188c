import { isIPv6 } from 'node:net';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config, RateLimitsConfig } from '../config';
import type { ActionKind, FailureKind, RequestAllowance, RequestLimits } from '../common/context';
import { rateLimited } from './errors';

const MINUTE = 60;
const QUARTER_HOUR = 15 * MINUTE;
const HOUR = 60 * MINUTE;

/** The buckets, their size (points) and window (seconds). */
const BUCKETS = (c: RateLimitsConfig) => ({
  user: { points: c.userPointsPerMinute, duration: MINUTE },
  ip: { points: c.ipPointsPerMinute, duration: MINUTE },
  logInAccount: { points: c.failedLogInsPerAccount, duration: QUARTER_HOUR },
  logInIp: { points: c.failedLogInsPerIp, duration: QUARTER_HOUR },
  acceptUser: { points: c.failedAcceptsPerUser, duration: QUARTER_HOUR },
  invitationsUser: { points: c.invitationsPerUserPerHour, duration: HOUR },
  twoStepAccount: { points: c.failedTwoStepPerAccount, duration: QUARTER_HOUR },
  // A challenge lives 5 minutes; the window only has to outlast it.
  twoStepChallenge: { points: c.failedTwoStepPerChallenge, duration: QUARTER_HOUR },
  accountEmailAddress: { points: c.accountEmailsPerAddressPerHour, duration: HOUR },
  accountEmailIp: { points: c.accountEmailsPerIpPerHour, duration: HOUR },
});
type Bucket = keyof ReturnType<typeof BUCKETS>;

export type { ActionKind, FailureKind, RequestAllowance, RequestLimits };

/** The bucket each counted failure kind other than `logIn` (which takes two) spends from. */
const FAILURE_BUCKETS: Record<Exclude<FailureKind, 'logIn'>, Bucket> = {
  acceptInvitation: 'acceptUser',
  twoStep: 'twoStepAccount',
  twoStepChallenge: 'twoStepChallenge',
};

/**
 * The bucket of a client address: IPv4 as it is (also IPv4-mapped IPv6), IPv6 by its /64 — one client
 * usually holds a whole /64, so counting single addresses would give it 2^64 buckets.
 */
export function addressBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail] = ip.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

const unlimited = (ip: string): RequestLimits => ({
  ip,
  spendRequest: async () => null,
  counted: (_kind, _key, _failed, work) => work(),
  spend: async () => undefined,
});

/**
 * Every rate limiter of one server, in memory or (with REDIS_URL) in Redis shared by all processes.
 * When Redis does not answer, each process falls back to its own in-memory limiter at once rather
 * than waiting on the connection (`rejectIfRedisNotReady` + insurance limiter).
 */
export class RateLimits {
  private readonly limiters = new Map<Bucket, RateLimiterAbstract>();
  private readonly redis: Redis | null;

  constructor(
    private readonly config: RateLimitsConfig,
    redisUrl: string | null,
    logger: Logger,
  ) {
    this.redis = config.enabled && redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    // Without a listener an unreachable Redis would crash the process. ioredis reconnects (and errors)
    // every few seconds: one warning per outage, one line when it is back.
    let down = false;
    this.redis?.on('error', (error: Error) => {
      if (!down) logger.warn({ err: error }, 'redis unavailable: rate limits are per process until it is back');
      down = true;
    });
    this.redis?.on('ready', () => {
      if (down) logger.info('redis reachable again: rate limits are shared');
      down = false;
    });
    for (const [bucket, { points, duration }] of Object.entries(BUCKETS(config)) as [Bucket, { points: number; duration: number }][]) {
      const keyPrefix = `${config.keyPrefix}:rl:${bucket}`;
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      this.limiters.set(
        bucket,
        this.redis
          ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory })
          : memory,
      );
    }
  }

  /** Waits (briefly) for Redis, so the first requests after start-up already share their limits. */
  async ready(timeoutMs = 2000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      // Whichever comes first: connected, refused (the insurance limiter takes over), or too slow.
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs).unref();
      redis.once('ready', done).once('error', done);
    });
  }

  /** The limits for one request from `ip`. */
  forRequest(ip: string): RequestLimits {
    if (!this.config.enabled) return unlimited(ip);
    return {
      ip,
      spendRequest: async (points, viewerId) => {
        const bucket: Bucket = viewerId ? 'user' : 'ip';
        const limiter = this.limiters.get(bucket)!;
        const allowance = (res: RateLimiterRes) => ({ limit: limiter.points, remaining: res.remainingPoints, reset: Math.ceil(res.msBeforeNext / 1000) });
        try {
          return { allowance: allowance(await limiter.consume(viewerId ?? addressBucket(ip), points)), refusal: null };
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return { allowance: allowance(rejection), refusal: rateLimited(bucket, rejection.msBeforeNext) };
        }
      },
      counted: async (kind, key, failed, work) => {
        const buckets: [Bucket, string][] = kind === 'logIn' ? [['logInAccount', key], ['logInIp', addressBucket(ip)]] : [[FAILURE_BUCKETS[kind], key]];
        const taken: [Bucket, string][] = [];
        try {
          for (const [bucket, k] of buckets) taken.push([bucket, (await this.take(bucket, k, 1), k)]);
        } catch (error) {
          // A refused attempt is not a failure of the other counters' owners.
          await this.giveBack(taken);
          throw error;
        }
        try {
          const result = await work();
          await this.giveBack(buckets);
          return result;
        } catch (error) {
          if (!failed(error)) await this.giveBack(buckets);
          throw error;
        }
      },
      spend: async (kind, key) => {
        if (kind === 'invitations') return void (await this.take('invitationsUser', key, 1));
        const buckets: [Bucket, string][] = [['accountEmailAddress', key], ['accountEmailIp', addressBucket(ip)]];
        const taken: [Bucket, string][] = [];
        try {
          for (const [bucket, k] of buckets) taken.push([bucket, (await this.take(bucket, k, 1), k)]);
        } catch (error) {
          await this.giveBack(taken);
          throw error;
        }
      },
    };
  }

  /** Closes the Redis connection. */
  async stop(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'end') return;
    // quit() waits for the connection; one that never came up (Redis down) is just dropped, retries and all.
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  }

  private async take(bucket: Bucket, key: string, points: number): Promise<RateLimiterRes> {
    try {
      return await this.limiters.get(bucket)!.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(bucket, rejection.msBeforeNext);
      throw rejection;
    }
  }

  private async giveBack(buckets: [Bucket, string][]): Promise<void> {
    for (const [bucket, key] of buckets) await this.limiters.get(bucket)!.reward(key, 1);
  }
}

/** The rate limits of `config` (RATE_LIMITS, REDIS_URL, the numbers). */
export const createRateLimits = (config: Config, logger: Logger): RateLimits => new RateLimits(config.rateLimits, config.redisUrl, logger);
