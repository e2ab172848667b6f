// The approval gate: what happens to each validated proposal. The policy's verdict comes first
// (a rejection is final, whoever asks); then the mode the person chose: --auto-approve-safe takes
// exactly what the policy marks auto-approve, --dangerously-skip-permissions takes everything valid,
// a person on a terminal decides the rest, and without a terminal the rest waits for a person.
import type { Proposal } from '../models/proposal.js';
import type { ValidationResult } from '../models/validation.js';
import type { ApprovalDecision } from '../models/workflow.js';

export interface GateMode {
  autoApproveSafe: boolean;
  dangerouslySkipPermissions: boolean;
  /** A person can be asked (stdin and stdout are a terminal, not CI). */
  interactive: boolean;
}

export type GateVerdict =
  | { kind: 'decided'; decision: ApprovalDecision }
  /** Ask the person now. */
  | { kind: 'ask' }
  /** Leave it awaiting approval (no terminal, no policy that allows it). */
  | { kind: 'defer'; reason: string };

function decision(proposal: Proposal, approved: boolean, decidedBy: string, feedback?: string): ApprovalDecision {
  return { proposal_id: proposal.proposal_id, approved, decided_by: decidedBy, ...(feedback ? { feedback } : {}), timestamp: new Date().toISOString() };
}

export function gateVerdict(proposal: Proposal, validation: ValidationResult, mode: GateMode): GateVerdict {
  const policy = validation.decision;
  if (policy.outcome === 'auto_reject' || !validation.is_valid) {
    return { kind: 'decided', decision: decision(proposal, false, `policy:${policy.rule}`, policy.reasons.join('; ')) };
  }
  if (mode.dangerouslySkipPermissions) {
    return { kind: 'decided', decision: decision(proposal, true, 'policy:dangerously-skip-permissions', policy.outcome === 'needs_human' ? `would need a person: ${policy.reasons.join('; ')}` : undefined) };
  }
  if (policy.outcome === 'auto_approve' && mode.autoApproveSafe) {
    return { kind: 'decided', decision: decision(proposal, true, `policy:${policy.rule}`) };
  }
  if (mode.interactive) return { kind: 'ask' };
  const why = policy.outcome === 'needs_human' ? `needs a person: ${policy.reasons.join('; ')}` : 'auto-approval not enabled (--auto-approve-safe)';
  return { kind: 'defer', reason: why };
}

/** The person's decision, recorded with who made it. */
export function personDecision(proposal: Proposal, approved: boolean, feedback?: string, modifications?: string): ApprovalDecision {
  const who = process.env.USER ?? process.env.USERNAME;
  return {
    ...decision(proposal, approved, who ? `person:${who}` : 'person', feedback),
    ...(modifications ? { modifications_requested: modifications } : {}),
  };
}
