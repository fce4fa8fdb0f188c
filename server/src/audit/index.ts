import { registerAuditRecorder } from '../common/audit';
import type { WorkroomModule } from '../common/module';
import { AuditEvent } from './audit-event.entity';
import { AuditEventResolver, CompanyAuditResolver } from './audit.resolver';
import { auditService, writeAuditEvent } from './audit.service';

export { AuditEvent };

/** The audit log: every module records through common/audit's `recordAudit`; this module stores and shows it. */
export const auditModule: WorkroomModule = {
  entities: [AuditEvent],
  resolvers: [AuditEventResolver, CompanyAuditResolver],
  nodes: { AuditEvent: (ctx, id) => auditService.findVisible(ctx, id) },
  extend: () => registerAuditRecorder(writeAuditEvent),
};
