import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileFacts } from '../../src/scanner/analysis/file-facts.js';
import { runProjectRules } from '../../src/scanner/project-phase.js';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-missing-test-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const module = (...specifiers: string[]): FileFacts => ({
  imports: specifiers.map((specifier, i) => ({ specifier, line: i + 1, typeOnly: false })),
  hasExports: true,
  onlyReExports: false,
});
const barrel = (...specifiers: string[]): FileFacts => ({ ...module(...specifiers), onlyReExports: true });
const script = (...specifiers: string[]): FileFacts => ({ ...module(...specifiers), hasExports: false });
const testFile = (...specifiers: string[]): FileFacts => script(...specifiers);

function untested(files: Record<string, FileFacts>, coversRoot = true): string[] {
  return runProjectRules({
    hashes: new Map(),
    root,
    files: new Map(Object.entries(files)),
    rules: [{ id: 'missing-test', options: {} }],
    coversRoot,
    exclude: [],
  }).findings.map((f) => f.file_path);
}

function write(relative: string, content: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('missing-test', () => {
  it('reports an exporting module that no test imports, and not one a test imports as ../src/a.js', () => {
    const findings = runProjectRules({
    hashes: new Map(),
      root,
      files: new Map([
        ['src/a.ts', module()],
        ['src/b.ts', module()],
        ['test/a.test.ts', testFile('../src/a.js', 'vitest')],
      ]),
      rules: [{ id: 'missing-test', options: {} }],
      coversRoot: true,
      exclude: [],
    }).findings;

    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding.file_path).toBe('src/b.ts');
    expect(finding.line_number).toBe(1);
    expect(finding.rule_id).toBe('missing-test');
    expect(finding.category).toBe('completeness');
    expect(finding.description).toBe('No test file imports this module (src/b.ts); its exports are not tested directly.');
    expect(finding.confidence).toBe(0.6);
  });

  it('does not report barrels, modules without exports or the test files themselves', () => {
    expect(
      untested({
        'src/index.ts': barrel('./a.js'),
        'src/cli.ts': script('./a.js'),
        'src/a.ts': module(),
        'src/a.spec.ts': testFile('./a.js'),
        'test/helpers/setup.ts': module(),
      }),
    ).toEqual([]);
  });

  it('reports nothing in a project without any test file', () => {
    expect(untested({ 'src/a.ts': module(), 'src/b.ts': module() })).toEqual([]);
  });

  it('counts a module as tested when a test imports it by folder index or without an extension', () => {
    expect(
      untested({
        'src/lib/index.ts': module(),
        'src/util.tsx': module(),
        'src/other.ts': module(),
        '__tests__/lib.ts': testFile('../src/lib', '../src/util'),
      }),
    ).toEqual(['src/other.ts']);
  });

  it('does not count a module as tested when only another source module imports it', () => {
    expect(
      untested({
        'src/a.ts': module('./b.js'),
        'src/b.ts': module(),
        'test/a.test.ts': testFile('../src/a.js'),
      }),
    ).toEqual(['src/b.ts']);
  });

  it('finds test files outside the scanned targets on disk and reads their imports', () => {
    write('test/b.test.ts', "import { describe } from 'vitest';\nimport { b } from '../src/b.js';\n");
    write('src/a.ts', 'export const a = 1;\n');
    write('src/b.ts', 'export const b = 1;\n');

    expect(untested({ 'src/a.ts': module(), 'src/b.ts': module() }, false)).toEqual(['src/a.ts']);
  });

  it('does not look for test files on disk when the targets cover the root', () => {
    write('test/b.test.ts', "import { b } from '../src/b.js';\n");

    expect(untested({ 'src/a.ts': module(), 'src/b.ts': module() }, true)).toEqual([]);
  });
});
