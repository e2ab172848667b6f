import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../src/models/proposal.js';
import type { ValidationResult } from '../../src/models/validation.js';
import { gateVerdict, type GateMode } from '../../src/orchestrator/approval.js';

const proposal = { proposal_id: 'prop_20250101_000000_abcd' } as Proposal;

function validation(outcome: ValidationResult['decision']['outcome'], isValid = true): ValidationResult {
  return { is_valid: isValid, decision: { outcome, rule: outcome === 'auto_reject' ? 'reject.dangerous_pattern' : outcome === 'needs_human' ? 'human.unsafe_fix' : 'approve.policy', reasons: ['because'] } } as ValidationResult;
}

const mode = (overrides: Partial<GateMode> = {}): GateMode => ({ autoApproveSafe: false, dangerouslySkipPermissions: false, interactive: false, ...overrides });

describe('gateVerdict', () => {
  it.each<[string, ValidationResult, GateMode, string, boolean | undefined, string | undefined]>([
    ['a policy rejection is final even with the dangerous flag', validation('auto_reject'), mode({ dangerouslySkipPermissions: true }), 'decided', false, 'policy:reject.dangerous_pattern'],
    ['an invalid proposal is rejected', validation('auto_approve', false), mode({ autoApproveSafe: true }), 'decided', false, 'policy:approve.policy'],
    ['--auto-approve-safe takes what the policy approves', validation('auto_approve'), mode({ autoApproveSafe: true }), 'decided', true, 'policy:approve.policy'],
    ['--auto-approve-safe asks a person about the rest on a terminal', validation('needs_human'), mode({ autoApproveSafe: true, interactive: true }), 'ask', undefined, undefined],
    ['without a terminal the rest waits', validation('needs_human'), mode({ autoApproveSafe: true }), 'defer', undefined, undefined],
    ['without any approval flag even safe proposals wait in CI', validation('auto_approve'), mode(), 'defer', undefined, undefined],
    ['the dangerous flag approves what needs a person', validation('needs_human'), mode({ dangerouslySkipPermissions: true }), 'decided', true, 'policy:dangerously-skip-permissions'],
    ['on a terminal without flags the person decides', validation('auto_approve'), mode({ interactive: true }), 'ask', undefined, undefined],
  ])('%s', (_name, result, gateMode, kind, approved, decidedBy) => {
    const verdict = gateVerdict(proposal, result, gateMode);
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'decided') {
      expect(verdict.decision.approved).toBe(approved);
      expect(verdict.decision.decided_by).toBe(decidedBy);
    }
  });
});
