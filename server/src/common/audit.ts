import type { EntityManager } from 'typeorm';
import type { Context } from './context';
import type { Node } from './node';

export interface AuditEntry {
  /** The company whose log shows the event; null for account-level events. */
  companyId: string | null;
  /** `noun.verb`, e.g. `team.rename`. */
  action: string;
  target: Node;
  data?: Record<string, unknown>;
}

/** Writes one audit event inside the caller's transaction (the audit module's `writeAuditEvent`). */
export type AuditRecorder = (tx: EntityManager, ctx: Context, entry: AuditEntry) => Promise<void>;

let recorder: AuditRecorder | null = null;

/** Called once by the audit module when the app is assembled. */
export function registerAuditRecorder(write: AuditRecorder): void {
  recorder = write;
}

/**
 * Records a state change inside the mutation's transaction, so that the change and its record
 * commit together. The actor is the viewer (or the target itself for sign-up). Every module calls
 * this; the audit module, which sits above them all, stores and reads the log.
 */
export function recordAudit(tx: EntityManager, ctx: Context, entry: AuditEntry): Promise<void> {
  if (!recorder) throw new Error('No audit recorder: the audit module registers it when the schema is built');
  return recorder(tx, ctx, entry);
}
