// Messages that agents exchange on the bus: the design's AgentRole and MessageType, and one zod
// schema per message type for its payload, so a malformed message is rejected at the bus.
import { z } from 'zod';
import { Finding, ScanReport, Severity, Category } from './finding.js';

export const AGENT_ROLES = [
  'orchestrator',
  'scanner',
  'proposer',
  'validator',
  'security',
  'implementer',
  'test_runner',
  'human',
] as const;
export const AgentRole = z.enum(AGENT_ROLES);
export type AgentRole = z.infer<typeof AgentRole>;

export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

const id = z.string().min(1);

/** Payload schema of each message type. Later agents refine theirs; the bus validates every one. */
export const payloadSchemas = {
  workflow_start: z.object({ workflow_id: id, user_request: z.string(), targets: z.array(z.string()) }),
  scan_request: z.object({
    targets: z.array(z.string()).min(1),
    categories: z.array(Category).optional(),
    min_severity: Severity.optional(),
    rules: z.array(z.string()).optional(),
    strict: z.boolean().optional(),
    /** Rules to run even when they are off by default. */
    enable_rules: z.array(z.string()).optional(),
  }),
  scan_result: z.object({ report: ScanReport }),
  proposal_request: z.object({
    finding_ids: z.array(id).min(1),
    findings: z.array(Finding).optional(),
    /** Alternatives to keep beside each proposal. */
    alternatives: z.number().int().min(0).max(10).optional(),
  }),
  proposal_generated: z.object({ proposal_ids: z.array(id), skipped: z.array(z.object({ finding_id: id, reason: z.string() })) }),
  validation_request: z.object({ proposal_id: id }),
  validation_result: z.object({
    proposal_id: id,
    is_valid: z.boolean(),
    approval_recommendation: z.enum(['approve', 'reject', 'needs_review']),
    confidence: z.number().min(0).max(1),
  }),
  approval_request: z.object({ proposal_ids: z.array(id).min(1) }),
  approval_decision: z.object({
    proposal_id: id,
    approved: z.boolean(),
    feedback: z.string().optional(),
    modifications_requested: z.string().optional(),
  }),
  implementation_request: z.object({
    proposal_ids: z.array(id).min(1),
    dry_run: z.boolean(),
    branch: z.string().optional(),
    /** Stay on the new branch (the orchestrator tests there before switching back). */
    stay: z.boolean().optional(),
    allow_dirty: z.boolean().optional(),
    /** Accept edits that re-locate exactly in files changed since the proposal (earlier proposals of the same run). */
    allow_relocate: z.boolean().optional(),
  }),
  implementation_result: z.object({
    success: z.boolean(),
    branch: z.string().optional(),
    commit: z.string().optional(),
    checkpoint_id: z.string().optional(),
    files: z.array(z.string()),
    base: z.string().optional(),
    error: z.string().optional(),
  }),
  test_request: z.object({
    stages: z.array(z.string()).optional(),
    /** Files of the change under test: new failures name those they point at. */
    changed_files: z.array(z.string()).optional(),
    /** The commit before the change: its (cached) test outcome tells new failures from old ones. */
    baseline_commit: z.string().optional(),
  }),
  test_result: z.object({
    passed: z.number().int().min(0),
    failed: z.number().int().min(0),
    skipped: z.number().int().min(0),
    total: z.number().int().min(0),
    regression_detected: z.boolean(),
    recommendation: z.enum(['approve', 'reject', 'needs_fix']),
    coverage_percent: z.number().min(0).max(100).nullable().optional(),
    new_failures: z.array(z.string()).optional(),
    /** Failing tests with the changed files each points at. */
    suspects: z.record(z.string(), z.array(z.string())).optional(),
    log_file: z.string().optional(),
    /** Set when no test command could be found or started. */
    error: z.string().optional(),
  }),
  rollback_request: z.object({ checkpoint_id: id, reason: z.string() }),
} as const;

export type MessageType = keyof typeof payloadSchemas;
export const MESSAGE_TYPES = Object.keys(payloadSchemas) as MessageType[];
export type PayloadOf<T extends MessageType> = z.infer<(typeof payloadSchemas)[T]>;

export interface AutomationMessage<T extends MessageType = MessageType> {
  message_id: string;
  /** The workflow id the message belongs to. */
  correlation_id: string;
  message_type: T;
  sender: AgentRole;
  recipient: AgentRole;
  priority: Priority;
  timestamp: string;
  payload: PayloadOf<T>;
  metadata: Record<string, unknown>;
}
