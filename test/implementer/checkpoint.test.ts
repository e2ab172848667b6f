import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { AutonomousError } from '../../src/core/errors.js';
import {
  createCheckpoint,
  deleteCheckpoint,
  listCheckpoints,
  restoreCheckpoint,
} from '../../src/implementer/checkpoint.js';

// CI has no git identity: every git call of the tests carries one.
const gitEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function git(root: string, ...args: string[]): Promise<string> {
  return (await execa('git', args, { cwd: root, env: gitEnv })).stdout;
}

async function emptyRepo(): Promise<string> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-cp-test-')));
  dirs.push(root);
  await git(root, 'init', '-q', '-b', 'main');
  await git(root, 'config', 'core.autocrlf', 'false');
  return root;
}

function write(root: string, file: string, content: string | Uint8Array, mode?: number): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  if (mode !== undefined) fs.chmodSync(full, mode);
}

const BINARY = Uint8Array.from([0, 1, 2, 255, 254, 0, 10, 13, 0, 128]);

/** A committed repo with awkward files, then a dirty state: modified, staged and untracked. */
async function awkwardRepo(): Promise<string> {
  const root = await emptyRepo();
  write(root, '.gitignore', '.env\n*.log\n');
  write(root, 'src/text.ts', 'export const a = 1;\n');
  write(root, 'data.bin', BINARY);
  write(root, 'crlf.txt', 'one\r\ntwo\r\n');
  write(root, 'no-newline.txt', 'no newline at end');
  write(root, 'run.sh', '#!/bin/sh\necho hi\n', 0o755);
  write(root, 'staged.txt', 'committed\n');
  fs.symlinkSync('src/text.ts', path.join(root, 'link'));
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'initial');
  // The person's uncommitted work at checkpoint time.
  write(root, 'src/text.ts', 'export const a = 2; // work in progress\n');
  write(root, 'staged.txt', 'staged change\n');
  await git(root, 'add', 'staged.txt');
  write(root, 'staged.txt', 'staged change, then more unstaged\n');
  write(root, 'notes/todo.md', 'untracked notes\n');
  write(root, '.env', 'SECRET=before\n');
  return root;
}

type Entry = { kind: 'file'; exec: boolean; content: string } | { kind: 'link'; target: string };

/** Every file outside .git and .autonomous: kind, executable bit and exact bytes. */
function snapshot(root: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (rel === '.git' || rel === '.autonomous') continue;
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) out[rel] = { kind: 'link', target: fs.readlinkSync(full) };
      else if (stat.isDirectory()) walk(full);
      else out[rel] = { kind: 'file', exec: (stat.mode & 0o111) !== 0, content: fs.readFileSync(full).toString('base64') };
    }
  };
  walk(root);
  return out;
}

async function gitState(root: string): Promise<{ status: string; index: string; head: string; branch: string }> {
  return {
    status: await git(root, 'status', '--porcelain=v1', '--untracked-files=all'),
    index: await git(root, 'ls-files', '-s'),
    head: await git(root, 'rev-parse', 'HEAD'),
    branch: await git(root, 'symbolic-ref', 'HEAD'),
  };
}

/** Everything the checkpoint must not bring back or touch, changed after it was taken. */
async function messUp(root: string): Promise<void> {
  write(root, 'data.bin', Uint8Array.from([9, 9, 9]));
  write(root, 'crlf.txt', 'one\ntwo\n');
  write(root, 'no-newline.txt', 'no newline at end\n');
  fs.chmodSync(path.join(root, 'run.sh'), 0o644);
  fs.rmSync(path.join(root, 'src/text.ts'));
  fs.rmSync(path.join(root, 'notes/todo.md'));
  fs.rmSync(path.join(root, 'link'));
  write(root, 'link', 'now a regular file\n');
  write(root, 'generated/deep/created.ts', 'export {};\n');
  write(root, '.env', 'SECRET=after\n');
  write(root, 'debug.log', 'ignored log\n');
  await git(root, 'add', 'crlf.txt', 'generated/deep/created.ts');
}

