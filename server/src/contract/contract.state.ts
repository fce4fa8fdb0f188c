import type { EntityManager } from 'typeorm';
import type { AuthedContext } from '../common/context';
import { UserErrorCode, UserFailure } from '../common/errors';
import type { EventType } from '../common/events';
import type { Action } from '../common/permissions';
import { requireContractRole } from './contract.access';
import { ContractStatus, type Contract } from './contract.entity';

const { PENDING, ACTIVE, PAUSED, ENDED, CANCELLED } = ContractStatus;

/**
 * A condition a transition needs besides its starting state, answered by the module that knows
 * (onboarding answers `onboardingComplete`) and registered when the schema is built.
 */
export type ContractCondition = 'onboardingComplete';

interface Transition {
  /** The states the action may start from; anything else is INVALID_STATE. */
  from: readonly ContractStatus[];
  to: ContractStatus;
  /** The permission (common/permissions.ts) a company member needs; the freelancer never moves a contract. */
  permission: Action;
  /** Conditions checked, in order, after the state: each throws its own refusal. */
  requires: readonly ContractCondition[];
  /** The date column the move sets to now. */
  stamps?: 'startedAt' | 'endedAt';
  /** The domain event the move publishes (docs/events.md). */
  event: EventType;
}

/**
 * THE contract state machine (docs/domain.md "Contracts"): each action, who may take it, the states it
 * may start from, what else it needs, and where it leads. `assertTransition` reads nothing else.
 */
export const TRANSITIONS = {
  start: {
    from: [PENDING],
    to: ACTIVE,
    permission: 'contract.manage',
    requires: ['onboardingComplete'],
    stamps: 'startedAt',
    event: 'contract.started',
  },
  pause: { from: [ACTIVE], to: PAUSED, permission: 'contract.manage', requires: [], event: 'contract.paused' },
  resume: { from: [PAUSED], to: ACTIVE, permission: 'contract.manage', requires: [], event: 'contract.resumed' },
  end: { from: [ACTIVE, PAUSED], to: ENDED, permission: 'contract.manage', requires: [], stamps: 'endedAt', event: 'contract.ended' },
  cancel: { from: [PENDING], to: CANCELLED, permission: 'contract.manage', requires: [], stamps: 'endedAt', event: 'contract.cancelled' },
} as const satisfies Record<string, Transition>;

export type ContractAction = keyof typeof TRANSITIONS;

/** Checks one condition on a contract inside the transition's transaction; throws the refusal. */
export type ContractGuard = (tx: EntityManager, contract: Contract) => Promise<void>;

const guards = new Map<ContractCondition, ContractGuard>();

/** Called once at schema build by the module that answers `condition` (its `WorkroomModule.extend`). */
export function registerContractGuard(condition: ContractCondition, guard: ContractGuard): void {
  guards.set(condition, guard);
}

export function canTransition(action: ContractAction, from: ContractStatus): boolean {
  return (TRANSITIONS[action].from as readonly ContractStatus[]).includes(from);
}

/**
 * May the viewer take `action` on `contract` now? Its row answers: the permission, the state, then
 * the conditions. Throws NOT_FOUND / FORBIDDEN / INVALID_STATE / the condition's own refusal.
 */
export async function assertTransition(ctx: AuthedContext, tx: EntityManager, contract: Contract, action: ContractAction): Promise<void> {
  const row: Transition = TRANSITIONS[action];
  await requireContractRole(ctx, contract, tx, row.permission);
  if (!canTransition(action, contract.status)) throw invalidState(action, contract.status);
  for (const condition of row.requires) {
    const guard = guards.get(condition);
    if (!guard) throw new Error(`No guard registered for the contract condition ${condition}`);
    await guard(tx, contract);
  }
}

export function invalidState(action: ContractAction, status: ContractStatus): UserFailure {
  const allowed = TRANSITIONS[action].from.join(' or ');
  return new UserFailure(UserErrorCode.INVALID_STATE, `Cannot ${action} a contract that is ${status}; it must be ${allowed}`, [
    'input',
    'contractId',
  ]);
}
