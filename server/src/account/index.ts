import type { WorkroomModule } from '../modules';
import { AccountResolver } from './account.resolver';
import { Session } from './session.entity';
import { User } from './user.entity';
import { findVisibleUser } from './user.service';

export { User, Session };

export const accountModule: WorkroomModule = {
  entities: [User, Session],
  resolvers: [AccountResolver],
  nodes: { User: findVisibleUser },
};
