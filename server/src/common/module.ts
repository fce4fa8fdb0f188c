import type { AuthedContext } from './context';
import type { Subscriber } from './events';
import type { NodeFetcher } from './node.resolver';

/**
 * "May the viewer see this user?" from one module's point of view: true when that module links the
 * two (a shared company, a contract, a thread). The account module asks every registered link.
 */
export type UserLink = (ctx: AuthedContext, userId: string) => Promise<boolean>;

/**
 * What a domain module contributes to the app. A new module is one more line in `modules.ts`.
 * Where a lower module needs an answer only a higher one has, the higher one hands it in here and
 * the app registers it once, when the schema is built: imports keep pointing one way (README
 * "Architecture").
 */
export interface WorkroomModule {
  entities: Function[];
  resolvers: Function[];
  /** How `node(id)` finds (and checks visibility of) each of the module's object types. */
  nodes: Record<string, NodeFetcher>;
  /** Why a viewer may see another user, as far as this module knows (see `UserLink`). */
  userLinks?: UserLink;
  /** How the module reacts to domain events (common/events.ts): the audit log, thread access on invitation events. */
  subscribers?: Subscriber[];
  /**
   * Registers, once at schema build, what this module adds to a module below it through that
   * module's own typed registry (e.g. onboarding's guard on starting a contract).
   */
  extend?: () => void;
}

