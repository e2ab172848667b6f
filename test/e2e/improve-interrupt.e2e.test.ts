// A workflow stopped half way: Ctrl-C restores the person's tree and exits 130; a SIGKILL leaves a
// workflow that `status` reports as interrupted with the command that restores it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, fixtureRepo, git, runCli, writeFile } from '../helpers/cli.js';


const demoRepo = (): string => fixtureRepo('demo');

function workflowState(repo: string): string | undefined {
  const dir = path.join(repo, '.autonomous', 'workflows');
  try {
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (!file) return undefined;
    return (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { current_state: string }).current_state;
  } catch {
    return undefined;
  }
}

/** Starts improve slowed down, waits until it is implementing, sends `signal`, resolves its exit code. */
async function interruptWhileImplementing(repo: string, signal: NodeJS.Signals): Promise<number | null> {
  const child = spawn(process.execPath, [binPath, 'improve', 'src', '--dangerously-skip-permissions', '--no-tests'], {
    cwd: repo,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', AUTONOMOUS_TEST_SLOW_MS: '700', XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (workflowState(repo) !== 'implementing' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(workflowState(repo)).toBe('implementing');
  // Into the apply phase: the checkpoint exists and the auto branch is checked out.
  await new Promise((r) => setTimeout(r, 2200));
  child.kill(signal);
  return exited;
}

describe('an interrupted workflow', () => {
  it('restores the tree on Ctrl-C and exits 130', async () => {
    const repo = demoRepo();
    const files = () => Object.fromEntries(['src/client.js', 'src/git-info.js', 'src/summary.js', 'src/units.ts'].map((f) => [f, fs.readFileSync(path.join(repo, f), 'utf8')]));
    const before = files();
    const code = await interruptWhileImplementing(repo, 'SIGINT');
    expect(code).toBe(130);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(files()).toEqual(before);
    expect(workflowState(repo)).toBe('failed');
  }, 150_000);

  it('after SIGKILL, status names the workflow as interrupted and how to restore it', async () => {
    const repo = demoRepo();
    const before = git(repo, 'rev-parse', 'main');
    const code = await interruptWhileImplementing(repo, 'SIGKILL');
    expect(code).toBeNull();
    const status = runCli(['status'], repo);
    expect(status.stdout).toMatch(/implementing \(interrupted\)/);
    expect(status.stdout).toMatch(/restore with: autonomous rollback --(checkpoint cp_\S+|latest)/);
    const rollback = runCli(['rollback', '--latest'], repo);
    expect(rollback.code).toBe(0);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(repo, 'rev-parse', 'main')).toBe(before);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 150_000);

  it('on Ctrl-C while testing, restores only what the run wrote and keeps files the person made meanwhile', async () => {
    const repo = demoRepo();
    // A slow test, so there is time to act while the workflow is testing.
    writeFile(repo, 'test/slow.test.js', "import { test } from 'node:test';\ntest('takes a while', () => new Promise((resolve) => setTimeout(resolve, 8000)));\n");
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'slow test');
    const before = fs.readFileSync(path.join(repo, 'src/units.ts'), 'utf8');
    const child = spawn(process.execPath, [binPath, 'improve', 'src', '--rule', 'missing-return-type', '--auto-approve-safe'], {
      cwd: repo,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (workflowState(repo) !== 'testing' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(workflowState(repo)).toBe('testing');
    await new Promise((r) => setTimeout(r, 1500));
    writeFile(repo, 'scratch/idea.txt', 'written while the tests ran\n');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(workflowState(repo)).toBe('failed');
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(fs.readFileSync(path.join(repo, 'src/units.ts'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(repo, 'scratch/idea.txt'), 'utf8')).toBe('written while the tests ran\n');
    expect(git(repo, 'status', '--porcelain')).toBe('?? scratch/');
  }, 150_000);
});
