// What a deterministic fixer is: keyed by rule id, it turns one finding into candidate edits of
// the file, preferred first (the rest are offered as alternatives), or declines with a reason.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Config } from '../../core/config.js';
import type { Finding } from '../../models/finding.js';
import type { ProposalCategory, SafetyTier, TestCase } from '../../models/proposal.js';
import type { TextEdit } from '../edits.js';

export interface FixContext {
  /** Absolute project root. */
  root: string;
  finding: Finding;
  /** Repository-relative path of the finding's file (forward slashes). */
  filePath: string;
  /** The file's current text (BOM removed). */
  source: string;
  /** The file parsed with ranges and locations (typescript-estree). */
  program: TSESTree.Program;
  config: Config;
  /** Reads another repository file's current text, or undefined when it does not exist. */
  readFile(relative: string): string | undefined;
}

/** One candidate change; the proposer turns it into a Proposal after checking it. */
export interface FixCandidate {
  title: string;
  description: string;
  /**
   * Replacements in current file texts (any file; `start === end` inserts). A file that does not
   * exist yet is created by one edit with start 0, end 0 on its empty text.
   */
  edits: TextEdit[];
  safety: SafetyTier;
  rationale: string;
  benefits: string[];
  risks: string[];
  test_strategy: string;
  test_cases?: TestCase[];
  estimated_effort?: string;
  requires_migration?: boolean;
  /** Overrides the finding's category for the approval policy (e.g. `types`). */
  category?: ProposalCategory;
  /**
   * Whether the rule may still report at this location afterwards by design (e.g. a path check
   * the rule cannot see); the re-scan check is then skipped for this candidate.
   */
  rescanExempt?: boolean;
}

export type FixOutcome = { candidates: FixCandidate[] } | { declined: string };

export interface Fixer {
  ruleId: string;
  /** One line for `autonomous rules` and the docs. */
  description: string;
  fix(context: FixContext): FixOutcome;
}

export function declined(reason: string): FixOutcome {
  return { declined: reason };
}
