import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AutonomousError } from '../../src/core/errors.js';
import { TestResult } from '../../src/models/test-result.js';
import { runTests } from '../../src/test-runner/run.js';

// Fixture projects use node's built-in test runner, so nothing needs installing.
const folders: string[] = [];

function makeProject(files: Record<string, string>, scripts: Record<string, string> | undefined = { test: 'node --test' }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-tests-'));
  folders.push(root);
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module', scripts }, null, 2));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

const PASSING = `import test from 'node:test';
import assert from 'node:assert/strict';
test('adds', () => { assert.equal(1 + 1, 2); });
test('concatenates', () => { assert.equal('a' + 'b', 'ab'); });
`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('runTests', () => {
  it('reports a passing project as approved with per-test counts', async () => {
    const root = makeProject({ 'test/math.test.js': PASSING });
    const { result } = await runTests({ root, timeoutMs: 15_000 });
    expect(TestResult.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      passed: 2,
      failed: 0,
      total: 2,
      framework: 'node-test',
      exit_code: 0,
      timed_out: false,
      recommendation: 'approve',
      regression_detected: false,
    });
    expect(result.command).toEqual(['node', '--test', '--test-reporter=tap']);
    expect(result.log_file).toMatch(/^\.autonomous\/test-runs\/.+\.log$/);
    expect(fs.readFileSync(path.join(root, result.log_file), 'utf8')).toContain('ok 1 - adds');
  });

  it('reports a failing test with its name, message and file', async () => {
    const root = makeProject({
      'test/math.test.js': `import test from 'node:test';
import assert from 'node:assert/strict';
test('adds', () => { assert.equal(1 + 1, 2); });
test('subtracts', () => { assert.equal(2 - 1, 3, 'subtraction is broken'); });
`,
    });
    const { result } = await runTests({ root, timeoutMs: 15_000 });
    expect(result).toMatchObject({ passed: 1, failed: 1, exit_code: 1, recommendation: 'needs_fix' });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ test_id: 'subtracts', file: 'test/math.test.js' });
    expect(result.failures[0]?.message).toContain('subtraction is broken');
    expect(result.failures[0]?.stack_frame).toMatch(/math\.test\.js:4:\d+$/);
  });

  it('calls only a test that passed before the change a regression', async () => {
    const before = `import test from 'node:test';
import assert from 'node:assert/strict';
test('already broken', () => { assert.fail('broken since forever'); });
test('adds', () => { assert.equal(1 + 1, 2); });
`;
    const root = makeProject({ 'test/math.test.js': before });
    const baseline = await runTests({ root, timeoutMs: 15_000 });
    expect(baseline.result.recommendation).toBe('needs_fix');
    expect(baseline.result.regression_detected).toBe(false);

    fs.writeFileSync(path.join(root, 'test/math.test.js'), before.replace('1 + 1, 2', '1 + 1, 3'));
    const { result } = await runTests({ root, timeoutMs: 15_000, baseline: baseline.outcome });
    expect(result.failed).toBe(2);
    expect(result.new_failures).toEqual(['adds']);
    expect(result.regression_detected).toBe(true);
    expect(result.recommendation).toBe('reject');
  });

  it('kills a hanging run and every process it started when the timeout passes', async () => {
    const root = makeProject({
      'test/hang.test.js': `import test from 'node:test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
test('hangs', async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  fs.writeFileSync('grandchild.pid', String(child.pid));
  setInterval(() => {}, 1000);
  await new Promise(() => {});
});
`,
    });
    const started = Date.now();
    const { result } = await runTests({ root, timeoutMs: 3_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.timed_out).toBe(true);
    expect(result.exit_code).toBeNull();
    expect(result.recommendation).toBe('needs_fix'); // no baseline: the hang is not known to be new
    expect(result.failures.map((f) => f.message).join('\n')).toContain('timed out after 3 s');

    const pid = Number(fs.readFileSync(path.join(root, 'grandchild.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    // A killed orphan stays a zombie until PID 1 reaps it, which in containers can take a second or two.
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('does not wait for, and does not leave behind, a process that outlives the test command', async () => {
    const root = makeProject({
      'leave-behind.js': `import { spawn } from 'node:child_process';
import fs from 'node:fs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
fs.writeFileSync('leftover.pid', String(child.pid));
child.unref();
`,
    });
    const started = Date.now();
    const { result } = await runTests({ root, timeoutMs: 10_000, command: ['node', 'leave-behind.js'] });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ timed_out: false, exit_code: 0, recommendation: 'approve', framework: 'script' });
    const pid = Number(fs.readFileSync(path.join(root, 'leftover.pid'), 'utf8'));
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false);
  });

  it('calls a hang a regression when the baseline passed', async () => {
    const root = makeProject({ 'test/math.test.js': PASSING });
    const baseline = await runTests({ root, timeoutMs: 15_000 });
    fs.writeFileSync(path.join(root, 'test/math.test.js'), `${PASSING}setInterval(() => {}, 1000);\n`);
    const { result } = await runTests({ root, timeoutMs: 2_000, baseline: baseline.outcome });
    expect(result.timed_out).toBe(true);
    expect(result.regression_detected).toBe(true);
    expect(result.recommendation).toBe('reject');
  });

  it('names a test file that fails to load by its project-relative path', async () => {
    const root = makeProject({ 'test/ok.test.js': PASSING, 'test/broken.test.js': "throw new Error('cannot load');\n" });
    const { result } = await runTests({ root, timeoutMs: 15_000 });
    expect(result).toMatchObject({ passed: 2, failed: 1, recommendation: 'needs_fix' });
    expect(result.failures[0]).toMatchObject({ test_id: 'test/broken.test.js', file: 'test/broken.test.js' });
  });

  it('reports a configured command that cannot be started as an I/O error', async () => {
    const root = makeProject({ 'test/math.test.js': PASSING });
    const error = await runTests({ root, command: ['autonomous-no-such-command-xyz'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutonomousError);
    expect(error).toMatchObject({ code: 'E_IO' });
  });

  it('fails with a usage error naming test.command when the project has no tests', async () => {
    const root = makeProject({ 'index.js': 'export const x = 1;\n' }, {});
    const error = await runTests({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutonomousError);
    expect(error).toMatchObject({ code: 'E_USAGE', exitCode: 2 });
    expect((error as AutonomousError).hint).toContain('test.command');
  });

  it('calls a new failure that passes when re-run alone flaky, not a regression', async () => {
    // Fails only on the first attempt after `armed` appears: the marker file records that attempt.
    const flakyTest = `import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
test('adds', () => { assert.equal(1 + 1, 2); });
test('sometimes (flaky) fails', () => {
  if (fs.existsSync('armed') && !fs.existsSync('tried')) {
    fs.writeFileSync('tried', '');
    assert.fail('first attempt fails');
  }
});
`;
    const root = makeProject({ 'test/flaky.test.js': flakyTest });
    const baseline = await runTests({ root, timeoutMs: 15_000 });
    expect(baseline.result.failed).toBe(0);

    fs.writeFileSync(path.join(root, 'armed'), '');
    const { result } = await runTests({ root, timeoutMs: 15_000, baseline: baseline.outcome });
    expect(TestResult.parse(result)).toEqual(result);
    expect(result.flaky).toEqual(['sometimes (flaky) fails']);
    expect(result.new_failures).toEqual([]);
    expect(result.regression_detected).toBe(false);
    expect(result.recommendation).toBe('approve');
    const log = fs.readFileSync(path.join(root, result.log_file), 'utf8');
    // The log quotes each argument as JSON, so the pattern's backslashes appear doubled there.
    expect(log).toContain(JSON.stringify('--test-name-pattern=^sometimes \\(flaky\\) fails$'));
  });

  it('keeps a new failure that fails again when re-run alone as a regression', async () => {
    const root = makeProject({ 'test/math.test.js': PASSING });
    const baseline = await runTests({ root, timeoutMs: 15_000 });
    fs.writeFileSync(path.join(root, 'test/math.test.js'), PASSING.replace("'a' + 'b', 'ab'", "'a' + 'b', 'ba'"));
    const { result } = await runTests({ root, timeoutMs: 15_000, baseline: baseline.outcome });
    expect(result.flaky).toEqual([]);
    expect(result.new_failures).toEqual(['concatenates']);
    expect(result.recommendation).toBe('reject');
    expect(fs.readFileSync(path.join(root, result.log_file), 'utf8')).toContain('re-running "concatenates" alone');
  });

  describe('coverage', () => {
    const writeSummary = (pct: number): string => `import fs from 'node:fs';
fs.mkdirSync('coverage', { recursive: true });
fs.writeFileSync('coverage/coverage-summary.json', JSON.stringify({ total: { lines: { total: 100, covered: ${pct}, skipped: 0, pct: ${pct} } } }));
`;

    it('reads the line coverage the run wrote and needs a fix below the threshold', async () => {
      const root = makeProject({ 'cover.js': writeSummary(62.5) });
      const { result } = await runTests({ root, timeoutMs: 15_000, command: ['node', 'cover.js'], coverageThreshold: 80 });
      expect(result).toMatchObject({ coverage_percent: 62.5, coverage_threshold: 80, failed: 0, recommendation: 'needs_fix' });
      const met = await runTests({ root, timeoutMs: 15_000, command: ['node', 'cover.js'], coverageThreshold: 60 });
      expect(met.result).toMatchObject({ coverage_percent: 62.5, recommendation: 'approve' });
    });

    it('reports coverage without a threshold and leaves it null when there is no report', async () => {
      const root = makeProject({ 'cover.js': writeSummary(90), 'test/math.test.js': PASSING });
      const covered = await runTests({ root, timeoutMs: 15_000, command: ['node', 'cover.js'] });
      expect(covered.result).toMatchObject({ coverage_percent: 90, coverage_threshold: null });
      const plain = await runTests({ root: makeProject({ 'test/math.test.js': PASSING }), timeoutMs: 15_000 });
      expect(plain.result.coverage_percent).toBeNull();
    });

    it('says how to produce a coverage report when a threshold is set and there is none', async () => {
      const root = makeProject({ 'test/math.test.js': PASSING });
      const error = await runTests({ root, timeoutMs: 15_000, coverageThreshold: 80 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AutonomousError);
      expect(error).toMatchObject({ code: 'E_USAGE' });
      expect((error as AutonomousError).message).toContain('no coverage report');
      expect((error as AutonomousError).hint).toContain('json-summary');
    });
  });
});
