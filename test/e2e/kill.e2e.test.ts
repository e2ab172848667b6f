// Kill tests: `autonomous implement` runs as a real child process and is sent SIGINT or SIGKILL at
// many points of its run (startup, checkpoint, branch, every file write, the commit, switching
// back). After each, the repository must be untouched, fully implemented on the auto branch with
// the base unchanged, or brought back to exactly the checkpoint by `rollback --latest`, and the
// person's uncommitted work must be intact. The test counts scenarios and losses; losses must be 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, runCliAsync } from '../helpers/cli.js';
import { git, gitEnv, gitState, makeRepo, saveProposal, snapshot, write } from '../implementer/repo-helpers.js';

/** Pause of the test hook between steps: long enough to land signals in every phase. */
const SLOW_MS = 80;

/** The journal states of a run in order: (phase, paths written). */
const JOURNAL_STEPS = ['checkpointed:0', 'branch-created:0', 'applying:0', 'applying:1', 'applying:2', 'applying:3', 'committing:3', 'switching-back:3', 'done:3'];

interface Timing {
  /** Fire once the journal reached this step (index into JOURNAL_STEPS); -1 = time from spawn. */
  step: number;
  delayMs: number;
}

const FILES = {
  'src/one.ts': 'export const one = 1;\n',
  'src/two.ts': 'export const two = 2;\n',
  'src/three.ts': 'export const three = 3;\n',
  'notes.md': 'committed notes\n',
  'staged.txt': 'committed\n',
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A committed repository with a saved 3-file proposal and the person's uncommitted work. */
function template(): { root: string; id: string } {
  const root = makeRepo(FILES, 'autonomous-kill-template-');
  dirs.push(root);
  const id = saveProposal(root, 'Use let', ['src/one.ts', 'src/two.ts', 'src/three.ts'].map((file) => ({ file, from: 'export const', to: 'export let' })), { ruleId: 'prefer-let' }).proposal_id;
  write(root, 'notes.md', 'work in progress\r\nno newline');
  write(root, 'staged.txt', 'staged\n');
  git(root, 'add', 'staged.txt');
  write(root, 'scratch/idea.bin', Uint8Array.from([0, 255, 13, 10, 0]));
  return { root, id };
}

function journalStep(root: string): number {
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(root, '.autonomous/journal.json'), 'utf8')) as { phase: string; paths: string[] };
    return JOURNAL_STEPS.indexOf(`${journal.phase}:${journal.paths.length}`);
  } catch {
    return -1;
  }
}

/** Runs implement and sends `signal` at `timing`; resolves when the child has exited. */
function runAndSignal(root: string, id: string, signal: NodeJS.Signals, timing: Timing): Promise<{ code: number | null; signal: string | null; sent: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, 'implement', id, '--allow-dirty'], {
      cwd: root,
      env: { ...process.env, ...gitEnv, CI: 'true', NO_COLOR: '1', AUTONOMOUS_TEST_SLOW_MS: String(SLOW_MS) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    let exited = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const fire = (): void => {
      if (exited) return;
      sent = child.kill(signal);
    };
    const poll = setInterval(() => {
      if (exited) return clearInterval(poll);
      if (timing.step >= 0 && journalStep(root) >= timing.step) {
        clearInterval(poll);
        setTimeout(fire, timing.delayMs);
      }
    }, 4);
    if (timing.step < 0) {
      clearInterval(poll);
      setTimeout(fire, timing.delayMs);
    }
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      exited = true;
      clearInterval(poll);
      resolve({ code, signal: sig, sent, stderr });
    });
  });
}

/**
 * A killed process may leave a git child finishing its work (a commit, a switch): wait until no
 * process has its working directory in the repository any more, as a person would see it.
 */
async function settle(root: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const busy = fs.readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === root;
      } catch {
        return false;
      }
    });
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** git without blocking the event loop: the other scenarios' signal timers must keep firing on time. */
async function gitAsync(root: string, ...args: string[]): Promise<string> {
  return (await execa('git', args, { cwd: root, env: { ...process.env, ...gitEnv } })).stdout.trimEnd();
}

async function gitStateAsync(root: string): Promise<ReturnType<typeof gitState>> {
  const [head, branch, index, status] = await Promise.all([
    gitAsync(root, 'rev-parse', 'HEAD'),
    gitAsync(root, 'rev-parse', '--abbrev-ref', 'HEAD'),
    gitAsync(root, 'ls-files', '-s'),
    gitAsync(root, 'status', '--porcelain=v1', '--untracked-files=all'),
  ]);
  return { head, branch, index, status };
}

