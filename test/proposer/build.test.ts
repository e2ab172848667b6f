import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFileEdits, applyTextEdits, locateEdit } from '../../src/proposer/edits.js';
import { buildProposal, computeChanges, parseProblem, proposalFileTexts, unifiedDiff } from '../../src/proposer/build.js';
import { breakingExportChanges } from '../../src/proposer/exports.js';
import type { FixCandidate } from '../../src/proposer/fixers/types.js';
import { initGitRepo, writeFile } from '../helpers/cli.js';

function tempRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proposer-build-'));
  for (const [name, text] of Object.entries(files)) writeFile(dir, name, text);
  return dir;
}

function candidate(edits: FixCandidate['edits'], safety: FixCandidate['safety'] = 'safe'): FixCandidate {
  return { title: 'Change', description: 'd', edits, safety, rationale: 'r', benefits: ['b'], risks: [], test_strategy: 't' };
}

describe('text edits', () => {
  it('applies non-overlapping edits in any order and refuses overlaps', () => {
    expect(applyTextEdits('abcdef', [{ start: 4, end: 5, new_code: 'E' }, { start: 0, end: 1, new_code: 'A' }])).toBe('AbcdEf');
    expect(() => applyTextEdits('abcdef', [{ start: 0, end: 3, new_code: '' }, { start: 2, end: 4, new_code: '' }])).toThrow(/overlaps/);
  });

  it('re-locates old code that moved, and refuses old code that is gone or ambiguous', () => {
    expect(locateEdit('x\nfoo()\n', { old_code: 'foo()\n', start: 0 })).toBe(2);
    expect(locateEdit('foo()\nfoo()\n', { old_code: 'foo()\n', start: 3 })).toBeUndefined();
    const result = applyFileEdits('a\nb\n', [{ file_path: 'f.ts', old_code: 'c\n', new_code: 'd\n', start: 0, base_hash: null }]);
    expect(result).toEqual({ error: expect.stringContaining('no longer in the file') });
  });
});

