// The approval gate driven by a person on a real pseudo-terminal (Python's pty module allocates
// it; no shell): approve one proposal, reject one with a reason, modify one in $EDITOR (the edited
// version is validated again and approved), then stop and leave the rest awaiting approval.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, fixtureRepo, git, runCli } from '../helpers/cli.js';

const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
const PTY_RUNNER = 'import pty, sys\nsys.exit(pty.spawn(sys.argv[1:]) >> 8)';


describe.skipIf(!hasPython)('improve on a terminal', () => {
  it('lets a person approve, reject, modify and stop', async () => {
    const repo = fixtureRepo('demo');
    // The "editor": shortens the fetch timeout in the file it is given.
    const editorScript = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'editor-')), 'edit.mjs');
    fs.writeFileSync(editorScript, "import fs from 'node:fs';\nconst f = process.argv[2];\nfs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('AbortSignal.timeout(10000)', 'AbortSignal.timeout(5000)'));\n");
    const env = { ...process.env, NO_COLOR: '1', TERM: 'xterm', EDITOR: `${process.execPath} ${editorScript}`, VISUAL: '', XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' } as NodeJS.ProcessEnv;
    delete env.CI;
    delete env.FORCE_COLOR;
    const child = spawn('python3', ['-c', PTY_RUNNER, process.execPath, binPath, 'improve', 'src', '--no-tests'], { cwd: repo, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const asked = (): string[] => [...new Set([...output.matchAll(/Approve (prop_\w+)\?/g)].map((m) => m[1]!))];
    const waitFor = async (test: () => boolean, what: string): Promise<void> => {
      const deadline = Date.now() + 90_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
    };
    const answer = async (keys: string): Promise<void> => {
      for (const key of keys) {
        child.stdin.write(key);
        await new Promise((r) => setTimeout(r, 150));
      }
    };

    // 1st proposal (the hard-coded key, highest severity): approve.
    await waitFor(() => asked().length >= 1, 'the first question');
    const [secret] = asked();
    await answer('y\r');
    // 2nd (the exec): reject with a reason.
    await waitFor(() => asked().length >= 2, 'the second question');
    await answer('n\r');
    await waitFor(() => output.includes('Why (optional'), 'the reason prompt');
    await answer('not this sprint\r');
    // 3rd (the fetch timeout): modify in the editor; the edited version is asked about next.
    await waitFor(() => asked().length >= 3, 'the third question');
    const fetchId = asked()[2]!;
    await answer('m\r');
    await waitFor(() => asked().length >= 4, 'the edited version');
    await answer('y\r');
    // Then stop: the rest awaits a person.
    await waitFor(() => asked().length >= 5, 'the fifth question');
    await answer('s\r');
    const code = await exited;

    expect(code, output.slice(-2000)).toBe(3);
    const branch = output.match(/Branch: (auto\/\S+)/)?.[1];
    if (!branch) throw new Error(output.slice(-4000));
    expect(git(repo, 'show', `${branch}:src/client.js`)).toContain('process.env.API_KEY');
    expect(git(repo, 'show', `${branch}:src/client.js`)).toContain('AbortSignal.timeout(5000)');
    expect(git(repo, 'show', `${branch}:src/git-info.js`)).toContain('exec(`git log');
    const [workflowFile] = fs.readdirSync(path.join(repo, '.autonomous', 'workflows'));
    const workflow = JSON.parse(fs.readFileSync(path.join(repo, '.autonomous', 'workflows', workflowFile!), 'utf8')) as { decisions: Array<{ proposal_id: string; approved: boolean; decided_by: string; feedback?: string }> };
    expect(workflow.decisions.find((d) => d.proposal_id === secret)).toMatchObject({ approved: true, decided_by: expect.stringMatching(/^person/) });
    expect(workflow.decisions.find((d) => d.feedback === 'not this sprint')).toMatchObject({ approved: false });
    expect(workflow.decisions.find((d) => d.proposal_id === fetchId)).toMatchObject({ approved: false, feedback: expect.stringMatching(/^replaced by prop_/) });
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  }, 180_000);

  it('resumes a workflow left awaiting approval by CI and applies what the person approves', async () => {
    const repo = fixtureRepo('demo');
    const ci = runCli(['improve', 'src', '--rule', 'missing-return-type', '--no-tests'], repo, { XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' });
    expect(ci.code).toBe(3);
    const id = ci.stdout.match(/improve --resume (wf_\S+)/)![1]!;
    const env = { ...process.env, NO_COLOR: '1', TERM: 'xterm', XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' } as NodeJS.ProcessEnv;
    delete env.CI;
    const child = spawn('python3', ['-c', PTY_RUNNER, process.execPath, binPath, 'improve', '--resume', id, '--no-tests'], { cwd: repo, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!/Approve prop_\w+\?/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    // "a": approve this one and every remaining low-risk proposal.
    for (const key of 'a\r') {
      child.stdin.write(key);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(await exited, output.slice(-2000)).toBe(0);
    expect(output).toMatch(/Resuming workflow: wf_/);
    const branch = output.match(/Branch: (auto\/\S+)/)![1]!;
    expect(git(repo, 'show', `${branch}:src/units.ts`)).toContain('export function toFahrenheit(celsius: number): number {');
    expect(runCli(['status', '--workflow-id', id, '--json'], repo).stdout).toMatch(/"current_state": "completed"/);
  }, 180_000);

  it('continues, in a new workflow, the proposals a finished workflow left awaiting approval', async () => {
    const repo = fixtureRepo('demo');
    const noKeys = { XAI_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' };
    const ci = runCli(['improve', 'src', '--auto-approve-safe', '--no-tests'], repo, noKeys);
    expect(ci.code).toBe(3);
    expect(ci.stdout).toMatch(/Implemented: 2 changes/);
    const earlier = ci.stdout.match(/improve --resume (wf_\S+)/)![1]!;
    const env = { ...process.env, NO_COLOR: '1', TERM: 'xterm', ...noKeys } as NodeJS.ProcessEnv;
    delete env.CI;
    const child = spawn('python3', ['-c', PTY_RUNNER, process.execPath, binPath, 'improve', '--resume', earlier, '--no-tests'], { cwd: repo, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const asked = (): string[] => [...new Set([...output.matchAll(/Approve (prop_\w+)\?/g)].map((m) => m[1]!))];
    const waitFor = async (count: number): Promise<void> => {
      const deadline = Date.now() + 90_000;
      while (asked().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
    };
    const keys = async (text: string): Promise<void> => {
      for (const key of text) {
        child.stdin.write(key);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    await waitFor(1);
    await keys('y\r');
    await waitFor(2);
    await keys('s\r');
    expect(await exited, output.slice(-2000)).toBe(3);
    expect(output).toMatch(new RegExp(`continues the proposals awaiting approval in ${earlier}`));
    const branch = output.match(/Branch: (auto\/\S+)/)![1]!;
    expect(git(repo, 'show', `${branch}:src/client.js`)).toContain('process.env.API_KEY');
    const old = runCli(['status', '--workflow-id', earlier], repo).stdout;
    expect(old).toMatch(/continued in wf_/);
    expect(old).not.toMatch(/awaiting_approval: /);
  }, 180_000);
});
