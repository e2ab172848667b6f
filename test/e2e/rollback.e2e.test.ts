// End-to-end: `autonomous rollback` lists and restores checkpoints in a real git repository, and
// the undo command it prints brings back the state from before the restore.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../../src/implementer/checkpoint.js';
import { Checkpoint } from '../../src/models/checkpoint.js';
import { initGitRepo, runCli, writeFile } from '../helpers/cli.js';
import { gitEnv } from '../implementer/repo-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const BINARY = Buffer.from([0, 1, 2, 255, 254, 0, 10, 13, 0, 128]);

/** A committed repository, then the state the checkpoint captures: a modified, a binary and an untracked file. */
async function repoWithCheckpoint(): Promise<{ dir: string; id: string }> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-rollback-')));
  dirs.push(dir);
  writeFile(dir, '.gitignore', '*.log\n');
  writeFile(dir, 'src/a.ts', 'export const a = 1;\n');
  writeFile(dir, 'keep.txt', 'committed\n');
  initGitRepo(dir);
  writeFile(dir, 'src/a.ts', 'export const a = 2;\r\nno newline');
  fs.writeFileSync(path.join(dir, 'data.bin'), BINARY);
  writeFile(dir, 'notes/untracked.md', '# mine\n');
  const checkpoint = await createCheckpoint(dir, 'before the e2e change');
  return { dir, id: checkpoint.checkpoint_id };
}

/** Every file outside .git and .autonomous, path -> bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (name === '.git' || name === '.autonomous') continue;
      if (entry.isDirectory()) walk(name);
      else files[name] = fs.readFileSync(path.join(dir, name)).toString('base64');
    }
  };
  walk('');
  return files;
}

/** The state after the checkpoint: a file changed again, one deleted, one created, an ignored one written. */
function changeEverything(dir: string): void {
  // Not the committed size: a same-size change in the second of the commit is lost (see the known bug below).
  writeFile(dir, 'src/a.ts', 'export const a = 33;\n');
  fs.rmSync(path.join(dir, 'keep.txt'));
  fs.rmSync(path.join(dir, 'notes/untracked.md'));
  writeFile(dir, 'created.ts', 'export {};\n');
  writeFile(dir, 'debug.log', 'ignored, the person\'s own\n');
}

