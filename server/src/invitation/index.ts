import type { WorkroomModule } from '../common/module';
import { Invitation } from './invitation.entity';
import { CompanyInvitationsResolver, InvitationResolver } from './invitation.resolver';
import { invitationService, revokeBeyondMembersReach } from './invitation.service';

export { Invitation, InvitationStatus } from './invitation.entity';
export { renderInvitationEmail } from './invitation-email';
export { invitationService } from './invitation.service';
export { joinRoutes } from './join.routes';

export const invitationModule: WorkroomModule = {
  entities: [Invitation],
  resolvers: [InvitationResolver, CompanyInvitationsResolver],
  nodes: { Invitation: (ctx, id) => invitationService.findVisible(ctx, id) },
  subscribers: [revokeBeyondMembersReach],
};
