// The workflow state machine: the design's WorkflowState values and the only transitions allowed
// between them. An illegal transition is a bug in the orchestrator and fails loudly rather than
// leaving a workflow whose saved state says something that did not happen.
import { AutonomousError } from '../core/errors.js';
import type { WorkflowState } from '../models/workflow.js';

export const TRANSITIONS: Readonly<Record<WorkflowState, readonly WorkflowState[]>> = {
  // validating: a workflow that continues the proposals an earlier one left awaiting approval.
  pending: ['scanning', 'validating', 'failed'],
  scanning: ['proposing', 'completed', 'failed'],
  // completed: nothing to propose for.
  proposing: ['validating', 'completed', 'failed'],
  validating: ['awaiting_approval', 'failed'],
  // completed: nothing approved; awaiting_approval stays while a person has not answered (CI).
  awaiting_approval: ['implementing', 'completed', 'failed'],
  implementing: ['testing', 'completed', 'failed', 'rolled_back'],
  // implementing again: bisection re-applies the proposals that passed.
  testing: ['completed', 'implementing', 'rolled_back', 'failed'],
  completed: [],
  failed: [],
  rolled_back: [],
};

export const TERMINAL_STATES: readonly WorkflowState[] = ['completed', 'failed', 'rolled_back'];

export function canTransition(from: WorkflowState, to: WorkflowState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: WorkflowState, to: WorkflowState): void {
  if (!canTransition(from, to)) {
    throw new AutonomousError('E_INTERNAL', `illegal workflow transition ${from} -> ${to}`, {
      hint: 'This is a bug in autonomous; the workflow was left in its last saved state. Please report it.',
    });
  }
}

export function isTerminal(state: WorkflowState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** States in which a killed process leaves changes behind that `rollback` should undo. */
export function needsRecovery(state: WorkflowState): boolean {
  return state === 'implementing' || state === 'testing';
}
