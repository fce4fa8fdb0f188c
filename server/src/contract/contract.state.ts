import { ContractStatus } from './contract.entity';

const { PENDING, ACTIVE, PAUSED, ENDED, CANCELLED } = ContractStatus;

/**
 * THE contract state machine (SPEC §4): each action, the states it may start from, and where it
 * leads. Every transition reads this table; anything else is INVALID_STATE.
 */
export const TRANSITIONS = {
  start: { from: [PENDING], to: ACTIVE },
  pause: { from: [ACTIVE], to: PAUSED },
  resume: { from: [PAUSED], to: ACTIVE },
  end: { from: [ACTIVE, PAUSED], to: ENDED },
  cancel: { from: [PENDING], to: CANCELLED },
} as const satisfies Record<string, { from: readonly ContractStatus[]; to: ContractStatus }>;

export type ContractAction = keyof typeof TRANSITIONS;

export function canTransition(action: ContractAction, from: ContractStatus): boolean {
  return (TRANSITIONS[action].from as readonly ContractStatus[]).includes(from);
}
