import type { WorkroomModule } from '../common/module';
import { AccountToken } from './account-token.entity';
import { AccountResolver } from './account.resolver';
import { SecurityResolver, SessionResolver } from './security.resolver';
import { findOwnSession } from './security.service';
import { Session } from './session.entity';
import { UserSettingsResolver } from './settings.resolver';
import { User } from './user.entity';
import { findVisibleUser } from './user.service';

export { User, Session };
export { emailKey } from './user.entity';
export { authChecker, authenticate, requestContext, requireViewer } from './auth';
export { hashToken, newToken } from './credentials';
export { userById } from './user.loader';
export { registerUserLink } from './user.service';
export { onAccountClosing, type AccountClosing } from './settings.service';

// The request context (common/context.ts) names its viewer without importing this module: here the
// viewer becomes a User and its session a Session, for every module at once.
declare module '../common/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Viewer extends User {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ViewerSession extends Session {}
}
export { openSession, clientOf, type ClientInfo, type SignedIn } from './account.service';
export { revokeSessions, confirmPassword, markEmailVerified } from './security.service';
export { NotificationKind, notificationEmail, wantsEmail } from './notification-preferences';
export { accountRoutes } from './account.routes';

export const accountModule: WorkroomModule = {
  entities: [User, Session, AccountToken],
  resolvers: [AccountResolver, SecurityResolver, SessionResolver, UserSettingsResolver],
  nodes: { User: findVisibleUser, Session: findOwnSession },
};
