import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { AppError } from './errors';

/** Everything a resolver or service knows about the request it serves. */
export interface Context {
  requestId: string;
  log: Logger;
  db: DataSource;
  config: Config;
  /** The signed-in user, or null when anonymous or the token is unknown, expired or revoked. */
  viewer: Viewer | null;
  session: ViewerSession | null;
  /** Per-request DataLoaders, created on first use; see loaders.ts. */
  loaders: Map<unknown, DataLoader<unknown, unknown>>;
  /** The client address and the rate limits services count against (failed log-ins, invitations). */
  limits: RequestLimits;
  /** The request's User-Agent header (shown on the sessions it opens); absent outside HTTP requests. */
  userAgent?: string | null;
}

/** A context whose viewer is known to be signed in (see requireViewer). */
export type AuthedContext = Context & { viewer: Viewer; session: ViewerSession };

/**
 * The signed-in user and their session. common names no module, so these start empty and the account
 * module fills them in by declaration merging (`interface Viewer extends User` in account/user.entity.ts):
 * everywhere else `ctx.viewer` is then exactly a User.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Viewer {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ViewerSession {}

/** Attempts that only count when they fail (a wrong password, a join link that matches nothing). */
export type FailureKind = 'logIn' | 'acceptInvitation';
/**
 * Actions that always count: invitations sent (per user), and account links mailed (password reset,
 * email verification), which count per address and per client address.
 */
export type ActionKind = 'invitations' | 'accountEmail';

/** What the `RateLimit-*` headers report for one request. */
export interface RequestAllowance {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** The rate limits as seen from one request: its client address and viewer. */
export interface RequestLimits {
  /** The client address, as TRUST_PROXY allows it to be known. */
  readonly ip: string;
  /**
   * Spends a request's points from the viewer's bucket (or the address's when anonymous): what is left,
   * and the RATE_LIMITED refusal when the bucket was empty. Null when rate limits are off.
   */
  spendRequest(points: number, viewerId: string | null): Promise<{ allowance: RequestAllowance; refusal: AppError | null } | null>;
  /**
   * Runs an attempt that counts against `kind` only if it fails: the point is taken before `work` runs
   * (so parallel guesses count too) and given back when `failed(error)` is false. RATE_LIMITED while
   * the counter is exhausted, whatever the attempt would have answered.
   */
  counted<T>(kind: FailureKind, key: string, failed: (error: unknown) => boolean, work: () => Promise<T>): Promise<T>;
  /** Counts one `kind` action for `key`; RATE_LIMITED when over. */
  spend(kind: ActionKind, key: string): Promise<void>;
}

