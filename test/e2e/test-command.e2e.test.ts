// End-to-end: `autonomous test` on small projects that use node's built-in test runner (no install).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestResult } from '../../src/models/test-result.js';
import { initGitRepo, projectRoot, runCli, writeFile } from '../helpers/cli.js';

function project(tests: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-testcmd-'));
  writeFile(dir, 'package.json', JSON.stringify({ name: 'p', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }));
  for (const [name, body] of Object.entries(tests)) writeFile(dir, `test/${name}.test.js`, `import test from 'node:test';\nimport assert from 'node:assert';\n${body}\n`);
  return dir;
}

const passing = "test('adds', () => { assert.strictEqual(1 + 1, 2); });";
const failing = (name: string): string => `test('${name}', () => { assert.strictEqual(1 + 1, 3); });`;

describe('autonomous test', () => {
  it('passes a passing project with per-test counts, exit 0', () => {
    const dir = project({ a: passing });
    const result = runCli(['test', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    const parsed = TestResult.parse(JSON.parse(result.stdout));
    expect(parsed).toMatchObject({ passed: 1, failed: 0, framework: 'node-test', recommendation: 'approve' });
  });

  it('reports a failing test by name with exit 1', () => {
    const dir = project({ a: passing, b: failing('breaks') });
    const result = runCli(['test'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('breaks');
    expect(result.stdout).toMatch(/1 passed, 1 failed/);
  });

  it('tells a new failure from one the baseline of the commit already had', () => {
    const dir = project({ a: passing, old: failing('was already broken') });
    initGitRepo(dir);
    expect(runCli(['test', '--baseline'], dir).code).toBe(1);
    // Only the pre-existing failure: not a regression.
    const same = runCli(['test', '--format', 'json'], dir);
    expect(same.code).toBe(0);
    expect(TestResult.parse(JSON.parse(same.stdout)).regression_detected).toBe(false);
    // A passing test starts failing: a regression.
    writeFile(dir, 'test/a.test.js', `import test from 'node:test';\nimport assert from 'node:assert';\n${failing('adds')}\n`);
    const broken = runCli(['test', '--format', 'json'], dir);
    expect(broken.code).toBe(1);
    const parsed = TestResult.parse(JSON.parse(broken.stdout));
    expect(parsed.regression_detected).toBe(true);
    expect(parsed.new_failures).toEqual(['adds']);
    expect(parsed.recommendation).toBe('reject');
  });

  it('says how to configure a test command when there is none, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-testcmd-'));
    writeFile(dir, 'package.json', JSON.stringify({ name: 'p', scripts: { test: 'echo "Error: no test specified" && exit 1' } }));
    const result = runCli(['test'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('test.command');
  });

  it('uses test.command from the configuration, split without a shell', () => {
    const dir = project({ a: passing });
    writeFile(dir, 'package.json', JSON.stringify({ name: 'p', type: 'module' }));
    writeFile(dir, 'autonomous.config.json', JSON.stringify({ test: { command: 'node --test test/' } }));
    const result = runCli(['test', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    // It runs node's test runner directly, so it gets the TAP reporter for per-test results.
    expect(TestResult.parse(JSON.parse(result.stdout))).toMatchObject({ command: ['node', '--test', '--test-reporter=tap', 'test/'], passed: 1, framework: 'node-test' });
  });

  it('fails below --coverage-threshold and says so, exit 1', () => {
    const dir = project({ a: passing });
    writeFile(dir, 'cover.js', "import fs from 'node:fs';\nfs.mkdirSync('coverage', { recursive: true });\nfs.writeFileSync('coverage/coverage-summary.json', JSON.stringify({ total: { lines: { total: 4, covered: 3, skipped: 0, pct: 75 } } }));\n");
    writeFile(dir, 'autonomous.config.json', JSON.stringify({ test: { command: ['node', 'cover.js'] } }));
    const below = runCli(['test', '--coverage-threshold', '80'], dir);
    expect(below.code).toBe(1);
    expect(below.stdout).toContain('Line coverage: 75% is below the threshold of 80%');
    expect(below.stdout).toContain('Recommendation: needs_fix');
    const met = runCli(['test', '--coverage-threshold', '70', '--format', 'json'], dir);
    expect(met.code).toBe(0);
    expect(TestResult.parse(JSON.parse(met.stdout))).toMatchObject({ coverage_percent: 75, coverage_threshold: 70, recommendation: 'approve' });
  });

  it('says how to produce a coverage report when a threshold is set and the run wrote none, exit 2', () => {
    const dir = project({ a: passing });
    const result = runCli(['test', '--coverage-threshold', '80'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no coverage report');
    expect(result.stderr).toContain('json-summary');
  });

  it('rejects a coverage threshold that is not a percentage, exit 2', () => {
    const dir = project({ a: passing });
    const result = runCli(['test', '--coverage-threshold', '120'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--coverage-threshold 120');
  });

  it('runs the type checker with --lint and fails on a type error, exit 1', () => {
    const dir = project({ a: passing });
    writeFile(dir, 'tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }));
    writeFile(dir, 'src/index.ts', "export const n: number = 'not a number';\n");
    // The project's "installed" tsc is this repository's own.
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    fs.symlinkSync(path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), path.join(dir, 'node_modules', '.bin', 'tsc'));
    const result = runCli(['test', '--lint'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 passed, 0 failed');
    expect(result.stdout).toContain('tsc: 1 problem');
    expect(result.stdout).toContain('TS2322');

    writeFile(dir, 'src/index.ts', 'export const n: number = 1;\n');
    const fixed = runCli(['test', '--lint', '--format', 'json'], dir);
    expect(fixed.code).toBe(0);
    expect(TestResult.parse(JSON.parse(fixed.stdout)).linters).toEqual([{ name: 'tsc', ok: true, problems: 0, output_tail: '' }]);
    // Without --lint the type error would not be looked for.
    expect(TestResult.parse(JSON.parse(runCli(['test', '--format', 'json'], dir).stdout)).linters).toEqual([]);
  }, 60_000);
});
