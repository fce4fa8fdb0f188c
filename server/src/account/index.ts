import type { WorkroomModule } from '../modules';
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
export { openSession, clientOf, type ClientInfo, type SignedIn } from './account.service';
export { revokeSessions, confirmPassword, markEmailVerified } from './security.service';
export { NotificationKind, wantsEmail } from './notification-preferences';
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
