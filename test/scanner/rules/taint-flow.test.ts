import { describe, expect, it } from 'vitest';
import commandInjection from '../../../src/scanner/rules/security/command-injection.js';
import pathTraversal from '../../../src/scanner/rules/security/path-traversal.js';
import sqlInjection from '../../../src/scanner/rules/security/sql-injection.js';
import ssrf from '../../../src/scanner/rules/security/ssrf.js';
import { boundFlow } from '../../../src/scanner/analysis/file-analysis.js';
import type { FlowStep } from '../../../src/scanner/rules/security/taint-flow.js';
import { runRule } from '../../helpers/rule-tester.js';

function flowOf(finding: { metadata: Record<string, unknown> } | undefined): FlowStep[] {
  return (finding?.metadata.flow ?? []) as FlowStep[];
}

describe('taint flows', () => {
  it('names the source and every step from the request to the file system call', () => {
    const code = [
      `import fs from 'fs';`,
      `import path from 'path';`,
      `export function h(req: any, root: string) {`,
      `  const name = req.query.file;`,
      `  const p = path.join(root, name);`,
      `  return fs.readFileSync(p);`,
      `}`,
    ].join('\n');
    const [finding] = runRule(pathTraversal, code);
    expect(finding?.description).toContain('req.query.file (line 4)');
    expect(flowOf(finding).map((s) => [s.line, s.text])).toEqual([
      [4, 'req.query.file'],
      [4, 'name = req.query.file'],
      [5, 'p = path.join(root, name)'],
      [6, 'fs.readFileSync(p)'],
    ]);
    const source = flowOf(finding)[0]!;
    expect([source.column, source.end_line, source.end_column]).toEqual([16, 4, 30]);
  });

  it('follows a reassignment and a template into a shell command', () => {
    const code = [
      `const { execSync } = require('child_process');`,
      `function run(req) {`,
      `  let target = 'a';`,
      `  target = req.body.host;`,
      `  execSync(\`ping \${target}\`);`,
      `}`,
    ].join('\n');
    const [finding] = runRule(commandInjection, code, 'case.js');
    expect(flowOf(finding).map((s) => s.line)).toEqual([4, 4, 5]);
    expect(flowOf(finding)[0]!.text).toBe('req.body.host');
    expect(flowOf(finding)[1]!.text).toBe("target = req.body.host");
    expect(finding?.description).toContain('(line 4)');
  });

  it('crosses a local helper that returns a request value', () => {
    const code = [
      `const { exec } = require('child_process');`,
      `function getName(req) {`,
      `  return req.query.name;`,
      `}`,
      `function handler(req, res) {`,
      `  const name = getName(req);`,
      `  exec('convert ' + name);`,
      `}`,
    ].join('\n');
    const findings = runRule(commandInjection, code, 'case.js');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.description).toContain('req.query.name');
    expect(findings[0]!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(flowOf(findings[0]).map((s) => s.text)).toEqual([
      'req.query.name',
      'return req.query.name;',
      'name = getName(req)',
      "exec('convert ' + name)",
    ]);
  });

  it('crosses an arrow helper that returns its parameter unchanged', () => {
    const code = [
      `import { exec } from 'child_process';`,
      `const pass = (v: string) => v;`,
      `exec(pass(process.argv[2]!));`,
    ].join('\n');
    const findings = runRule(commandInjection, code);
    expect(findings.map((f) => f.line_number)).toEqual([3]);
    expect(findings[0]!.description).toContain('process.argv');
  });

  it('does not treat a helper that ignores its parameter as a source', () => {
    const code = [
      `const { exec } = require('child_process');`,
      `function fixed(req) {`,
      `  return 'ls';`,
      `}`,
      `function handler(req) { exec(fixed(req)); }`,
    ].join('\n');
    expect(runRule(commandInjection, code, 'case.js').map((f) => f.description)).toEqual([]);
  });

  it('bounds a long flow to its source and the steps nearest the sink', () => {
    const steps = Array.from({ length: 14 }, (_, i) => i);
    expect(boundFlow(steps, 10)).toEqual([0, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(boundFlow([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });

  it('puts the tainted part of a SQL concatenation in the flow', () => {
    const code = [
      `export async function h(req: any, db: any) {`,
      `  const id = req.params.id;`,
      `  return db.query('SELECT * FROM users WHERE id = ' + id);`,
      `}`,
    ].join('\n');
    const [finding] = runRule(sqlInjection, code);
    expect(flowOf(finding).map((s) => s.line)).toEqual([2, 2, 3]);
  });
});

describe('allow-list sanitiser', () => {
  const guarded = (check: string) =>
    [
      `const { exec } = require('child_process');`,
      `const ALLOWED = ['ls', 'pwd'];`,
      `function h(req) {`,
      `  const cmd = req.query.cmd;`,
      `  ${check}`,
      `  exec(cmd);`,
      `}`,
    ].join('\n');

  it('accepts a value checked against a constant list before use', () => {
    expect(runRule(commandInjection, guarded('if (!ALLOWED.includes(cmd)) return;'), 'case.js')).toEqual([]);
  });

  it('accepts a constant Set checked with has()', () => {
    const code = [
      `const fetch = globalThis.fetch;`,
      `const HOSTS = new Set(['https://a.example', 'https://b.example']);`,
      `export async function h(req: any) {`,
      `  const url = req.query.url;`,
      `  if (HOSTS.has(url)) {`,
      `    return fetch(url);`,
      `  }`,
      `}`,
    ].join('\n');
    expect(runRule(ssrf, code).map((f) => f.description)).toEqual([]);
  });

  it('does not accept a membership test on a list that is not constant', () => {
    const code = guarded('if (!req.body.list.includes(cmd)) return;');
    expect(runRule(commandInjection, code, 'case.js').map((f) => f.line_number)).toEqual([6]);
  });

  it('does not accept a check of another name', () => {
    const code = guarded('if (!ALLOWED.includes(req.query.other)) return;');
    expect(runRule(commandInjection, code, 'case.js').map((f) => f.line_number)).toEqual([6]);
  });
});

describe('regex injection flow', () => {
  it('traces a query value into new RegExp()', async () => {
    const { default: redos } = await import('../../../src/scanner/rules/security/redos.js');
    const code = [`export function h(req: any) {`, `  const term = req.query.q;`, `  return new RegExp(term);`, `}`].join('\n');
    const [finding] = runRule(redos, code);
    expect(finding?.description).toContain('req.query.q (line 2)');
    expect(flowOf(finding).map((s) => s.line)).toEqual([2, 2, 3]);
  });
});
