// The ValidationResult: the design's result of the five validation layers, plus per-layer verdicts
// and durations, the impact analysis, and the approval policy's decision with the rule that made it.
import { z } from 'zod';

export const VALIDATION_LAYERS = ['syntax', 'security', 'quality', 'impact', 'tests'] as const;
export const ValidationLayer = z.enum(VALIDATION_LAYERS);
export type ValidationLayer = z.infer<typeof ValidationLayer>;

export const ValidationIssue = z.object({
  layer: ValidationLayer,
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  file_path: z.string().optional(),
  line: z.number().int().min(1).optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const LayerVerdict = z.object({
  layer: ValidationLayer,
  passed: z.boolean(),
  /** Layers that could not run (no tsconfig, no coverage data) say why here and pass. */
  skipped: z.string().optional(),
  summary: z.string(),
  duration_ms: z.number().min(0),
});
export type LayerVerdict = z.infer<typeof LayerVerdict>;

export const CallSite = z.object({
  file_path: z.string(),
  line: z.number().int().min(1),
  text: z.string(),
});
export type CallSite = z.infer<typeof CallSite>;

export const ImpactAnalysis = z.object({
  breaking_change: z.boolean(),
  /** Exported declarations whose signature the change alters. */
  changed_exports: z.array(z.string()),
  call_sites: z.array(CallSite),
  new_dependencies: z.array(z.string()),
  core_paths: z.array(z.string()),
});
export type ImpactAnalysis = z.infer<typeof ImpactAnalysis>;

export const PolicyOutcome = z.enum(['auto_approve', 'needs_human', 'auto_reject']);
export type PolicyOutcome = z.infer<typeof PolicyOutcome>;

export const PolicyDecision = z.object({
  outcome: PolicyOutcome,
  /** The rule that decided, e.g. `reject.security_below_0.50` or `human.edits_test_file`. */
  rule: z.string(),
  reasons: z.array(z.string()),
});
export type PolicyDecision = z.infer<typeof PolicyDecision>;

export const ValidationResult = z.object({
  proposal_id: z.string(),
  is_valid: z.boolean(),
  approval_recommendation: z.enum(['approve', 'reject', 'needs_review']),
  confidence: z.number().min(0).max(1),
  security_score: z.number().min(0).max(1),
  quality_score: z.number().min(0).max(1),
  risk_score: z.number().min(0).max(1),
  issues: z.array(ValidationIssue),
  warnings: z.array(z.string()),
  suggestions: z.array(z.string()),
  layers: z.array(LayerVerdict),
  impact: ImpactAnalysis.optional(),
  /** Line coverage of the touched lines from the latest coverage data; null when unknown. */
  coverage_percent: z.number().min(0).max(100).nullable().optional(),
  decision: PolicyDecision,
  validated_at: z.string(),
  /** sha256 of each edited file when validated, so a later change to the file invalidates it. */
  file_hashes: z.record(z.string(), z.string().nullable()).default({}),
});
export type ValidationResult = z.infer<typeof ValidationResult>;
