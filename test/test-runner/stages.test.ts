import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestResult } from '../../src/models/test-result.js';
import { runConfiguredTests, runTestStages, stageBlocks, type TestStage } from '../../src/test-runner/stages.js';

// Stages are node --test runs of folders of a fixture project, so nothing needs installing.
const folders: string[] = [];

function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-stages-'));
  folders.push(root);
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module' }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

const testFile = (body: string): string => `import test from 'node:test';\nimport assert from 'node:assert/strict';\n${body}\n`;
const stage = (name: string, command: string[], timeoutMs = 20_000): TestStage => ({ name, command, timeoutMs });

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('runTestStages', () => {
  it('runs the stages in order, adds them up and stops at the first failing stage', async () => {
    const root = makeProject({
      'test/unit/a.test.js': testFile("test('unit adds', () => assert.equal(1 + 1, 2));"),
      'test/integration/b.test.js': testFile("test('integration works', () => assert.equal(1, 1));\ntest('integration breaks', () => assert.equal(1, 2, 'integration is broken'));"),
      'full.js': "import fs from 'node:fs'; fs.writeFileSync('full-ran', 'yes');",
    });
    const { result, outcome } = await runTestStages({
      root,
      stages: [stage('unit', ['node', '--test', 'test/unit/']), stage('integration', ['node', '--test', 'test/integration/']), stage('full', ['node', 'full.js'])],
    });
    expect(TestResult.parse(result)).toEqual(result);
    expect(result.stages?.map((s) => [s.name, s.status])).toEqual([
      ['unit', 'passed'],
      ['integration', 'failed'],
      ['full', 'not_run'],
    ]);
    expect(fs.existsSync(path.join(root, 'full-ran'))).toBe(false);
    expect(result).toMatchObject({ passed: 2, failed: 1, total: 3, exit_code: 1, recommendation: 'needs_fix' });
    expect(result.failures.map((f) => f.test_id)).toEqual(['integration breaks']);
    expect(result.command).toEqual(['node', '--test', '--test-reporter=tap', 'test/integration/']);
    expect(result.log_file).toMatch(/^\.autonomous\/test-runs\/.+\.integration\.log$/);
    expect(Object.keys(outcome.kind === 'stages' ? outcome.stages : {})).toEqual(['unit', 'integration']);
  });

  it('kills the whole process tree of a stage that passes its timeout, and runs no later stage', async () => {
    const root = makeProject({
      'hang.js': `import { spawn } from 'node:child_process';
import fs from 'node:fs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.writeFileSync('grandchild.pid', String(child.pid));
setInterval(() => {}, 1000);
`,
      'after.js': "import fs from 'node:fs'; fs.writeFileSync('after-ran', 'yes');",
    });
    const started = Date.now();
    const { result } = await runTestStages({ root, stages: [stage('slow', ['node', 'hang.js'], 2_000), stage('after', ['node', 'after.js'])] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.timed_out).toBe(true);
    expect(result.stages?.map((s) => [s.name, s.status, s.timed_out])).toEqual([
      ['slow', 'failed', true],
      ['after', 'not_run', false],
    ]);
    expect(fs.existsSync(path.join(root, 'after-ran'))).toBe(false);
    const pid = Number(fs.readFileSync(path.join(root, 'grandchild.pid'), 'utf8'));
    for (let i = 0; i < 50 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(pid)).toBe(false);
  });

  it('goes on past a stage whose only failures the baseline already had, and stops at a regression', async () => {
    const root = makeProject({
      'test/unit/a.test.js': testFile("test('long broken', () => assert.fail('broken for ages'));\ntest('unit adds', () => assert.equal(2, 2));"),
      'test/full/b.test.js': testFile("test('full works', () => assert.equal(1, 1));"),
    });
    const stages = [stage('unit', ['node', '--test', 'test/unit/']), stage('full', ['node', '--test', 'test/full/'])];
    const before = await runTestStages({ root, stages });
    expect(before.result.stages?.map((s) => s.status)).toEqual(['failed', 'not_run']); // no baseline: any failure stops
    const baseline = before.outcome.kind === 'stages' ? before.outcome.stages : {};

    const known = await runTestStages({ root, stages, baseline });
    expect(known.result.stages?.map((s) => s.status)).toEqual(['failed', 'passed']);
    expect(known.result.regression_detected).toBe(false);

    fs.writeFileSync(path.join(root, 'test/unit/a.test.js'), testFile("test('long broken', () => assert.fail('broken for ages'));\ntest('unit adds', () => assert.equal(2, 3));"));
    const broken = await runTestStages({ root, stages, baseline });
    expect(broken.result.stages?.map((s) => s.status)).toEqual(['failed', 'not_run']);
    expect(broken.result).toMatchObject({ regression_detected: true, new_failures: ['unit adds'], recommendation: 'reject' });
  }, 30_000);

  it('runs the single command when no stages are configured, and prunes old logs after the run', async () => {
    const root = makeProject({ 'test/a.test.js': testFile("test('adds', () => assert.equal(1 + 1, 2));") });
    const runs = path.join(root, '.autonomous', 'test-runs');
    fs.mkdirSync(runs, { recursive: true });
    for (let i = 0; i < 25; i++) fs.writeFileSync(path.join(runs, `2020-01-01T00-00-${String(i).padStart(2, '0')}-000Z.log`), 'old');
    const { result } = await runConfiguredTests({ root, command: ['node', '--test', '--test-reporter=tap'], stages: [] });
    expect(result.stages).toBeUndefined();
    expect(result.passed).toBe(1);
    const logs = fs.readdirSync(runs).filter((n) => n.endsWith('.log'));
    expect(logs).toHaveLength(20);
    expect(logs).toContain(path.basename(result.log_file));
  });
});

describe('stageBlocks', () => {
  const base = TestResult.parse({
    passed: 1, failed: 1, skipped: 0, total: 2, duration_ms: 1, coverage_percent: null, coverage_threshold: null, failures: [], regression_detected: false,
    recommendation: 'needs_fix', framework: 'node-test', command: ['node'], exit_code: 1, timed_out: false, log_file: 'x', flaky: [], new_failures: [], linters: [],
  });
  it.each([
    ['a failure with no baseline', base, false, true],
    ['a failure the baseline already had', base, true, false],
    ['a regression', { ...base, regression_detected: true }, true, true],
    ['a failure that proved flaky', { ...base, flaky: ['x'] }, false, false],
    ['no failure', { ...base, failed: 0 }, false, false],
  ] as Array<[string, TestResult, boolean, boolean]>)('stops the run on %s', (_name, result, baselineKnown, expected) => {
    expect(stageBlocks(result, baselineKnown)).toBe(expected);
  });
});
