import type { WorkroomModule } from '../common/module';
import { AuditEvent } from './audit-event.entity';
import { AuditEventResolver, CompanyAuditResolver, UserAuditResolver } from './audit.resolver';
import { auditService } from './audit.service';
import { auditSubscriber } from './audit.subscriber';

export { AuditEvent };

/** The audit log: written by its subscriber to every domain event (audit.subscriber.ts), read through Company.auditLog. */
export const auditModule: WorkroomModule = {
  entities: [AuditEvent],
  resolvers: [AuditEventResolver, CompanyAuditResolver, UserAuditResolver],
  nodes: { AuditEvent: (ctx, id) => auditService.findVisible(ctx, id) },
  subscribers: [auditSubscriber],
};
