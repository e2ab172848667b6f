import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { limitResults, renderSarif } from '../../src/cli/render/sarif.js';
import type { Finding, ScanReport, Severity } from '../../src/models/finding.js';
import { allRuleMetas } from '../../src/scanner/rule-config.js';
import pathTraversal from '../../src/scanner/rules/security/path-traversal.js';
import { runRule } from '../helpers/rule-tester.js';

const require = createRequire(import.meta.url);
// The official SARIF 2.1.0 JSON schema (draft-04), as shipped in Microsoft's @microsoft/jest-sarif.
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv = require('ajv') as new (options: object) => { addMetaSchema(schema: object): void; compile(schema: object): Validate };
const ajv = new Ajv({ schemaId: 'auto', validateSchema: false, allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
const validateSarif = ajv.compile(sarifSchema);

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

describe('SARIF code flows', () => {
  const code = [
    `import fs from 'fs';`,
    `import path from 'path';`,
    `export function h(req: any, root: string) {`,
    `  const name = req.query.file;`,
    `  const p = path.join(root, name);`,
    `  return fs.readFileSync(p);`,
    `}`,
  ].join('\n');

  function report(findings: Finding[]): ScanReport {
    return {
      scan_id: 'scan_flow',
      created_at: new Date(0).toISOString(),
      root: '/project',
      targets: ['.'],
      files_scanned: 1,
      duration_ms: 1,
      findings,
      suppressed: 0,
      baseline_matched: 0,
    };
  }

  it('emits a thread flow from the source to the sink that validates against the official schema', () => {
    const findings = runRule(pathTraversal, code, 'src/h.ts');
    expect(findings).toHaveLength(1);
    const log = JSON.parse(renderSarif(report(findings), allRuleMetas(), '1.0.0').text);
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors)).toEqual([]);
    expect(valid).toBe(true);
    const locations = log.runs[0].results[0].codeFlows[0].threadFlows[0].locations;
    expect(locations.map((l: { location: { physicalLocation: { region: { startLine: number } } } }) => l.location.physicalLocation.region.startLine)).toEqual([4, 4, 5, 6]);
    expect(locations[0].location.message.text).toBe('req.query.file');
    expect(locations[0].location.physicalLocation.artifactLocation.uri).toBe('src/h.ts');
  });

  it('leaves codeFlows out when a finding has no flow or a malformed one', () => {
    const plain = finding(1, 'high');
    const broken = { ...finding(2, 'high'), metadata: { flow: [{ line: 'x' }] } };
    const log = JSON.parse(renderSarif(report([plain, broken]), allRuleMetas(), '1.0.0').text);
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0].results.map((r: { codeFlows?: unknown }) => r.codeFlows)).toEqual([undefined, undefined]);
  });
});
