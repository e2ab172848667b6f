// The Finding: one problem the scanner found, as the design's Finding model plus rule id, CWE,
// end position and a fingerprint that survives unrelated edits and renames.
import { z } from 'zod';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Higher is more severe; used for `--severity` and `--fail-on` comparisons. */
export const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return severityRank[severity] >= severityRank[minimum];
}

export const CATEGORIES = [
  'security',
  'error_handling',
  'quality',
  'performance',
  'completeness',
  'architecture',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const Finding = z.object({
  finding_id: z.string().regex(/^fnd_[0-9a-f]{12}$/),
  rule_id: z.string().min(1),
  severity: Severity,
  category: Category,
  /** Repository-relative path with forward slashes. */
  file_path: z.string().min(1),
  /** 1-based. */
  line_number: z.number().int().min(1),
  /** 1-based. */
  column: z.number().int().min(1),
  end_line: z.number().int().min(1),
  end_column: z.number().int().min(1),
  description: z.string(),
  code_snippet: z.string(),
  recommendation: z.string(),
  confidence: z.number().min(0).max(1),
  cwe: z.array(z.string().regex(/^CWE-\d+$/)),
  /** Stable across line shifts and file renames: rule, normalised code and its context. */
  fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type Finding = z.infer<typeof Finding>;

/** What `scan` saves under `.autonomous/` so later commands can refer to finding ids. */
export const ScanReport = z.object({
  scan_id: z.string(),
  created_at: z.string(),
  root: z.string(),
  targets: z.array(z.string()),
  files_scanned: z.number().int().min(0),
  duration_ms: z.number().min(0),
  findings: z.array(Finding),
  suppressed: z.number().int().min(0),
  baseline_matched: z.number().int().min(0),
  /** Checks that could not run or ran partly (e.g. the dependency audit offline), one line each. */
  notes: z.array(z.string()).optional(),
});
export type ScanReport = z.infer<typeof ScanReport>;
