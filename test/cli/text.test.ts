import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/render/text.js';
import type { ScanReport } from '../../src/models/finding.js';
import pathTraversal from '../../src/scanner/rules/security/path-traversal.js';
import { runRule } from '../helpers/rule-tester.js';

const plain = new Chalk({ level: 0 });

describe('text output of taint findings', () => {
  it('shows the OWASP category and one flow line per step under the finding', () => {
    const code = [
      `import fs from 'fs';`,
      `export function h(req: any) {`,
      `  const name = req.params.name;`,
      `  return fs.readFileSync('/srv/' + name);`,
      `}`,
    ].join('\n');
    const findings = runRule(pathTraversal, code, 'src/h.ts');
    const report: ScanReport = {
      scan_id: 'scan_text',
      created_at: new Date(0).toISOString(),
      root: '/nonexistent-root',
      targets: ['.'],
      files_scanned: 1,
      duration_ms: 1,
      findings,
      suppressed: 0,
      baseline_matched: 0,
    };
    const text = renderText(report, { chalk: plain, color: false, frames: false });
    expect(text).toContain('OWASP A01:2021');
    expect(text).toContain('req.params.name (line 3)');
    const flow = text.split('\n').filter((l) => l.trim().startsWith('flow:'));
    expect(flow.map((l) => l.trim())).toEqual([
      'flow: 3:16 req.params.name',
      'flow: 3:9 name = req.params.name',
      "flow: 4:10 fs.readFileSync('/srv/' + name)",
    ]);
  });
});
