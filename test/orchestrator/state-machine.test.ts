import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_STATES, type WorkflowState } from '../../src/models/workflow.js';
import { assertTransition, canTransition, isTerminal, TRANSITIONS } from '../../src/orchestrator/state-machine.js';
import { WorkflowStore } from '../../src/orchestrator/workflow-store.js';

describe('workflow state machine', () => {
  it.each<[WorkflowState, WorkflowState, boolean]>([
    ['pending', 'scanning', true],
    ['scanning', 'proposing', true],
    ['proposing', 'validating', true],
    ['validating', 'awaiting_approval', true],
    ['awaiting_approval', 'implementing', true],
    ['implementing', 'testing', true],
    ['testing', 'completed', true],
    ['testing', 'implementing', true],
    ['testing', 'rolled_back', true],
    ['pending', 'implementing', false],
    ['scanning', 'testing', false],
    ['completed', 'scanning', false],
    ['failed', 'pending', false],
    ['validating', 'implementing', false],
  ])('%s -> %s is allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(/illegal workflow transition/);
  });

  it('lets every non-terminal state fail and no terminal state move', () => {
    for (const state of WORKFLOW_STATES) {
      if (isTerminal(state)) expect(TRANSITIONS[state]).toEqual([]);
      else expect(canTransition(state, 'failed')).toBe(true);
    }
  });
});

describe('WorkflowStore', () => {
  const root = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'wf-store-'));

  it('gives workflows started in the same second distinct ids in the design form', () => {
    const store = new WorkflowStore(root());
    const now = new Date('2025-11-09T14:30:52Z');
    const init = { user_request: 'improve', targets: ['src'], target_scope: 'directory' as const, options: {}, auto_approve_low_risk: false, require_tests: true, dry_run: false };
    const a = store.create(init, now);
    const b = store.create(init, now);
    expect(a.workflow_id).toBe('wf_20251109_143052');
    expect(b.workflow_id).toBe('wf_20251109_143052_2');
  });

  it('saves every transition before returning, with its history', () => {
    const dir = root();
    const store = new WorkflowStore(dir);
    const wf = store.create({ user_request: 'scan', targets: ['.'], target_scope: 'codebase', options: {}, auto_approve_low_risk: false, require_tests: true, dry_run: false });
    store.transition(wf, 'scanning');
    const loaded = new WorkflowStore(dir).load(wf.workflow_id);
    expect(loaded.current_state).toBe('scanning');
    expect(loaded.history.map((h) => h.to)).toEqual(['pending', 'scanning']);
    expect(() => store.transition(wf, 'testing')).toThrow(/scanning -> testing/);
    expect(new WorkflowStore(dir).load(wf.workflow_id).current_state).toBe('scanning');
  });

  it('names a malformed or unknown workflow id in its error', () => {
    const store = new WorkflowStore(root());
    expect(() => store.load('../etc/passwd')).toThrow(/not a workflow id/);
    expect(() => store.load('wf_20250101_000000')).toThrow(/no such workflow/);
  });
});
