import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinterResult, TestResult } from '../../src/models/test-result.js';
import {
  OUTPUT_TAIL_CHARS,
  countPrettierFiles,
  countTscErrors,
  planLinters,
  readEslintJson,
  readLinterOutput,
  type LinterFacts,
} from '../../src/test-runner/linters.js';
import { runTests } from '../../src/test-runner/run.js';

const BIN = '/p/node_modules/.bin';
const facts = (rootFiles: string[], bins: string[], packageJsonKeys: string[] = ['name']): LinterFacts => ({ rootFiles, bins, packageJsonKeys, binDir: BIN });

describe('planLinters', () => {
  it.each([
    { name: 'runs tsc when there is a tsconfig and a local tsc', facts: facts(['tsconfig.json'], ['tsc']), expected: [['tsc', `${BIN}/tsc`, '--noEmit', '-p', 'tsconfig.json']] },
    { name: 'skips tsc without a tsconfig', facts: facts(['package.json'], ['tsc']), expected: [] },
    { name: 'skips tsc that is not installed locally', facts: facts(['tsconfig.json'], []), expected: [] },
    { name: 'runs eslint with a flat config', facts: facts(['eslint.config.js'], ['eslint']), expected: [['eslint', `${BIN}/eslint`, '.', '--format', 'json']] },
    { name: 'runs eslint configured in package.json', facts: facts([], ['eslint'], ['name', 'eslintConfig']), expected: [['eslint', `${BIN}/eslint`, '.', '--format', 'json']] },
    { name: 'skips eslint without a config', facts: facts([], ['eslint']), expected: [] },
    { name: 'runs prettier with a .prettierrc', facts: facts(['.prettierrc'], ['prettier']), expected: [['prettier', `${BIN}/prettier`, '--check', '.']] },
    { name: 'skips prettier configured but not installed', facts: facts([], [], ['prettier']), expected: [] },
    {
      name: 'runs all three in a fixed order',
      facts: facts(['.prettierrc.json', 'eslint.config.mjs', 'tsconfig.json'], ['prettier', 'eslint', 'tsc']),
      expected: [
        ['tsc', `${BIN}/tsc`, '--noEmit', '-p', 'tsconfig.json'],
        ['eslint', `${BIN}/eslint`, '.', '--format', 'json'],
        ['prettier', `${BIN}/prettier`, '--check', '.'],
      ],
    },
  ])('$name', ({ facts, expected }) => {
    expect(planLinters(facts).map((p) => [p.name, ...p.command])).toEqual(expected);
  });
});

const TSC_OUTPUT = `src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.
src/b.ts(10,1): error TS2304: Cannot find name 'foo'.
`;
const TSC_PRETTY = `src/a.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'.

3 const x: number = 'a';
        ~

Found 1 error in src/a.ts:3
`;
const PRETTIER_OUTPUT = `Checking formatting...
[warn] src/a.ts
[warn] src/b.ts
[warn] Code style issues found in 2 files. Run Prettier with --write to fix.
`;
const ESLINT_JSON = JSON.stringify([
  {
    filePath: '/p/src/a.js',
    messages: [
      { ruleId: 'no-unused-vars', severity: 2, message: "'x' is defined but never used.", line: 1, column: 7 },
      { ruleId: 'prefer-const', severity: 1, message: "'y' is never reassigned.", line: 2, column: 5 },
    ],
    errorCount: 1,
    warningCount: 1,
  },
  { filePath: '/p/src/b.js', messages: [], errorCount: 0, warningCount: 0 },
]);

