// The security agent's full scan: every security rule of the scanner (dataflow-aware sinks,
// secrets in code, ReDoS), secrets in every text file of the repository, and the dependency audit,
// merged into one report. A check that could not run says so in the report's notes; it never
// reads as "nothing found".
import path from 'node:path';
import { type Finding, type ScanReport, isAtLeast } from '../models/finding.js';
import { compareFindings, scanProject, type ScanOptions, type ScanOutcome } from '../scanner/scan.js';
import { auditDependencies } from './dependency-audit.js';
import { scanSecrets } from './secrets.js';

/** Security rules too costly for every `scan`, which the deep security scan always runs. */
export const SECURITY_SCAN_RULES = ['redos'];

export interface SecurityScanOptions extends Omit<ScanOptions, 'categories' | 'save'> {
  /** Check the lockfile against the registry's advisories (default true). */
  audit?: boolean;
  /** Look for secrets in every text file, not only in JS/TS code (default true). */
  secrets?: boolean;
  registry?: string;
  auditTimeoutMs?: number;
}

export interface SecurityScanOutcome {
  report: ScanReport;
  scan: ScanOutcome;
  notes: string[];
}

export async function runSecurityScan(options: SecurityScanOptions): Promise<SecurityScanOutcome> {
  const scan = await scanProject({ ...options, categories: ['security'], enableRules: SECURITY_SCAN_RULES, save: false });
  const notes: string[] = [];
  const extra: Finding[] = [];
  const inTargets = targetFilter(options.root, options.targets);

  if (options.secrets ?? true) {
    const secrets = await scanSecrets(options.root);
    extra.push(...secrets.findings.filter((f) => inTargets(f.file_path)));
  }
  if (options.audit ?? true) {
    const audit = await auditDependencies(options.root, { registry: options.registry, timeoutMs: options.auditTimeoutMs });
    if (audit.ran) extra.push(...audit.findings);
    else notes.push(`dependency audit could not run: ${audit.reason ?? 'unknown reason'}`);
    notes.push(...audit.notes);
  }

  const minSeverity = options.minSeverity;
  const kept = minSeverity ? extra.filter((f) => isAtLeast(f.severity, minSeverity)) : extra;
  const findings = [...scan.report.findings, ...kept].sort(compareFindings);
  const report: ScanReport = { ...scan.report, findings, ...(notes.length > 0 ? { notes } : {}) };
  return { report, scan, notes };
}

/** Secrets are found repository-wide; keep those under the scanned targets. */
function targetFilter(root: string, targets: readonly string[]): (relative: string) => boolean {
  const prefixes = targets.map((t) => path.relative(root, path.resolve(t)).split(path.sep).join('/'));
  if (prefixes.some((p) => p === '' || p === '.')) return () => true;
  return (relative) => prefixes.some((p) => relative === p || relative.startsWith(`${p}/`));
}