describe('createCheckpoint', () => {
  it('changes neither the working tree, the index bytes, HEAD nor any branch', async () => {
    const root = await awkwardRepo();
    const indexBefore = fs.readFileSync(path.join(root, '.git/index'));
    const filesBefore = snapshot(root);
    const stateBefore = await gitState(root);
    const refsBefore = await git(root, 'for-each-ref', 'refs/heads', 'refs/tags');

    const checkpoint = await createCheckpoint(root, 'before fixing fnd_1', { workflowId: 'wf_1' });

    expect(fs.readFileSync(path.join(root, '.git/index')).equals(indexBefore)).toBe(true);
    expect(snapshot(root)).toEqual(filesBefore);
    expect(await gitState(root)).toEqual(stateBefore);
    expect(await git(root, 'for-each-ref', 'refs/heads', 'refs/tags')).toBe(refsBefore);
    expect(checkpoint).toMatchObject({
      reason: 'before fixing fnd_1',
      branch: 'main',
      head: stateBefore.head,
      ref: `refs/autonomous/checkpoints/${checkpoint.checkpoint_id}`,
      workflow_id: 'wf_1',
      files: ['notes/todo.md', 'src/text.ts', 'staged.txt'],
    });
    expect(await git(root, 'rev-parse', checkpoint.ref)).toBe(checkpoint.commit);
    expect(await git(root, 'rev-parse', `${checkpoint.commit}^`)).toBe(stateBefore.head);
    // The commit's tree holds untracked work but no ignored file.
    const tree = await git(root, 'ls-tree', '-r', '--name-only', checkpoint.commit);
    expect(tree.split('\n')).toContain('notes/todo.md');
    expect(tree.split('\n')).not.toContain('.env');
    expect(await git(root, 'show', `${checkpoint.index_tree}:staged.txt`)).toBe('staged change');
    expect(listCheckpoints(root)).toEqual([checkpoint]);
  });

  it('works in a repository with no commits yet', async () => {
    const root = await emptyRepo();
    write(root, 'a.txt', 'first\n');
    write(root, 'b.txt', 'second\n');
    await git(root, 'add', 'a.txt');
    const checkpoint = await createCheckpoint(root, 'unborn');
    expect(checkpoint.head).toBeNull();
    expect(checkpoint.branch).toBe('main');

    write(root, 'a.txt', 'changed\n');
    fs.rmSync(path.join(root, 'b.txt'));
    write(root, 'c.txt', 'created\n');
    await git(root, 'add', '-A');
    await restoreCheckpoint(root, checkpoint.checkpoint_id);

    expect(fs.readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('first\n');
    expect(fs.readFileSync(path.join(root, 'b.txt'), 'utf8')).toBe('second\n');
    expect(fs.existsSync(path.join(root, 'c.txt'))).toBe(false);
    expect(await git(root, 'status', '--porcelain=v1')).toBe('A  a.txt\n?? b.txt'.trim());
  });

  it('refuses a folder that is not a git repository with a clear error', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-cp-nogit-'));
    dirs.push(root);
    await expect(createCheckpoint(root, 'x')).rejects.toMatchObject({ code: 'E_STATE', message: expect.stringContaining('not a git repository') });
  });
});

