import type { WorkroomModule } from '../modules';
import { AccountToken } from './account-token.entity';
import { AccountResolver } from './account.resolver';
import { SecurityResolver, SessionResolver } from './security.resolver';
import { findOwnSession } from './security.service';
import { Session } from './session.entity';
import { UserSettingsResolver } from './settings.resolver';
import { User } from './user.entity';
import { findVisibleUser } from './user.service';

export { User, Session };
export { openSession, clientOf, type ClientInfo, type SignedIn } from './account.service';
export { revokeSessions, confirmPassword, markEmailVerified } from './security.service';
export { NotificationKind, wantsEmail } from './notification-preferences';
export { accountRoutes } from './account.routes';

export const accountModule: WorkroomModule = {
  entities: [User, Session, AccountToken],
  resolvers: [AccountResolver, SecurityResolver, SessionResolver, UserSettingsResolver],
  nodes: { User: findVisibleUser, Session: findOwnSession },
};