describe('implement under SIGINT and SIGKILL', () => {
  it('never loses work: each run ends untouched, fully implemented, or restorable to the checkpoint', async () => {
    const { root: tmpl, id } = template();
    const before = snapshot(tmpl);
    const stateBefore = gitState(tmpl);
    const base = stateBefore.head;

    const timings: Timing[] = [
      { step: -1, delayMs: 150 },
      ...JOURNAL_STEPS.slice(0, -1).map((_, step) => ({ step, delayMs: step % 2 === 0 ? 5 : Math.round(SLOW_MS * 0.6) })),
      // During the commit itself: the pause after `committing` is over and git commit is running.
      { step: 6, delayMs: SLOW_MS + 15 },
      { step: 6, delayMs: SLOW_MS + 40 },
    ];
    const scenarios = [
      ...(['SIGINT', 'SIGKILL'] as const).flatMap((signal) => timings.map((timing) => ({ signal: signal as NodeJS.Signals, timing }))),
      // SIGTERM takes the same path as SIGINT and must end with 143.
      { signal: 'SIGTERM' as NodeJS.Signals, timing: { step: 3, delayMs: 5 } },
      { signal: 'SIGTERM' as NodeJS.Signals, timing: { step: 6, delayMs: 5 } },
    ];
    const losses: string[] = [];
    const outcomes: Record<string, number> = {};

    const runScenario = async ({ signal, timing }: (typeof scenarios)[number]): Promise<void> => {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-kill-')));
      dirs.push(root);
      fs.cpSync(tmpl, root, { recursive: true });
      const label = `${signal} at step ${timing.step} + ${timing.delayMs}ms`;
      const run = await runAndSignal(root, id, signal, timing);
      await settle(root);
      let outcome: string;
      if (fs.existsSync(path.join(root, '.autonomous/journal.json'))) {
        const rollback = await runCliAsync(['rollback', '--latest'], root, gitEnv);
        if (rollback.code !== 0) losses.push(`${label}: rollback --latest failed: ${rollback.stderr}`);
        outcome = 'recovered by rollback --latest';
      } else outcome = 'no journal';
      // SIGINT/SIGTERM: 130/143 after restoring; 0 only when the signal came after the last step (checked below).
      const expectedCode = signal === 'SIGINT' ? 130 : 143;
      if (signal !== 'SIGKILL' && run.code !== null && run.code !== 0 && run.code !== expectedCode) losses.push(`${label}: exit ${run.code}: ${run.stderr}`);

      const now = snapshot(root);
      const state = await gitStateAsync(root);
      const same = JSON.stringify(now) === JSON.stringify(before) && JSON.stringify(state) === JSON.stringify(stateBefore);
      if (!same) {
        losses.push(`${label} (${outcome}): tree or git state differs: ${JSON.stringify({ state, stateBefore })}`);
        return;
      }
      const autos = (await gitAsync(root, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n').filter((b) => b !== 'main' && b !== '');
      if ((await gitAsync(root, 'rev-parse', 'main')) !== base) losses.push(`${label}: main moved`);
      if (signal !== 'SIGKILL' && run.code === 0 && autos.length === 0) losses.push(`${label}: exit 0 but nothing was committed`);
      if (signal !== 'SIGKILL' && run.code === expectedCode && autos.length > 0) losses.push(`${label}: exit ${expectedCode} but ${autos.join(', ')} was kept`);
      if (autos.length === 0) outcomes[`untouched (${outcome})`] = (outcomes[`untouched (${outcome})`] ?? 0) + 1;
      else if (autos.length === 1 && outcome === 'no journal' && (await gitAsync(root, 'rev-parse', `${autos[0]}^`)) === base && (await gitAsync(root, 'show', `${autos[0]}:src/three.ts`)) === 'export let three = 3;') {
        outcomes['fully implemented'] = (outcomes['fully implemented'] ?? 0) + 1;
      } else losses.push(`${label}: unexpected branches ${autos.join(', ')}`);
    };

    // Six at a time: the runs mostly wait on their pauses and on git.
    const queue = [...scenarios];
    await Promise.all(Array.from({ length: 6 }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await runScenario(next);
    }));

    console.log(`kill scenarios: ${scenarios.length}, losses: ${losses.length}`);
    console.log(`outcomes: ${JSON.stringify(outcomes)}`);
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    expect(losses.join('\n')).toBe('');
  }, 180_000);
});
