import { describe, expect, it } from 'vitest';
import { limitResults, renderSarif } from '../../src/cli/render/sarif.js';
import type { Finding, ScanReport, Severity } from '../../src/models/finding.js';
import { allRuleMetas } from '../../src/scanner/rule-config.js';

function finding(i: number, severity: Severity): Finding {
  return {
    finding_id: `fnd_${i.toString(16).padStart(12, '0')}`,
    rule_id: 'loose-equality',
    severity,
    category: 'quality',
    file_path: `src/f${i}.ts`,
    line_number: 1,
    column: 1,
    end_line: 1,
    end_column: 5,
    description: 'd',
    code_snippet: 'a == b',
    recommendation: 'r',
    confidence: 0.9,
    cwe: [],
    fingerprint: i.toString(16).padStart(32, '0'),
    metadata: {},
  };
}

describe('SARIF output limits', () => {
  it('drops the lowest severities first and keeps the original order', () => {
    const findings = [finding(1, 'info'), finding(2, 'high'), finding(3, 'low'), finding(4, 'critical'), finding(5, 'medium')];
    const { kept, dropped } = limitResults(findings, 3);
    expect(dropped).toBe(2);
    expect(kept.map((f) => f.severity)).toEqual(['high', 'critical', 'medium']);
  });

  it('says in the log how many results were left out', () => {
    const report: ScanReport = {
      scan_id: 'scan_1',
      created_at: new Date(0).toISOString(),
      root: '/project',
      targets: ['.'],
      files_scanned: 3,
      duration_ms: 1,
      findings: [finding(1, 'low'), finding(2, 'high'), finding(3, 'info')],
      suppressed: 0,
      baseline_matched: 0,
    };
    const { text, dropped } = renderSarif(report, allRuleMetas(), '1.0.0', 1);
    const log = JSON.parse(text);
    expect(dropped).toBe(2);
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].results[0].level).toBe('error');
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain('2 lower-severity results');
  });
});
