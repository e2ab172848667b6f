import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countBySeverity, recordCliEvent, testsCompletedDetails } from '../../src/audit/events.js';
import { auditLogPath } from '../../src/audit/location.js';
import type { TestResult } from '../../src/models/test-result.js';

describe('countBySeverity', () => {
  it('counts findings per severity, leaving out severities with none', () => {
    expect(countBySeverity([{ severity: 'high' }, { severity: 'low' }, { severity: 'high' }])).toEqual({ high: 2, low: 1 });
  });
});

describe('testsCompletedDetails', () => {
  it('keeps the counts, the regression flag and the recommendation, not the failure texts', () => {
    const result = {
      framework: 'node', command: ['node', '--test'], passed: 3, failed: 1, skipped: 0, total: 4, regression_detected: true,
      new_failures: ['a'], flaky: [], timed_out: false, recommendation: 'reject', duration_ms: 10,
      failures: [{ test_id: 'a', message: 'FAILURE_TEXT_MARKER' }],
    } as unknown as TestResult;
    const details = testsCompletedDetails(result);
    expect(details).toMatchObject({ passed: 3, failed: 1, regression_detected: true, new_failures: 1, recommendation: 'reject' });
    expect(JSON.stringify(details)).not.toContain('FAILURE_TEXT_MARKER');
  });
});

describe('recordCliEvent', () => {
  it('warns instead of throwing when the log cannot be written', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-events-'));
    // a file where the state folder should be: the log cannot be created
    fs.writeFileSync(path.join(root, '.autonomous'), 'not a folder');
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(() => recordCliEvent(root, { event_type: 'scan_completed', details: {} })).not.toThrow();
    } finally {
      process.stderr.write = original;
      fs.rmSync(root, { recursive: true, force: true });
    }
    expect(written.join('')).toMatch(/could not write the audit log/);
    expect(fs.existsSync(auditLogPath(root))).toBe(false);
  });
});
