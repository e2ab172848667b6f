import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hasUncommittedChanges, inCleanWorktree, uncommittedFiles } from '../../src/test-runner/baseline.js';
import { baselineKey, loadTestBaseline, saveTestBaseline } from '../../src/test-runner/baseline-store.js';
import { initGitRepo, writeFile } from '../helpers/cli.js';

const facts = { command: undefined, stages: [], testScript: 'node --test', nodeMajor: '20' };

describe('baselineKey', () => {
  it('is the commit plus a hash that changes with the test command, stages, script or Node major', () => {
    const key = baselineKey('abc123', facts);
    expect(key).toMatch(/^abc123-[0-9a-f]{16}$/);
    expect(baselineKey('abc123', { ...facts })).toBe(key);
    for (const other of [
      { ...facts, command: ['npm', 'test'] },
      { ...facts, stages: [{ name: 'unit', command: ['node', '--test'] }] },
      { ...facts, testScript: 'vitest' },
      { ...facts, nodeMajor: '22' },
    ]) {
      expect(baselineKey('abc123', other)).not.toBe(key);
    }
  });

  it('stores and reads back a staged outcome, and ignores a corrupt file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-bstore-'));
    const outcome = { kind: 'stages' as const, stages: { unit: { kind: 'exit-code' as const, exitCode: 0 } } };
    saveTestBaseline(root, 'k1', outcome);
    expect(loadTestBaseline(root, 'k1')).toEqual(outcome);
    fs.writeFileSync(path.join(root, '.autonomous', 'test-baselines', 'k2.json'), '{"kind":"nope"}');
    expect(loadTestBaseline(root, 'k2')).toBeUndefined();
    expect(loadTestBaseline(root, 'k3')).toBeUndefined();
  });
});

describe('inCleanWorktree', () => {
  it("runs in a checkout of HEAD at the package's folder, leaves the person's tree alone and removes the worktree", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-wt-'));
    writeFile(repo, 'packages/app/src/a.js', 'committed\n');
    writeFile(repo, 'README.md', 'readme\n');
    initGitRepo(repo);
    const root = path.join(repo, 'packages', 'app');
    expect(await hasUncommittedChanges(root)).toBe(false);
    writeFile(root, 'src/a.js', 'edited\n');
    writeFile(root, 'src/new.js', 'new\n');
    fs.mkdirSync(path.join(root, 'node_modules'));
    writeFile(repo, '.gitignore', 'node_modules\n');
    expect(await hasUncommittedChanges(root)).toBe(true);
    expect((await uncommittedFiles(root)).sort()).toEqual(['src/a.js', 'src/new.js']);

    let seen = '';
    let cwd = '';
    const value = await inCleanWorktree(root, 'HEAD', async (dir) => {
      cwd = dir;
      seen = fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8');
      expect(fs.existsSync(path.join(dir, 'src/new.js'))).toBe(false);
      expect(fs.realpathSync(path.join(dir, 'node_modules'))).toBe(fs.realpathSync(path.join(root, 'node_modules')));
      return 42;
    });
    expect(value).toBe(42);
    expect(seen).toBe('committed\n');
    expect(cwd.endsWith(path.join('tree', 'packages', 'app'))).toBe(true);
    expect(fs.existsSync(cwd)).toBe(false);
    expect(fs.readFileSync(path.join(root, 'src/a.js'), 'utf8')).toBe('edited\n');
    expect(fs.existsSync(path.join(root, 'node_modules'))).toBe(true);
    expect(execFileSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
  });

  it('removes the worktree when the run throws', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-wt-'));
    writeFile(repo, 'a.txt', 'a\n');
    initGitRepo(repo);
    let cwd = '';
    await expect(
      inCleanWorktree(repo, 'HEAD', async (dir) => {
        cwd = dir;
        throw new Error('tests crashed');
      }),
    ).rejects.toThrow('tests crashed');
    expect(fs.existsSync(cwd)).toBe(false);
    expect(execFileSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
  });
});
