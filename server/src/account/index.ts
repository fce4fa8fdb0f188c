import type { WorkroomModule } from '../common/module';
import { AccountToken } from './account-token.entity';
import { AccountResolver } from './account.resolver';
import { ApiToken } from './api-token.entity';
import { ApiTokenResolver, UserApiTokensResolver } from './api-token.resolver';
import { apiTokenService } from './api-token.service';
import { RecoveryCode } from './recovery-code.entity';
import { SecurityResolver, SessionResolver } from './security.resolver';
import { findOwnSession } from './security.service';
import { Session } from './session.entity';
import { UserSettingsResolver } from './settings.resolver';
import { TwoStepChallenge } from './two-step-challenge.entity';
import { TwoStepSetting } from './two-step-setting.entity';
import { TwoStepResolver, UserTwoStepResolver } from './two-step.resolver';
import { User } from './user.entity';
import { findVisibleUser } from './user.service';

export { User, Session, ApiToken };
export { emailKey } from './user.entity';
export { authChecker, authenticate, requestContext, requireSession, requireViewer } from './auth';
export { hashToken, newToken } from './credentials';
export { userById } from './user.loader';
export { registerUserLink } from './user.service';
export { onAccountClosing, type AccountClosing } from './settings.service';
export { onApiTokenCreating, type ApiTokenCreating } from './api-token.service';
export { otherCompanyRefused, tokenScopeMissing } from './api-token.scope';
export { apiTokenScopePlugin } from './api-token.plugin';

// The request context (common/context.ts) names its viewer without importing this module: here the
// viewer becomes a User, its session a Session and its API token an ApiToken, for every module at once.
declare module '../common/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Viewer extends User {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ViewerSession extends Session {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ViewerApiToken extends ApiToken {}
}
export { openSession, clientOf, type ClientInfo, type SignedIn } from './open-session';
export { revokeSessions, confirmPassword, markEmailVerified } from './security.service';
export { NotificationKind, notificationEmail, wantsEmail } from './notification-preferences';
export { accountRoutes } from './account.routes';

export const accountModule: WorkroomModule = {
  entities: [User, Session, AccountToken, TwoStepSetting, RecoveryCode, TwoStepChallenge, ApiToken],
  resolvers: [
    AccountResolver,
    SecurityResolver,
    SessionResolver,
    UserSettingsResolver,
    TwoStepResolver,
    UserTwoStepResolver,
    ApiTokenResolver,
    UserApiTokensResolver,
  ],
  nodes: { User: findVisibleUser, Session: findOwnSession, ApiToken: (ctx, id) => apiTokenService.findVisible(ctx, id) },
};