describe('autonomous rollback', () => {
  it('lists the checkpoint with its id, branch, reason and file count', async () => {
    const { dir, id } = await repoWithCheckpoint();
    const result = runCli(['rollback'], dir);
    expect(result.code).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.includes(id));
    expect(line).toBeDefined();
    expect(line).toContain('main');
    expect(line).toContain('before the e2e change');
    expect(line).toContain('3 files');
  });

  it('lists checkpoints as JSON that parses as checkpoints, newest first', async () => {
    const { dir, id } = await repoWithCheckpoint();
    const second = await createCheckpoint(dir, 'second');
    const result = runCli(['rollback', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    const list = Checkpoint.array().parse(JSON.parse(result.stdout));
    expect(list.map((c) => c.checkpoint_id)).toEqual([second.checkpoint_id, id]);
  });

  it('says there are no checkpoints in a repository without any', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-rollback-')));
    dirs.push(dir);
    writeFile(dir, 'a.txt', 'a\n');
    initGitRepo(dir);
    const result = runCli(['rollback'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No checkpoints');
    expect(JSON.parse(runCli(['rollback', '--format', 'json'], dir).stdout)).toEqual([]);
  });

  it('restores modified, deleted and created files byte for byte and leaves an ignored file alone', async () => {
    const { dir, id } = await repoWithCheckpoint();
    const atCheckpoint = snapshot(dir);
    changeEverything(dir);
    const result = runCli(['rollback', '--checkpoint', id], dir);
    expect(result.code, result.stderr).toBe(0);
    const { 'debug.log': ignored, ...rest } = snapshot(dir);
    expect(rest).toEqual(atCheckpoint);
    expect(Buffer.from(ignored ?? '', 'base64').toString()).toBe("ignored, the person's own\n");
    expect(fs.readFileSync(path.join(dir, 'data.bin'))).toEqual(BINARY);
    expect(result.stdout).toMatch(/written\s+src\/a\.ts/);
    expect(result.stdout).toMatch(/deleted\s+created\.ts/);
  });

  it('prints an undo command that brings back the state from before the restore', async () => {
    const { dir, id } = await repoWithCheckpoint();
    changeEverything(dir);
    const beforeRestore = snapshot(dir);
    const restore = runCli(['rollback', '--checkpoint', id], dir);
    expect(restore.code, restore.stderr).toBe(0);
    const undo = /autonomous (rollback --checkpoint (cp_\S+))/.exec(restore.stdout);
    expect(undo).not.toBeNull();
    const undone = runCli(undo![1]!.split(' '), dir);
    expect(undone.code, undone.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(beforeRestore);
  });

  it('restores with --latest the newest checkpoint that is not the safety checkpoint of a restore', async () => {
    const { dir, id } = await repoWithCheckpoint();
    const atCheckpoint = snapshot(dir);
    changeEverything(dir);
    expect(runCli(['rollback', '--latest'], dir).stdout).toContain(`Restored checkpoint ${id}.`);
    writeFile(dir, 'again.txt', 'x\n');
    // The newest checkpoint is now the safety one; --latest still means the one taken before.
    const second = runCli(['rollback', '--latest', '--format', 'json'], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ checkpoint_id: id, deleted: ['again.txt'] });
    const { 'debug.log': _ignored, ...rest } = snapshot(dir);
    expect(rest).toEqual(atCheckpoint);
  });

  it('refuses an unknown checkpoint id with exit 2 and names it', async () => {
    const { dir } = await repoWithCheckpoint();
    const before = snapshot(dir);
    for (const id of ['cp_20000101_000000_abcd', 'nope']) {
      const result = runCli(['rollback', '--checkpoint', id], dir);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toContain(id);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  // --commit and --prune were refused (exit 4) until the implementer shipped them; they are tested here now.
  it('moves an auto/ branch back with --commit, refusing other branches and commits that are not ancestors', async () => {
    const { dir } = await repoWithCheckpoint();
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv }, encoding: 'utf8' }).trim();
    const base = git('rev-parse', 'HEAD');
    git('branch', 'auto/fix', base);
    git('branch', 'other', base);
    const tree = git('rev-parse', 'HEAD^{tree}');
    const first = git('commit-tree', tree, '-p', base, '-m', 'first');
    const second = git('commit-tree', tree, '-p', first, '-m', 'second');
    git('update-ref', 'refs/heads/auto/fix', second);

    const notAuto = runCli(['rollback', '--commit', base, '--branch', 'main'], dir, gitEnv);
    expect(notAuto.code).toBe(2);
    expect(notAuto.stderr).toContain('main is not an auto/ branch');
    const notAncestor = runCli(['rollback', '--commit', second, '--branch', 'other', '--force'], dir, gitEnv);
    expect(notAncestor.code).toBe(2);
    expect(notAncestor.stderr).toContain('not an ancestor of other');
    expect(git('rev-parse', 'auto/fix')).toBe(second);

    const moved = runCli(['rollback', '--commit', first, '--branch', 'auto/fix'], dir, gitEnv);
    expect(moved.code, moved.stderr).toBe(0);
    expect(git('rev-parse', 'auto/fix')).toBe(first);
    expect(git('rev-parse', 'main')).toBe(base);
    expect(moved.stdout).toContain(`git branch -f auto/fix ${second}`);
  });

  it('prunes checkpoints older than --older-than and keeps newer ones', async () => {
    const { dir, id } = await repoWithCheckpoint();
    const recent = await createCheckpoint(dir, 'recent');
    const metadata = path.join(dir, '.autonomous/checkpoints', `${id}.json`);
    const old = JSON.parse(fs.readFileSync(metadata, 'utf8')) as { created_at: string };
    old.created_at = new Date(Date.now() - 40 * 86_400_000).toISOString();
    fs.writeFileSync(metadata, JSON.stringify(old));

    const bad = runCli(['rollback', '--prune', '--older-than', 'soon'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than soon');
    const pruned = runCli(['rollback', '--prune', '--older-than', '30d', '--format', 'json'], dir);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(JSON.parse(pruned.stdout)).toEqual({ removed: [id] });
    const list = Checkpoint.array().parse(JSON.parse(runCli(['rollback', '--format', 'json'], dir).stdout));
    expect(list.map((c) => c.checkpoint_id)).toEqual([recent.checkpoint_id]);
    const refs = execFileSync('git', ['for-each-ref', '--format=%(refname)', 'refs/autonomous/checkpoints'], { cwd: dir, encoding: 'utf8' }).trim();
    expect(refs).toBe(recent.ref);
  });

  it('says clearly that a folder outside git has no checkpoints, exit 3', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-rollback-')));
    dirs.push(dir);
    const result = runCli(['rollback'], dir);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('not a git repository');
  });

  // Racy git: a file rewritten with the same size in the same second as the index was written
  // looks unchanged by its stat data; git re-reads such "racily clean" entries only when it can
  // compare with the index file's own mtime, so the checkpoint's index copy must keep it.
  it('keeps a same-size change made in the second of the last index write', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-rollback-')));
    dirs.push(dir);
    for (let attempt = 0; ; attempt++) {
      writeFile(dir, 'a.txt', 'one\n');
      fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
      initGitRepo(dir);
      const committed = fs.statSync(path.join(dir, 'a.txt'));
      writeFile(dir, 'a.txt', 'two\n');
      const rewritten = fs.statSync(path.join(dir, 'a.txt'));
      if (Math.floor(committed.ctimeMs / 1000) === Math.floor(rewritten.ctimeMs / 1000) || attempt === 5) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const checkpoint = await createCheckpoint(dir, 'holds the change');
    writeFile(dir, 'a.txt', 'three, longer\n');
    expect(runCli(['rollback', '--checkpoint', checkpoint.checkpoint_id], dir).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('two\n');
  });
});
