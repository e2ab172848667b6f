// Workflow models: the design's WorkflowState, ImplementationResult and ApprovalDecision.
import { z } from 'zod';

export const WORKFLOW_STATES = [
  'pending',
  'scanning',
  'proposing',
  'validating',
  'awaiting_approval',
  'implementing',
  'testing',
  'completed',
  'failed',
  'rolled_back',
] as const;
export const WorkflowState = z.enum(WORKFLOW_STATES);
export type WorkflowState = z.infer<typeof WorkflowState>;

export const ImplementationResult = z.object({
  success: z.boolean(),
  dry_run: z.boolean(),
  proposal_ids: z.array(z.string()),
  /** The auto/... branch the change was committed on; null for a dry run or a failure. */
  branch: z.string().nullable(),
  /** The branch (or detached commit) the person started from, which is never changed. */
  base: z.string(),
  commit: z.string().nullable(),
  files: z.array(z.string()),
  checkpoint_id: z.string().nullable(),
  duration_ms: z.number().min(0),
  rolled_back: z.boolean().default(false),
  message: z.string().optional(),
  error: z.string().optional(),
});
export type ImplementationResult = z.infer<typeof ImplementationResult>;

export const ApprovalDecision = z.object({
  proposal_id: z.string(),
  approved: z.boolean(),
  /** `person` (with the user name when known) or `policy:<rule>`. */
  decided_by: z.string(),
  feedback: z.string().optional(),
  modifications_requested: z.string().optional(),
  timestamp: z.string(),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** Workflow ids in the design's form, `wf_YYYYMMDD_HHMMSS`, with `_N` added when that second is taken. */
export const WorkflowId = z.string().regex(/^wf_\d{8}_\d{6}(_\d+)?$/, 'not a workflow id');

export const StateChange = z.object({
  from: WorkflowState.nullable(),
  to: WorkflowState,
  at: z.string(),
  note: z.string().optional(),
});
export type StateChange = z.infer<typeof StateChange>;

export const StepTiming = z.object({
  step: z.string(),
  started_at: z.string(),
  duration_ms: z.number().min(0),
});
export type StepTiming = z.infer<typeof StepTiming>;

export const ProposalOutcome = z.object({
  proposal_id: z.string(),
  outcome: z.enum(['approved', 'rejected', 'awaiting_approval', 'implemented', 'rolled_back', 'skipped']),
  reason: z.string().optional(),
});
export type ProposalOutcome = z.infer<typeof ProposalOutcome>;

/** The persisted workflow: the design's WorkflowPlan, saved before every next step. */
export const Workflow = z.object({
  workflow_id: WorkflowId,
  user_request: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  targets: z.array(z.string()),
  target_scope: z.enum(['file', 'directory', 'codebase']),
  options: z.record(z.string(), z.unknown()).default({}),
  auto_approve_low_risk: z.boolean().default(false),
  require_tests: z.boolean().default(true),
  dry_run: z.boolean().default(false),
  current_state: WorkflowState,
  history: z.array(StateChange).default([]),
  steps: z.array(StepTiming).default([]),
  finding_ids: z.array(z.string()).default([]),
  proposal_ids: z.array(z.string()).default([]),
  approved_proposals: z.array(z.string()).default([]),
  decisions: z.array(ApprovalDecision).default([]),
  outcomes: z.array(ProposalOutcome).default([]),
  implementations: z.array(ImplementationResult).default([]),
  /** Short summaries of test runs (passed/failed/regression), newest last. */
  test_results: z.array(z.record(z.string(), z.unknown())).default([]),
  checkpoint_id: z.string().nullable().default(null),
  branch: z.string().nullable().default(null),
  base: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
  /** pid of the process running it, to tell a live run from a killed one. */
  pid: z.number().int().nullable().default(null),
});
export type Workflow = z.infer<typeof Workflow>;
