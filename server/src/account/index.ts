import type { WorkroomModule } from '../common/module';
import { AccountResolver } from './account.resolver';
import { Session } from './session.entity';
import { User } from './user.entity';
import { findVisibleUser } from './user.service';

export { User, Session };
export { emailKey } from './user.entity';
export { authChecker, authenticate, requestContext, requireViewer } from './auth';
export { hashToken, newToken } from './credentials';
export { userById } from './user.loader';
export { registerUserLink } from './user.service';

// The request context (common/context.ts) names its viewer without importing this module: here the
// viewer becomes a User and its session a Session, for every module at once.
declare module '../common/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Viewer extends User {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ViewerSession extends Session {}
}

export const accountModule: WorkroomModule = {
  entities: [User, Session],
  resolvers: [AccountResolver],
  nodes: { User: findVisibleUser },
};
