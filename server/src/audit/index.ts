import type { WorkroomModule } from '../modules';
import { AuditEvent } from './audit-event.entity';
import { AuditEventResolver, CompanyAuditResolver, UserAuditResolver } from './audit.resolver';
import { auditService } from './audit.service';
import { auditSubscriber } from './audit.subscriber';

export { AuditEvent };

export const auditModule: WorkroomModule = {
  entities: [AuditEvent],
  resolvers: [AuditEventResolver, CompanyAuditResolver, UserAuditResolver],
  nodes: { AuditEvent: (ctx, id) => auditService.findVisible(ctx, id) },
  subscribers: [auditSubscriber],
};