describe('restoreCheckpoint', () => {
  it('brings back the exact bytes, modes, index and HEAD, and leaves ignored files alone', async () => {
    const root = await awkwardRepo();
    const checkpoint = await createCheckpoint(root, 'before change');
    const filesAtCheckpoint = snapshot(root);
    const stateAtCheckpoint = await gitState(root);

    await messUp(root);
    const result = await restoreCheckpoint(root, checkpoint.checkpoint_id);

    const expected = { ...filesAtCheckpoint };
    // Ignored files are the person's and in no checkpoint: exactly as they were left.
    expected['.env'] = { kind: 'file', exec: false, content: Buffer.from('SECRET=after\n').toString('base64') };
    expected['debug.log'] = { kind: 'file', exec: false, content: Buffer.from('ignored log\n').toString('base64') };
    expect(snapshot(root)).toEqual(expected);
    expect(fs.existsSync(path.join(root, 'generated'))).toBe(false);
    expect(await gitState(root)).toEqual(stateAtCheckpoint);
    expect(result.deleted).toEqual(['generated/deep/created.ts']);
    expect(result.written.sort()).toEqual(['crlf.txt', 'data.bin', 'link', 'no-newline.txt', 'notes/todo.md', 'run.sh', 'src/text.ts']);
    expect(result.skipped).toEqual([]);
  });

  it('can itself be undone by restoring its safety checkpoint', async () => {
    const root = await awkwardRepo();
    const checkpoint = await createCheckpoint(root, 'before change');
    await messUp(root);
    const filesBeforeRestore = snapshot(root);
    const stateBeforeRestore = await gitState(root);

    const { safety_checkpoint_id } = await restoreCheckpoint(root, checkpoint.checkpoint_id);
    expect(listCheckpoints(root).find((c) => c.checkpoint_id === safety_checkpoint_id)?.reason).toBe(`before restoring ${checkpoint.checkpoint_id}`);
    await restoreCheckpoint(root, safety_checkpoint_id);

    expect(snapshot(root)).toEqual(filesBeforeRestore);
    expect(await gitState(root)).toEqual(stateBeforeRestore);
  });

  it('never overwrites an ignored file that stands where the checkpoint had a file', async () => {
    const root = await awkwardRepo();
    const checkpoint = await createCheckpoint(root, 'before');
    // The person starts ignoring notes/ and keeps different content there.
    write(root, '.gitignore', '.env\n*.log\nnotes/\n');
    write(root, 'notes/todo.md', 'private, now ignored\n');

    const result = await restoreCheckpoint(root, checkpoint.checkpoint_id);

    expect(result.skipped).toEqual([{ path: 'notes/todo.md', why: 'ignored file in the way' }]);
    expect(fs.readFileSync(path.join(root, 'notes/todo.md'), 'utf8')).toBe('private, now ignored\n');
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('.env\n*.log\n');
  });

  it('turns a folder back into the file the checkpoint had, and a file back into a folder', async () => {
    const root = await awkwardRepo();
    write(root, 'config', 'a file\n');
    const checkpoint = await createCheckpoint(root, 'before');
    fs.rmSync(path.join(root, 'config'));
    write(root, 'config/settings.json', '{}\n');
    fs.rmSync(path.join(root, 'notes'), { recursive: true });
    write(root, 'notes', 'notes became a file\n');

    await restoreCheckpoint(root, checkpoint.checkpoint_id);

    expect(fs.readFileSync(path.join(root, 'config'), 'utf8')).toBe('a file\n');
    expect(fs.readFileSync(path.join(root, 'notes/todo.md'), 'utf8')).toBe('untracked notes\n');
  });

  it('brings back a staged rename exactly: the new name with its content, the old name gone, the index as it was', async () => {
    const root = await awkwardRepo();
    await git(root, 'mv', 'crlf.txt', 'renamed-crlf.txt');
    fs.mkdirSync(path.join(root, 'bin'));
    await git(root, 'mv', 'run.sh', 'bin/run.sh');
    const checkpoint = await createCheckpoint(root, 'after renames');
    const files = snapshot(root);
    const state = await gitState(root);
    expect(state.status).toContain('R  crlf.txt -> renamed-crlf.txt');

    await git(root, 'mv', 'renamed-crlf.txt', 'crlf.txt');
    await git(root, 'mv', 'bin/run.sh', 'run.sh');
    await restoreCheckpoint(root, checkpoint.checkpoint_id);

    expect(snapshot(root)).toEqual(files);
    expect(await gitState(root)).toEqual(state);
    expect(fs.statSync(path.join(root, 'bin/run.sh')).mode & 0o777).toBe(0o755);
  });

  it('switches back to the checkpoint branch when that branch has not moved', async () => {
    const root = await awkwardRepo();
    const checkpoint = await createCheckpoint(root, 'on main');
    await git(root, 'switch', '-q', '-c', 'feature');
    await restoreCheckpoint(root, checkpoint.checkpoint_id);
    expect(await git(root, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
  });

  it('refuses, changing nothing, when the checkpoint branch has moved since', async () => {
    const root = await awkwardRepo();
    const checkpoint = await createCheckpoint(root, 'before commit');
    await git(root, 'commit', '-q', '-m', 'person commits', '--', 'staged.txt');
    const files = snapshot(root);
    const state = await gitState(root);

    const error = await restoreCheckpoint(root, checkpoint.checkpoint_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutonomousError);
    expect(error).toMatchObject({ code: 'E_STATE', message: expect.stringContaining('branch main was at') });
    expect(snapshot(root)).toEqual(files);
    expect(await gitState(root)).toEqual(state);
    expect(listCheckpoints(root)).toHaveLength(1);
  });
});

describe('listCheckpoints and deleteCheckpoint', () => {
  it('lists newest first and deletes both the ref and the metadata', async () => {
    const root = await awkwardRepo();
    const first = await createCheckpoint(root, 'first');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await createCheckpoint(root, 'second');
    expect(listCheckpoints(root).map((c) => c.checkpoint_id)).toEqual([second.checkpoint_id, first.checkpoint_id]);

    await deleteCheckpoint(root, first.checkpoint_id);
    expect(listCheckpoints(root).map((c) => c.checkpoint_id)).toEqual([second.checkpoint_id]);
    expect(await git(root, 'for-each-ref', '--format=%(refname)', 'refs/autonomous')).toBe(second.ref);
  });

  it('rejects an unknown or malformed id as a usage error', async () => {
    const root = await awkwardRepo();
    await expect(restoreCheckpoint(root, 'cp_20260101_000000_abcd')).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(deleteCheckpoint(root, '../../etc/passwd')).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
