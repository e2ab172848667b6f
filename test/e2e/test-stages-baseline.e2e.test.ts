// End-to-end: `autonomous test` with test.stages, --stage, baselines made on a clean worktree of
// HEAD and reused from the cache, failure suspects, and a real pytest project.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestResult } from '../../src/models/test-result.js';
import { initGitRepo, runCli, writeFile } from '../helpers/cli.js';

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const testFile = (body: string): string => `import test from 'node:test';\nimport assert from 'node:assert/strict';\n${body}\n`;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('autonomous test with stages', () => {
  it('stops at the first failing stage, and --stage runs only the stage named', () => {
    const dir = tempDir('autonomous-stages-');
    writeFile(dir, 'package.json', JSON.stringify({ name: 'p', type: 'module' }));
    writeFile(dir, 'test/unit/a.test.js', testFile("test('unit adds', () => assert.equal(1 + 1, 2));"));
    writeFile(dir, 'test/integration/b.test.js', testFile("test('integration breaks', () => assert.equal(1, 2));"));
    writeFile(dir, 'autonomous.config.json', JSON.stringify({ test: { stages: [{ name: 'unit', command: 'node --test test/unit/' }, { name: 'integration', command: ['node', '--test', 'test/integration/'] }, { name: 'full', command: 'node --test' }] } }));

    const all = runCli(['test'], dir);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('✔ stage unit: 1 passed, 0 failed');
    expect(all.stdout).toContain('✖ stage integration: 0 passed, 1 failed');
    expect(all.stdout).toContain('- stage full: not run (an earlier stage failed)');

    const unit = runCli(['test', '--stage', 'unit', '--format', 'json'], dir);
    expect(unit.code).toBe(0);
    const parsed = TestResult.parse(JSON.parse(unit.stdout));
    expect(parsed.stages?.map((s) => s.name)).toEqual(['unit']);
    expect(parsed.passed).toBe(1);

    const unknown = runCli(['test', '--stage', 'e2e'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--stage e2e: no such stage in test.stages (stages: unit, integration, full)');
  });
});

describe('autonomous test baselines', () => {
  it("makes the baseline of HEAD on a clean worktree when the tree is dirty, caches it, and names the change's files a new failure points at", () => {
    const dir = tempDir('autonomous-baseline-');
    const counter = path.join(tempDir('autonomous-counter-'), 'runs.txt');
    // Each run of the tests records where it ran, so the test can see which runs happened.
    const record = `import fs from 'node:fs';\nfs.appendFileSync(${JSON.stringify(counter)}, process.cwd() + '\\n');\n`;
    writeFile(dir, 'package.json', JSON.stringify({ name: 'p', type: 'module', scripts: { test: 'node --test' } }));
    writeFile(dir, 'src/math.js', 'export const add = (a, b) => a + b;\n');
    writeFile(dir, 'src/other.js', 'export const other = 1;\n');
    writeFile(dir, 'test/math.test.js', `${testFile("import { add } from '../src/math.js';\ntest('adds', () => assert.equal(add(1, 2), 3));\ntest('was broken', () => assert.fail('broken at HEAD'));")}${record}`);
    initGitRepo(dir);

    // Uncommitted work that breaks `adds`, plus an unrelated change and an untracked file.
    writeFile(dir, 'src/math.js', 'export const add = (a, b) => a - b;\n');
    writeFile(dir, 'src/other.js', 'export const other = 2;\n');
    writeFile(dir, 'notes.txt', 'my notes\n');
    const statusBefore = git(dir, 'status', '--porcelain');

    const first = runCli(['test', '--baseline', '--format', 'json'], dir);
    expect(first.code).toBe(1);
    const result = TestResult.parse(JSON.parse(first.stdout));
    expect(result).toMatchObject({ regression_detected: true, new_failures: ['adds'], recommendation: 'reject' });
    expect(result.failures.find((f) => f.test_id === 'adds')?.suspects).toEqual(['src/math.js']);
    expect(result.failures.find((f) => f.test_id === 'was broken')?.suspects).toBeUndefined();
    // The baseline ran elsewhere, then the tests ran in the tree (and `adds` once more alone, to rule out flakiness).
    const runs = fs.readFileSync(counter, 'utf8').trim().split('\n');
    const elsewhere = (): string[] => fs.readFileSync(counter, 'utf8').trim().split('\n').filter((cwd) => !fs.existsSync(cwd) || fs.realpathSync(cwd) !== fs.realpathSync(dir));
    expect(runs).toHaveLength(3);
    expect(elsewhere()).toEqual([runs[0]]);
    // The person's tree is as it was, and the temporary worktree is gone.
    expect(git(dir, 'status', '--porcelain')).toBe(statusBefore);
    expect(fs.readFileSync(path.join(dir, 'src/math.js'), 'utf8')).toContain('a - b');
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(runs[0]!)).toBe(false);
    expect(fs.readdirSync(path.join(dir, '.autonomous', 'test-baselines'))).toHaveLength(1);

    // Later runs reuse the cached baseline: the tests run once, in the tree only.
    const text = runCli(['test'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('✖ adds NEW');
    expect(text.stdout).toContain('likely caused by: src/math.js');
    expect(text.stdout).toContain('(already failing)');
    const again = runCli(['test', '--baseline', '--format', 'json'], dir);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(7);
    expect(elsewhere()).toEqual([runs[0]]);
    expect(TestResult.parse(JSON.parse(again.stdout)).new_failures).toEqual(['adds']);

    // Another test configuration is another baseline.
    writeFile(dir, 'autonomous.config.json', JSON.stringify({ test: { command: ['node', '--test', 'test/'] } }));
    const otherConfig = runCli(['test', '--format', 'json'], dir);
    expect(TestResult.parse(JSON.parse(otherConfig.stdout)).regression_detected).toBe(false); // no baseline for it
  }, 60_000);

  it('records the run itself as the baseline when the tree is clean', () => {
    const dir = tempDir('autonomous-baseline-');
    writeFile(dir, 'package.json', JSON.stringify({ name: 'p', type: 'module', scripts: { test: 'node --test' } }));
    writeFile(dir, 'test/a.test.js', testFile("test('adds', () => assert.equal(1 + 1, 2));"));
    initGitRepo(dir);
    const result = runCli(['test', '--baseline'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Baseline saved to .*test-baselines/);
    expect(result.stdout).not.toContain('temporary worktree');
  });
});

const pytest = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' });
const pytestMissing = pytest.status !== 0 ? 'python3 -m pytest is not available here' : undefined;

describe('autonomous test on a Python project', () => {
  it.skipIf(pytestMissing !== undefined)('runs pytest with its junit XML and reports each test, with suspects from imports', () => {
    const dir = tempDir('autonomous-pytest-');
    writeFile(dir, 'pyproject.toml', '[project]\nname = "calc"\nversion = "0.1.0"\n');
    writeFile(dir, 'calc/__init__.py', '');
    writeFile(dir, 'calc/ops.py', 'def add(a, b):\n    return a + b\n');
    writeFile(dir, 'tests/test_ops.py', 'from calc.ops import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_other():\n    assert True\n');
    initGitRepo(dir);
    writeFile(dir, 'calc/ops.py', 'def add(a, b):\n    return a - b\n');
    const result = runCli(['test', '--baseline', '--format', 'json'], dir, { PYTHONDONTWRITEBYTECODE: '1' });
    expect(result.code).toBe(1);
    const parsed = TestResult.parse(JSON.parse(result.stdout));
    expect(parsed).toMatchObject({ framework: 'pytest', passed: 1, failed: 1, regression_detected: true, new_failures: ['tests.test_ops::test_add'] });
    expect(parsed.failures[0]).toMatchObject({ file: 'tests/test_ops.py', suspects: ['calc/ops.py'] });
    expect(parsed.failures[0]?.message).toContain('assert -1 == 3');
  }, 60_000);
});
