// The audit events that CLI commands record about their own work (scan_completed,
// tests_completed): the details built from the command's result by pure functions, and a
// recorder that never lets a failed audit write break the command it describes.
import type { AuditEventInput } from '../models/audit-event.js';
import type { Finding, ScanReport } from '../models/finding.js';
import type { TestResult } from '../models/test-result.js';
import { recordAuditEvent } from './log.js';

export function countBySeverity(findings: ReadonlyArray<Pick<Finding, 'severity'>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

export function scanCompletedDetails(command: string, report: ScanReport): Record<string, unknown> {
  return {
    command,
    scan_id: report.scan_id,
    targets: report.targets,
    files_scanned: report.files_scanned,
    findings: report.findings.length,
    by_severity: countBySeverity(report.findings),
    suppressed: report.suppressed,
    baseline_matched: report.baseline_matched,
  };
}

export function testsCompletedDetails(result: TestResult): Record<string, unknown> {
  return {
    framework: result.framework,
    command: result.command,
    passed: result.passed,
    failed: result.failed,
    skipped: result.skipped,
    total: result.total,
    regression_detected: result.regression_detected,
    new_failures: result.new_failures.length,
    flaky: result.flaky.length,
    timed_out: result.timed_out,
    recommendation: result.recommendation,
    duration_ms: result.duration_ms,
  };
}

/**
 * Records an event of a command run directly from the CLI (agent `cli`, no workflow). A failure to
 * write the trail is reported on stderr, not thrown: the scan or test run it describes did happen.
 */
export function recordCliEvent(root: string, event: Pick<AuditEventInput, 'event_type' | 'details'>): void {
  try {
    recordAuditEvent(root, { ...event, workflow_id: null, proposal_id: null, agent: 'cli' });
  } catch (error) {
    process.stderr.write(`autonomous: warning: could not write the audit log: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

export function recordScanCompleted(root: string, command: string, report: ScanReport): void {
  recordCliEvent(root, { event_type: 'scan_completed', details: scanCompletedDetails(command, report) });
}

export function recordTestsCompleted(root: string, result: TestResult): void {
  recordCliEvent(root, { event_type: 'tests_completed', details: testsCompletedDetails(result) });
}
