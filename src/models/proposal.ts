// The Proposal: one concrete, reviewable change, as the design's Proposal model plus the finding(s)
// it answers, the source that produced it, its safety tier, and for every edit the content hash of
// the file it was made against, so a stale proposal is detected instead of applied to a changed file.
import { z } from 'zod';
import { CATEGORIES } from './finding.js';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const riskRank: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * `safe`: behaviour-preserving for every input, may be auto-approved by policy.
 * `unsafe`: may change behaviour; always needs a person.
 */
export const SafetyTier = z.enum(['safe', 'unsafe']);
export type SafetyTier = z.infer<typeof SafetyTier>;

/** Proposal ids are `prop_YYYYMMDD_HHMMSS_xxxx` (timestampId); checked because they name a file. */
export const ProposalId = z.string().regex(/^prop_\d{8}_\d{6}_[0-9a-f]{4,8}$/, 'not a proposal id');

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 hex digest');

/**
 * One replacement in one file. `old_code` occurs in the file; `start` is its offset when the
 * proposal was made (a hint: the apply step re-locates `old_code` and refuses when it is not found
 * exactly once near there). An edit with `base_hash: null` creates a file that must not exist.
 */
export const FileEdit = z.object({
  /** Repository-relative path with forward slashes. */
  file_path: z.string().min(1),
  old_code: z.string(),
  new_code: z.string(),
  /** 0-based UTF-16 offset of `old_code` in the file at proposal time. */
  start: z.number().int().min(0),
  /** sha256 of the whole file the edit was made against; null when the edit creates the file. */
  base_hash: Sha256.nullable(),
});
export type FileEdit = z.infer<typeof FileEdit>;

export const Alternative = z.object({
  title: z.string(),
  description: z.string(),
  /** The alternative's change, when it comes with one. */
  edits: z.array(FileEdit).default([]),
  tradeoffs: z.array(z.string()).default([]),
});
export type Alternative = z.infer<typeof Alternative>;

export const TestCase = z.object({
  name: z.string(),
  description: z.string(),
  /** Test code a person may add, when the source offered it. */
  code: z.string().optional(),
});
export type TestCase = z.infer<typeof TestCase>;

export const TokenUsage = z.object({
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  /** Estimated from the provider's list prices; null when unknown (local models). */
  cost_usd: z.number().min(0).nullable(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const PROPOSAL_STATUSES = ['proposed', 'validated', 'approved', 'rejected', 'implemented', 'rolled_back'] as const;
export const ProposalStatus = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

/**
 * Categories a proposal can have: the finding categories plus the kinds of change the approval
 * policy treats separately (types, formatting, documentation, comments).
 */
export const ProposalCategory = z.enum([...CATEGORIES, 'types', 'formatting', 'documentation', 'comments']);
export type ProposalCategory = z.infer<typeof ProposalCategory>;

export const Proposal = z.object({
  proposal_id: ProposalId,
  /** The finding this answers; null for proposals not made from a finding (add-types). */
  finding_id: z.string().nullable(),
  /** Every finding the change answers (a fixer may fix several at once). */
  finding_ids: z.array(z.string()).default([]),
  rule_id: z.string().nullable(),
  category: ProposalCategory,
  title: z.string().min(1),
  description: z.string(),
  /** The design's single-file view: the first edit's file and text. */
  file_path: z.string().min(1),
  old_code: z.string(),
  new_code: z.string(),
  /** Unified diff of all edits, with `a/` and `b/` prefixes, as `git apply` reads it. */
  diff: z.string(),
  /** All edits, in any number of files; applied together or not at all. */
  edits: z.array(FileEdit).min(1),
  risk_level: RiskLevel,
  /** Why the risk is what it is, one line per factor (rule, size, exported signature, tests). */
  risk_factors: z.array(z.string()).default([]),
  estimated_effort: z.string(),
  breaking_change: z.boolean(),
  requires_migration: z.boolean(),
  rationale: z.string(),
  benefits: z.array(z.string()),
  risks: z.array(z.string()),
  alternatives: z.array(Alternative).default([]),
  test_strategy: z.string(),
  test_cases: z.array(TestCase).default([]),
  /** `fixer:<rule-id>`, `typescript:<fix-name>` or `llm:<provider>/<model>`. */
  source: z.string().regex(/^(fixer|typescript|llm|person):.+$/),
  safety: SafetyTier,
  created_at: z.string(),
  status: ProposalStatus.default('proposed'),
  usage: TokenUsage.optional(),
  /** The validator's result, once validated (see models/validation.ts). */
  validation: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type Proposal = z.infer<typeof Proposal>;
