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
  /** The signed-in session; null when anonymous or when the request came with an API token. */
  session: ViewerSession | null;
  /** The app token the request came with (it limits the viewer to one company and its scopes); null otherwise. */
  apiToken: ViewerApiToken | null;
  /** Per-request DataLoaders, created on first use; see loaders.ts. */
  loaders: Map<unknown, DataLoader<unknown, unknown>>;
  /** The client address and the rate limits services count against (failed log-ins, invitations). */
  limits: RequestLimits;
  /** The request's User-Agent header (shown on the sessions it opens); absent outside HTTP requests. */
  userAgent?: string | null;
  /**
   * Set by the limits for a query estimated to load 1,000 objects or more: its loaders let other
   * requests in before each batch (see `batching` in loaders.ts), so that one whole tree does not
   * hold the process for its whole duration.
   */
  heavy?: boolean;
}

/** A context whose viewer is known: a signed-in session or an API token (see requireViewer). */
export type AuthedContext = Context & { viewer: Viewer };

/** A context signed in with a session, not an API token: what account security needs (see requireSession). */
export type SessionContext = AuthedContext & { session: ViewerSession; apiToken: null };

/**
 * The signed-in user, their session and the API token they came with. common names no module, so these
 * start (nearly) empty and the account module fills them in by declaration merging (`interface Viewer
 * extends User` in account/index.ts): everywhere else `ctx.viewer` is then exactly a User, `ctx.session`
 * a Session and `ctx.apiToken` an ApiToken.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Viewer {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ViewerSession {}
/** What common itself reads of an API token (see current-viewer.ts); account adds the rest. */
export interface ViewerApiToken {
  /** The one company the token reaches. */
  readonly companyId: string;
  /** True when its scopes allow mutations. */
  readonly canWrite: boolean;
}

/**
 * Attempts that only count when they fail (a wrong password, a join link that matches nothing, a wrong
 * two-step code: per account with `twoStep`, per log-in challenge with `twoStepChallenge`).
 */
export type FailureKind = 'logIn' | 'acceptInvitation' | 'twoStep' | 'twoStepChallenge';
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

