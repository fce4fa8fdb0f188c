import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { User } from '../account/user.entity';
import type { Session } from '../account/session.entity';
import type { ApiToken } from '../account/api-token.entity';
import type { RequestLimits } from '../limits';

/** Everything a resolver or service knows about the request it serves. */
export interface Context {
  requestId: string;
  log: Logger;
  db: DataSource;
  config: Config;
  /** The signed-in user, or null when anonymous or the token is unknown, expired or revoked. */
  viewer: User | null;
  /** The signed-in session; null when anonymous or when the request came with an API token. */
  session: Session | null;
  /** The app token the request came with (it limits the viewer to one company and its scopes); null otherwise. */
  apiToken: ApiToken | null;
  /** Per-request DataLoaders, created on first use; see loaders.ts. */
  loaders: Map<unknown, DataLoader<unknown, unknown>>;
  /** The client address and the rate limits services count against (failed log-ins, invitations). */
  limits: RequestLimits;
  /** The request's User-Agent header (shown on the sessions it opens); absent outside HTTP requests. */
  userAgent?: string | null;
}

/** A context whose viewer is known: a signed-in session or an API token (see requireViewer). */
export type AuthedContext = Context & { viewer: User };

/** A context signed in with a session, not an API token: what account security needs (see requireSession). */
export type SessionContext = AuthedContext & { session: Session; apiToken: null };