describe('reading linter output', () => {
  it.each([
    ['plain', TSC_OUTPUT, 2],
    ['pretty', TSC_PRETTY, 1],
    ['clean', '', 0],
  ])('counts tsc errors in %s output', (_name, output, expected) => {
    expect(countTscErrors(output)).toBe(expected);
  });

  it.each([
    ['two unformatted files', PRETTIER_OUTPUT, 2],
    ['everything formatted', 'Checking formatting...\nAll matched files use Prettier code style!\n', 0],
  ])('counts prettier files: %s', (_name, output, expected) => {
    expect(countPrettierFiles(output)).toBe(expected);
  });

  it('counts eslint errors and warnings and lists them by location', () => {
    const report = readEslintJson(ESLINT_JSON);
    expect(report?.problems).toBe(2);
    expect(report?.listing).toContain("/p/src/a.js:1:7 error 'x' is defined but never used. (no-unused-vars)");
    expect(readEslintJson('Oops! Something went wrong!')).toBeUndefined();
  });

  it.each([
    { name: 'tsc with errors', linter: 'tsc' as const, output: { stdout: TSC_OUTPUT, stderr: '', exitCode: 2, timedOut: false }, expected: { ok: false, problems: 2 } },
    { name: 'tsc clean', linter: 'tsc' as const, output: { stdout: '', stderr: '', exitCode: 0, timedOut: false }, expected: { ok: true, problems: 0, output_tail: '' } },
    { name: 'eslint with problems', linter: 'eslint' as const, output: { stdout: ESLINT_JSON, stderr: '', exitCode: 1, timedOut: false }, expected: { ok: false, problems: 2 } },
    { name: 'eslint warnings only', linter: 'eslint' as const, output: { stdout: JSON.stringify([{ filePath: 'a.js', messages: [], errorCount: 0, warningCount: 3 }]), stderr: '', exitCode: 0, timedOut: false }, expected: { ok: true, problems: 3 } },
    { name: 'eslint that crashed', linter: 'eslint' as const, output: { stdout: '', stderr: 'Oops! Something went wrong!', exitCode: 2, timedOut: false }, expected: { ok: false, problems: 1, output_tail: 'Oops! Something went wrong!' } },
    { name: 'prettier with unformatted files', linter: 'prettier' as const, output: { stdout: '', stderr: PRETTIER_OUTPUT, exitCode: 1, timedOut: false }, expected: { ok: false, problems: 2 } },
    { name: 'a tool that timed out', linter: 'tsc' as const, output: { stdout: '', stderr: '', exitCode: null, timedOut: true }, expected: { ok: false, problems: 1 } },
  ])('reads $name', ({ linter, output, expected }) => {
    const result = readLinterOutput(linter, output);
    expect(LinterResult.parse(result)).toEqual(result);
    expect(result).toMatchObject({ name: linter, ...expected });
  });

  it('keeps only the end of long output', () => {
    const long = `${'x'.repeat(OUTPUT_TAIL_CHARS * 2)}\nsrc/z.ts(1,1): error TS1005: ';' expected.`;
    const result = readLinterOutput('tsc', { stdout: long, stderr: '', exitCode: 2, timedOut: false });
    expect(result.output_tail.length).toBeLessThanOrEqual(OUTPUT_TAIL_CHARS + 1);
    expect(result.output_tail).toMatch(/error TS1005: ';' expected\.$/);
  });
});

describe('runTests with lint', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });
  // This repository's own typescript stands in for the project's node_modules/.bin.
  const repoBin = path.resolve(import.meta.dirname, '../../node_modules/.bin');

  function project(source: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-lint-'));
    folders.push(root);
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module', scripts: { test: 'node --test' } }));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/index.ts'), source);
    fs.mkdirSync(path.join(root, 'test'));
    fs.writeFileSync(path.join(root, 'test/ok.test.js'), "import test from 'node:test';\ntest('ok', () => {});\n");
    return root;
  }

  it('runs the type checker and fails the run on a type error', async () => {
    const root = project("export const n: number = 'not a number';\n");
    const { result } = await runTests({ root, timeoutMs: 60_000, lint: true, linterBinDir: repoBin });
    expect(TestResult.parse(result)).toEqual(result);
    expect(result.linters).toHaveLength(1);
    expect(result.linters[0]).toMatchObject({ name: 'tsc', ok: false, problems: 1 });
    expect(result.linters[0]?.output_tail).toContain('TS2322');
    expect(result.failed).toBe(0);
    expect(result.recommendation).toBe('needs_fix');
  }, 60_000);

  it('approves a project whose types check, and runs no linters unless asked', async () => {
    const root = project('export const n: number = 1;\n');
    const { result } = await runTests({ root, timeoutMs: 60_000, lint: true, linterBinDir: repoBin });
    expect(result.linters).toEqual([{ name: 'tsc', ok: true, problems: 0, output_tail: '' }]);
    expect(result.recommendation).toBe('approve');
    const plain = await runTests({ root, timeoutMs: 60_000, linterBinDir: repoBin });
    expect(plain.result.linters).toEqual([]);
  }, 60_000);
});
