import type { WorkroomModule } from '../modules';
import { AccountResolver } from './account.resolver';
import { ApiToken } from './api-token.entity';
import { ApiTokenResolver, UserApiTokensResolver } from './api-token.resolver';
import { apiTokenService } from './api-token.service';
import { RecoveryCode } from './recovery-code.entity';
import { Session } from './session.entity';
import { TwoStepChallenge } from './two-step-challenge.entity';
import { TwoStepSetting } from './two-step-setting.entity';
import { TwoStepResolver, UserTwoStepResolver } from './two-step.resolver';
import { User } from './user.entity';
import { findVisibleUser } from './user.service';

export { User, Session, ApiToken };

export const accountModule: WorkroomModule = {
  entities: [User, Session, TwoStepSetting, RecoveryCode, TwoStepChallenge, ApiToken],
  resolvers: [AccountResolver, TwoStepResolver, UserTwoStepResolver, ApiTokenResolver, UserApiTokensResolver],
  nodes: { User: findVisibleUser, ApiToken: (ctx, id) => apiTokenService.findVisible(ctx, id) },
};
