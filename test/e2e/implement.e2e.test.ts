// End-to-end: `autonomous implement` as a person runs it, through the built binary, on real git
// repositories: exit codes, what it prints, dry runs, and the journal a killed run leaves behind.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeJournal } from '../../src/implementer/journal.js';
import { createCheckpoint } from '../../src/implementer/checkpoint.js';
import { runCli } from '../helpers/cli.js';
import { branches, git, gitEnv, gitState, makeRepo, saveProposal, snapshot, write } from '../implementer/repo-helpers.js';

const dirs: string[] = [];

/** The pid of a process that has exited: the journal of a killed run names one. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function repoWithProposal(): { root: string; id: string } {
  const root = makeRepo({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' });
  dirs.push(root);
  const id = saveProposal(root, 'Use let', [
    { file: 'src/a.ts', from: 'const', to: 'let' },
    { file: 'src/b.ts', from: 'const', to: 'let' },
  ], { ruleId: 'prefer-let' }).proposal_id;
  return { root, id };
}

describe('autonomous implement', () => {
  it('commits on auto/<slug>, prints branch, commit, checkpoint and the review hint, and returns to main', () => {
    const { root, id } = repoWithProposal();
    const base = git(root, 'rev-parse', 'main');
    const result = runCli(['implement', id], root, gitEnv);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('branch      auto/prefer-let');
    expect(result.stdout).toContain('git diff main..auto/prefer-let');
    expect(result.stdout).toMatch(/checkpoint {2}cp_\d{8}_\d{6}_[0-9a-f]{4}/);
    expect(gitState(root)).toMatchObject({ branch: 'main', head: base, status: '' });
    expect(git(root, 'show', 'auto/prefer-let:src/b.ts')).toBe('export let b = 2;');
  });

  it('restoring the checkpoint of a finished run touches only the files that run changed', () => {
    const { root, id } = repoWithProposal();
    const done = runCli(['implement', id, '--stay', '--format', 'json'], root, gitEnv);
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as { checkpoint_id: string; branch: string };
    write(root, 'later.txt', 'the person, after the run\n');
    const restore = runCli(['rollback', '--checkpoint', result.checkpoint_id], root, gitEnv);
    expect(restore.code, restore.stderr).toBe(0);
    expect(fs.readFileSync(path.join(root, 'later.txt'), 'utf8')).toBe('the person, after the run\n');
    expect(fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(gitState(root).branch).toBe('main');
  });

  it('prints the diff in a dry run and changes nothing', () => {
    const { root, id } = repoWithProposal();
    const before = snapshot(root);
    const result = runCli(['implement', id, '--dry-run'], root, gitEnv);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-export const a = 1;\n+export let a = 1;');
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(result.stdout).toContain('refactor(src): use let');
    expect(snapshot(root)).toEqual(before);
    expect(branches(root)).toEqual(['main']);
    expect(fs.existsSync(path.join(root, '.autonomous/checkpoints'))).toBe(false);
  });

  it('refuses a dirty tree with exit code 3 and a one-line reason, and a missing git identity', () => {
    const { root, id } = repoWithProposal();
    write(root, 'wip.txt', 'mine\n');
    const dirty = runCli(['implement', id], root, gitEnv);
    expect(dirty.code).toBe(3);
    expect(dirty.stderr.split('\n')[0]).toBe('autonomous: the working tree has uncommitted changes (wip.txt)');
    fs.rmSync(path.join(root, 'wip.txt'));
    const noIdentity = runCli(['implement', id], root, { HOME: root, XDG_CONFIG_HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: '', GIT_AUTHOR_EMAIL: '' });
    expect(noIdentity.code).toBe(3);
    expect(noIdentity.stderr).toContain('no git identity to commit with');
    expect(branches(root)).toEqual(['main']);
  });

  it('reports a journal left by a killed run on the next command, and --recover restores exactly the checkpoint', async () => {
    const { root, id } = repoWithProposal();
    write(root, 'wip.txt', 'person work\n');
    const before = snapshot(root);
    const base = git(root, 'rev-parse', 'HEAD');
    // The state a SIGKILL during apply leaves: on the auto branch, one file written, journal on disk.
    const checkpoint = await createCheckpoint(root, `implement ${id}`);
    git(root, 'switch', '-q', '-c', 'auto/prefer-let');
    write(root, 'src/a.ts', 'export let a = 1;\n');
    writeJournal(root, {
      pid: deadPid(), started_at: new Date().toISOString(), phase: 'applying', proposal_ids: [id], checkpoint_id: checkpoint.checkpoint_id,
      base_branch: 'main', base_sha: base, auto_branch: 'auto/prefer-let', paths: ['src/a.ts'], commit: null,
    });

    const notice = runCli(['rules'], root, gitEnv);
    expect(notice.stderr).toContain('a previous run was interrupted during applying; run `autonomous rollback --latest` to restore, or pass --recover');
    const refused = runCli(['implement', id], root, gitEnv);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('a previous run was interrupted during applying');

    const recovered = runCli(['--recover', 'rules'], root, gitEnv);
    expect(recovered.stderr).toContain('restored what the interrupted run touched');
    expect(snapshot(root)).toEqual(before);
    expect(gitState(root)).toMatchObject({ branch: 'main', head: base });
    expect(branches(root)).toEqual(['main']);
    expect(runCli(['rules'], root, gitEnv).stderr).toBe('');
  });
});
