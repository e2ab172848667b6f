// Baselines: a file of the fingerprints of accepted findings, so that a CI job fails only on
// new ones. Matching is by fingerprint (which ignores paths and line numbers) and by count, so
// moved code and renamed files keep matching, and a second copy of a known problem is new.
import fs from 'node:fs';
import { z } from 'zod';
import { AutonomousError, describeError } from '../core/errors.js';
import { writeFileAtomic } from '../core/state-store.js';
import type { Finding } from '../models/finding.js';

const BaselineFile = z.object({
  version: z.literal(1),
  tool: z.literal('autonomous'),
  created_at: z.string(),
  findings: z.array(
    z.object({ fingerprint: z.string(), rule_id: z.string(), file_path: z.string(), line_number: z.number().int() }),
  ),
});
export type BaselineFile = z.infer<typeof BaselineFile>;

export function readBaseline(file: string): BaselineFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : describeError(error);
    throw new AutonomousError('E_BASELINE', `--baseline ${file}: ${reason}`, {
      hint: code === 'ENOENT' ? 'Create it with `autonomous scan --baseline FILE --update-baseline`.' : undefined,
    });
  }
  const parsed = BaselineFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AutonomousError('E_BASELINE', `--baseline ${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function writeBaseline(file: string, findings: readonly Finding[]): void {
  const content: BaselineFile = {
    version: 1,
    tool: 'autonomous',
    created_at: new Date().toISOString(),
    findings: findings.map((f) => ({ fingerprint: f.fingerprint, rule_id: f.rule_id, file_path: f.file_path, line_number: f.line_number })),
  };
  writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
}

/** Splits findings into those not in the baseline and the number that matched it. */
export function subtractBaseline(findings: readonly Finding[], baseline: BaselineFile): { fresh: Finding[]; matched: number } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  const fresh: Finding[] = [];
  let matched = 0;
  for (const finding of findings) {
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(finding.fingerprint, left - 1);
      matched++;
    } else {
      fresh.push(finding);
    }
  }
  return { fresh, matched };
}