describe('computeChanges', () => {
  it('widens edits to whole lines and keeps the file untouched elsewhere', () => {
    const root = tempRepo({ 'src/a.ts': 'const a = 1;\nif (a == 1) run();\nexport {};\n' });
    const text = fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8');
    const at = text.indexOf('==');
    const result = computeChanges(root, [{ file_path: 'src/a.ts', start: at, end: at + 2, new_code: '===' }]);
    if ('error' in result) throw new Error(result.error);
    expect(result.changes[0]!.edits).toEqual([expect.objectContaining({ old_code: 'if (a == 1) run();\n', new_code: 'if (a === 1) run();\n', start: 13 })]);
    expect(result.changes[0]!.after).toBe('const a = 1;\nif (a === 1) run();\nexport {};\n');
  });

  it('keeps CRLF line endings and counts a BOM in offsets', () => {
    const root = tempRepo({ 'a.js': '\uFEFFlet x = 1;\r\nlet y = 2;\r\n' });
    const source = 'let x = 1;\r\nlet y = 2;\r\n';
    const at = source.indexOf('let y');
    const result = computeChanges(root, [{ file_path: 'a.js', start: at, end: at, new_code: '// note\n' }]);
    if ('error' in result) throw new Error(result.error);
    expect(result.changes[0]!.after).toBe('\uFEFFlet x = 1;\r\n// note\r\nlet y = 2;\r\n');
  });

  it('reports a result that does not parse instead of building it', () => {
    const root = tempRepo({ 'a.ts': 'export const x = 1;\n' });
    const result = computeChanges(root, [{ file_path: 'a.ts', start: 0, end: 6, new_code: 'export ((' }]);
    expect(result).toEqual({ error: expect.stringMatching(/^a\.ts:1:\d+: /) });
    expect(parseProblem('b.json', '{"a":')).toMatch(/^b\.json: /);
  });

  it('refuses paths that leave the repository, directly or through a symlink', () => {
    const root = tempRepo({ 'a.ts': 'x\n' });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    fs.symlinkSync(outside, path.join(root, 'link'));
    expect(() => computeChanges(root, [{ file_path: '../x.ts', start: 0, end: 0, new_code: 'y' }])).toThrow(/outside the repository/);
    expect(() => computeChanges(root, [{ file_path: '/etc/passwd', start: 0, end: 0, new_code: 'y' }])).toThrow(/absolute paths are refused/);
    expect(() => computeChanges(root, [{ file_path: 'link/new.ts', start: 0, end: 0, new_code: 'y' }])).toThrow(/through a symlink/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('produces a diff that git applies to the original tree, including a new file', () => {
    const root = tempRepo({ 'src/a.ts': 'export function f(a) {\n  return a;\n}\n', 'README.md': 'x\n' });
    initGitRepo(root);
    const result = computeChanges(root, [
      { file_path: 'src/a.ts', start: 18, end: 19, new_code: 'a: number' },
      { file_path: '.env.example', start: 0, end: 0, new_code: 'TOKEN=\n' },
    ]);
    if ('error' in result) throw new Error(result.error);
    const diff = unifiedDiff(result.changes);
    const patch = path.join(root, '..', `${path.basename(root)}.patch`);
    fs.writeFileSync(patch, diff);
    execFileSync('git', ['apply', '--check', patch], { cwd: root });
    execFileSync('git', ['apply', patch], { cwd: root });
    expect(fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toBe(result.changes[0]!.after);
    expect(fs.readFileSync(path.join(root, '.env.example'), 'utf8')).toBe('TOKEN=\n');
  });
});

describe('breakingExportChanges', () => {
  it.each([
    ['adds a required parameter', 'export function f(a: string) {}', 'export function f(a: string, b: number) {}', /needs 2 argument/],
    ['retypes a parameter', 'export function f(a: string) {}', 'export function f(a: number) {}', /parameter 1 changes type/],
    ['removes an export', 'export const x = 1; export function f() {}', 'export const x = 1;', /no longer exported/],
    ['changes an annotated return type', 'export const f = (): string => "";', 'export const f = (): number => 1;', /returns number/],
    ['changes a public method', 'export class C { m(a: string) {} }', 'export class C { m(a: string, b: string) {} }', /needs 2/],
    ['changes a CommonJS export', 'exports.f = function (a) {};', 'exports.f = function (a, b) {};', /needs 2/],
  ])('reports a change that %s', (_name, before, after, reason) => {
    const changes = breakingExportChanges('m.ts', before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.reason).toMatch(reason);
  });

  it.each([
    ['adds a return type where there was none', 'export function f(a: string) { return a; }', 'export function f(a: string): string { return a; }'],
    ['adds an optional parameter', 'export function f(a: string) {}', 'export function f(a: string, b?: number) {}'],
    ['changes only the body', 'export function f() { return 1; }', 'export function f() { return 2; }'],
    ['changes a private member', 'export class C { private m(a: string) {} }', 'export class C { private m() {} }'],
    ['changes a function that is not exported', 'function g(a) {} export {}', 'function g(a, b) {} export {}'],
  ])('does not report a change that %s', (_name, before, after) => {
    expect(breakingExportChanges('m.ts', before, after)).toEqual([]);
  });
});

describe('buildProposal', () => {
  it('explains its risk and records the hash of the file it was made against', () => {
    const root = tempRepo({ 'src/lib.ts': 'export function f(a: string) {\n  return a;\n}\n' });
    const built = buildProposal({ root, finding: null, source: 'fixer:test', candidate: candidate([{ file_path: 'src/lib.ts', start: 27, end: 27, new_code: ', b: number' }], 'unsafe') });
    if ('error' in built) throw new Error(built.error);
    const p = built.proposal;
    expect(p.breaking_change).toBe(true);
    expect(p.risk_level).toBe('high');
    expect(p.risk_factors.join('\n')).toMatch(/changes exported signatures: src\/lib\.ts: f needs 2/);
    expect(p.risk_factors.join('\n')).toMatch(/no tests found for src\/lib\.ts/);
    expect(p.edits[0]!.base_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.diff).toContain('+export function f(a: string, b: number) {');
    const texts = proposalFileTexts(root, p);
    if ('error' in texts) throw new Error(texts.error);
    expect(texts.get('src/lib.ts')!.after).toContain('b: number');
  });

  it('rates a small safe change in a tested file as low risk', () => {
    const root = tempRepo({ 'src/lib.ts': 'export const x = 1;\n', 'test/lib.test.ts': 'import "../src/lib";\n' });
    const built = buildProposal({ root, finding: null, source: 'fixer:test', candidate: candidate([{ file_path: 'src/lib.ts', start: 0, end: 0, new_code: '// x\n' }]) });
    if ('error' in built) throw new Error(built.error);
    expect(built.proposal.risk_level).toBe('low');
    expect(built.proposal.risk_factors.some((f) => f.startsWith('no tests'))).toBe(false);
  });
});
