// Layer 2, security: only what the change introduces counts. Each changed source file goes through
// the deep scan (old vs new text); a dangerous pattern added anywhere fails the layer (and the
// policy rejects), new findings lower the score, removed ones never do.
import type { ValidationIssue } from '../../models/validation.js';
import { deepScan, securityScore, type DangerousPattern } from '../../security/deep-scan.js';
import type { Finding } from '../../models/finding.js';
import { SOURCE_FILE, type LayerContext, type LayerOutcome } from '../context.js';

export interface SecurityOutcome extends LayerOutcome {
  score: number;
  introduced: Finding[];
  removed: Finding[];
  dangerous: Array<DangerousPattern & { file_path: string }>;
}

export async function runSecurityLayer(context: LayerContext): Promise<SecurityOutcome> {
  const introduced: Finding[] = [];
  const removed: Finding[] = [];
  const dangerous: Array<DangerousPattern & { file_path: string }> = [];
  for (const file of context.files) {
    if (!SOURCE_FILE.test(file.file_path)) continue;
    const result = await deepScan(file.file_path, file.before, file.after);
    introduced.push(...result.introduced);
    removed.push(...result.removed);
    dangerous.push(...result.dangerous.map((d) => ({ ...d, file_path: file.file_path })));
  }
  const issues: ValidationIssue[] = [
    ...dangerous.map((d): ValidationIssue => ({ layer: 'security', severity: 'error', message: `adds a dangerous pattern: ${d.message} (${d.code})`, file_path: d.file_path, line: d.line })),
    ...introduced.map((f): ValidationIssue => ({
      layer: 'security',
      severity: f.severity === 'critical' || f.severity === 'high' ? 'error' : 'warning',
      message: `introduces ${f.rule_id} (${f.severity}): ${f.description}`,
      file_path: f.file_path,
      line: f.line_number,
    })),
  ];
  const score = securityScore(introduced);
  const passed = dangerous.length === 0 && !issues.some((i) => i.severity === 'error');
  const parts = [`score ${score.toFixed(2)}`, `${introduced.length} introduced`, `${removed.length} removed`];
  if (dangerous.length > 0) parts.push(`${dangerous.length} dangerous pattern(s) added`);
  return {
    passed,
    summary: parts.join(', '),
    issues,
    warnings: [],
    suggestions: passed ? [] : ['Remove the dangerous construct; pass arguments as an array without a shell, use JSON or a safe schema, keep TLS checks on.'],
    score,
    introduced,
    removed,
    dangerous,
  };
}
