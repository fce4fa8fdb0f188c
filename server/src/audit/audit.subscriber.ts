import { insertRow } from '../common/rows';
import type { EventOf, EventType } from '../common/events';
import { subscriber } from '../common/events';
import { toGlobalId } from '../common/ids';
import { AuditEvent } from './audit-event.entity';

/** How one domain event is recorded: its audit action (`noun.verb`) and the details it keeps. */
interface AuditRecord<T extends EventType> {
  action: string;
  /** The audit `data`; the event's own `data` when omitted. */
  data?: (event: EventOf<T>) => Record<string, unknown>;
}

type AuditMap = { [T in EventType]?: AuditRecord<T> };

/**
 * Which domain events the audit log records, and as what. The actions are the log's public
 * vocabulary (`Company.auditLog(action:)`), so they keep their names when events are renamed.
 * Not recorded: `invitation.expired` (nobody did it) and `message.posted` (a thread's messages are
 * their own record).
 */
export const AUDITED: AuditMap = {
  'account.signedUp': { action: 'account.sign_up' },
  'account.loggedIn': { action: 'account.log_in' },
  'account.loggedOut': { action: 'account.log_out' },
  'account.twoStepEnabled': { action: 'account.two_step_enable' },
  'account.twoStepDisabled': { action: 'account.two_step_disable' },
  'apiToken.created': { action: 'api_token.create' },
  'apiToken.revoked': { action: 'api_token.revoke' },
  'account.passwordReset': { action: 'account.password_reset' },
  'account.passwordChanged': { action: 'account.password_change' },
  'account.emailVerified': { action: 'account.email_verify' },
  'account.profileUpdated': { action: 'account.profile_update' },
  'account.preferencesUpdated': { action: 'account.preferences_update' },
  'account.closed': { action: 'account.close' },
  'session.revoked': { action: 'session.revoke' },
  'session.othersRevoked': { action: 'session.revoke_others' },
  'company.created': { action: 'company.create' },
  'company.updated': { action: 'company.update' },
  'team.created': { action: 'team.create' },
  'team.renamed': { action: 'team.rename' },
  'team.deleted': { action: 'team.delete' },
  'member.roleChanged': { action: 'member.role_change' },
  'member.teamChanged': { action: 'member.team_change' },
  'member.removed': { action: 'member.remove' },
  'member.left': { action: 'member.leave' },
  'invitation.created': { action: 'invitation.create' },
  'invitation.resent': { action: 'invitation.resend' },
  'invitation.accepted': {
    action: 'invitation.accept',
    data: ({ data }) => ({ memberId: data.memberId, role: data.role, teamId: data.teamId }),
  },
  'invitation.revoked': {
    action: 'invitation.revoke',
    data: ({ data }) => (data.reason ? { email: data.email, role: data.role, reason: data.reason } : { email: data.email }),
  },
  'contract.created': { action: 'contract.create' },
  'contract.started': { action: 'contract.start' },
  'contract.paused': { action: 'contract.pause' },
  'contract.resumed': { action: 'contract.resume' },
  'contract.ended': { action: 'contract.end' },
  'contract.cancelled': { action: 'contract.cancel' },
  'contract.workLogged': {
    action: 'contract.log_work',
    // The log has always named the contract by its global id.
    data: ({ data }) => ({ contractId: toGlobalId('Contract', data.contractId), date: data.date, minutes: data.minutes }),
  },
  'onboardingTask.started': { action: 'onboarding_task.start' },
  'onboardingTask.completed': {
    action: 'onboarding_task.complete',
    data: ({ data }) => (data.classification ? { classification: data.classification } : {}),
  },
  'onboardingTask.fileAttached': { action: 'onboarding_task.attach' },
  'onboardingTask.reassigned': { action: 'onboarding_task.reassign' },
  'onboardingTemplate.set': { action: 'onboarding_template.set' },
  'upload.created': { action: 'upload.create' },
  'thread.started': { action: 'thread.start' },
  'thread.participantAdded': { action: 'thread.participant_add' },
  'thread.pendingAccessAdded': { action: 'thread.pending_access_add' },
  'thread.participantPermissionChanged': { action: 'thread.participant_permission' },
  'thread.participantRemoved': { action: 'thread.participant_remove' },
  'thread.left': { action: 'thread.leave' },
};

const auditedTypes = Object.keys(AUDITED) as EventType[];

/**
 * Writes the audit event of each recorded domain event inside the mutation's transaction, so that
 * the change and its record commit together. It runs after the event's other inTransaction
 * subscribers (order 100): what they cause (thread access granted on accepting an invitation) is
 * recorded before the event that caused it, as it happened.
 */
export const auditSubscriber = subscriber({
  name: 'audit log',
  description: 'Writes the audit event (`Company.auditLog`) in the same transaction.',
  types: auditedTypes,
  mode: 'inTransaction',
  order: 100,
  detail: (type) => `recorded as \`${AUDITED[type]!.action}\``,
  async handle(event, { tx }) {
    const record = AUDITED[event.type] as AuditRecord<EventType>;
    const row = Object.assign(new AuditEvent(), {
      companyId: event.companyId,
      actorId: event.actorId,
      action: record.action,
      targetType: event.target.type,
      targetId: event.target.id,
      data: record.data ? record.data(event) : { ...event.data },
    });
    // An insert (the id is ours already: save would first SELECT to look for it), hand-written: every mutation writes one.
    await insertRow(tx, AuditEvent, row);
  },
});
