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
