import type { WorkroomModule } from '../modules';
import { Invitation } from './invitation.entity';
import { CompanyInvitationsResolver, InvitationResolver } from './invitation.resolver';
import { invitationService } from './invitation.service';

export { Invitation, InvitationStatus } from './invitation.entity';
export { renderInvitationEmail } from './invitation-email';

export const invitationModule: WorkroomModule = {
  entities: [Invitation],
  resolvers: [InvitationResolver, CompanyInvitationsResolver],
  nodes: { Invitation: (ctx, id) => invitationService.findVisible(ctx, id) },
};
export { joinRoutes } from './join.routes';
