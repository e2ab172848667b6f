import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { AutonomousError } from '../../src/core/errors.js';
import { implement } from '../../src/implementer/implement.js';
import { journalExists } from '../../src/implementer/journal.js';
import { listCheckpoints, restoreCheckpoint } from '../../src/implementer/checkpoint.js';
import { ProposalStore } from '../../src/proposer/store.js';
import { branches, git, gitEnv, gitState, makeRepo, read, saveProposal, snapshot, write } from './repo-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  delete process.env.AUTONOMOUS_TEST_FAIL_WRITE_AT;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
beforeAll(() => {
  // implement commits with the person's identity; CI has none configured.
  Object.assign(process.env, gitEnv);
});

const config = defaultConfig();

function repo(files: Record<string, string>): string {
  const root = makeRepo(files);
  dirs.push(root);
  return root;
}

const FIVE = {
  'src/one.ts': 'export const one = 1;\n',
  'src/two.ts': 'export const two = 2;\n',
  'src/three.ts': 'export const three = 3;\n',
  'src/four.ts': 'export const four = 4;\n',
  'src/five.ts': 'export const five = 5;\n',
};

function fiveFileProposal(root: string): string {
  return saveProposal(
    root,
    'Use let for the counters',
    Object.keys(FIVE).map((file) => ({ file, from: 'export const', to: 'export let' })),
    { ruleId: 'prefer-let', category: 'quality' },
  ).proposal_id;
}

describe('implement', () => {
  it('commits the change on a new auto/ branch, leaves the base branch alone and ends on it', async () => {
    const root = repo({ ...FIVE, 'run.sh': '#!/bin/sh\necho hi\n' });
    fs.chmodSync(path.join(root, 'run.sh'), 0o755);
    git(root, 'add', 'run.sh');
    git(root, 'commit', '-q', '-m', 'exec');
    const exec = saveProposal(root, 'Say hello', [{ file: 'run.sh', from: 'echo hi', to: 'echo hello' }], { ruleId: 'greeting', category: 'security' });
    const id = fiveFileProposal(root);
    const baseHead = git(root, 'rev-parse', 'main');
    const filesBefore = snapshot(root);

    const { result } = await implement(root, [id, exec.proposal_id], { config });

    expect(result).toMatchObject({ success: true, dry_run: false, base: 'main', branch: 'auto/prefer-let-greeting', rolled_back: false });
    expect(result.files).toEqual([...Object.keys(FIVE), 'run.sh']);
    expect(git(root, 'rev-parse', 'main')).toBe(baseHead);
    expect(gitState(root)).toMatchObject({ branch: 'main', head: baseHead, status: '' });
    expect(snapshot(root)).toEqual(filesBefore);
    expect(git(root, 'rev-parse', `${result.commit}^`)).toBe(baseHead);
    expect(git(root, 'show', `${result.branch}:src/three.ts`)).toBe('export let three = 3;');
    // The executable bit survives the atomic write.
    expect(git(root, 'ls-tree', result.branch!, 'run.sh')).toMatch(/^100755 /);
    expect(git(root, 'diff', '--name-only', `main..${result.branch}`).split('\n')).toHaveLength(6);
    const message = git(root, 'log', '-1', '--format=%B', result.branch!);
    expect(message).toBe(
      [
        'fix: use let for the counters and 1 more',
        '',
        `- Use let for the counters (${Object.keys(FIVE).join(', ')})`,
        '- Say hello (run.sh)',
        '',
        `Proposal: ${id}`,
        `Proposal: ${exec.proposal_id}`,
        'Finding: fnd_test_1',
      ].join('\n'),
    );
    expect(git(root, 'log', '-1', '--format=%an <%ae>', result.branch!)).toBe('Implement Tests <implement@example.invalid>');
    expect(new ProposalStore(root).load(id).status).toBe('implemented');
    expect(journalExists(root)).toBe(false);
    expect(fs.readdirSync(path.join(root, '.autonomous/implementations'))).toHaveLength(1);
    expect(listCheckpoints(root)[0]?.checkpoint_id).toBe(result.checkpoint_id);
  });

  it('makes the branch name unique and uses the scope of the common folder', async () => {
    const root = repo(FIVE);
    git(root, 'branch', 'auto/prefer-let');
    const id = fiveFileProposal(root);
    const { result, message } = await implement(root, [id], { config });
    expect(result.branch).toBe('auto/prefer-let-2');
    expect(message.split('\n')[0]).toBe('refactor(src): use let for the counters');
  });

  it('stays on the new branch with stay, and returns to a detached HEAD it started from', async () => {
    const root = repo(FIVE);
    const id = fiveFileProposal(root);
    const { result } = await implement(root, [id], { config, stay: true });
    expect(gitState(root).branch).toBe(result.branch);
    expect(read(root, 'src/one.ts')).toBe('export let one = 1;\n');

    const detached = repo(FIVE);
    const sha = git(detached, 'rev-parse', 'HEAD');
    git(detached, 'switch', '-q', '--detach', sha);
    const id2 = fiveFileProposal(detached);
    const second = await implement(detached, [id2], { config });
    expect(second.result.base).toBe(sha);
    expect(gitState(detached)).toMatchObject({ branch: 'HEAD', head: sha });
  });

  it('changes nothing in a dry run and returns the full diff', async () => {
    const root = repo(FIVE);
    const id = fiveFileProposal(root);
    const before = snapshot(root);
    const { result, diff } = await implement(root, [id], { config, dryRun: true });
    expect(result).toMatchObject({ dry_run: true, branch: null, commit: null, checkpoint_id: null });
    expect(diff).toContain('-export const five = 5;\n+export let five = 5;');
    expect(snapshot(root)).toEqual(before);
    expect(branches(root)).toEqual(['main']);
    expect(listCheckpoints(root)).toEqual([]);
  });

  it('refuses a dirty tree, and with allowDirty leaves uncommitted, staged and untracked work byte for byte', async () => {
    const root = repo({ ...FIVE, 'notes.md': 'committed notes\n', 'staged.txt': 'committed\n' });
    const id = fiveFileProposal(root);
    write(root, 'notes.md', 'my work in progress\r\nno newline');
    write(root, 'staged.txt', 'staged change\n');
    git(root, 'add', 'staged.txt');
    write(root, 'staged.txt', 'staged, then edited again\n');
    write(root, 'scratch/idea.bin', Uint8Array.from([0, 255, 10, 13, 0]));
    const before = snapshot(root);
    const stateBefore = gitState(root);

    const refused = await implement(root, [id], { config }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AutonomousError);
    expect(refused).toMatchObject({ exitCode: 3, message: expect.stringContaining('uncommitted changes (notes.md, scratch/idea.bin, staged.txt)') });
    expect(listCheckpoints(root)).toEqual([]);

    const { result } = await implement(root, [id], { config, allowDirty: true });
    expect(snapshot(root)).toEqual(before);
    expect(gitState(root)).toEqual(stateBefore);
    // Only the proposal's files are in the commit, none of the person's work.
    expect(git(root, 'diff', '--name-only', `main..${result.branch}`).split('\n').sort()).toEqual(Object.keys(FIVE).sort());
    expect(listCheckpoints(root)[0]?.files).toEqual(['notes.md', 'scratch/idea.bin', 'staged.txt']);
  });

  it('refuses, with allowDirty, a file that is both dirty and changed by the proposal', async () => {
    const root = repo(FIVE);
    const id = fiveFileProposal(root);
    write(root, 'src/two.ts', 'export const two = 22;\n');
    await expect(implement(root, [id], { config, allowDirty: true })).rejects.toThrow('src/two.ts: has uncommitted changes and the proposal changes it too');
    expect(branches(root)).toEqual(['main']);
  });

  it('leaves the tree identical to the checkpoint when writing the 3rd of 5 files fails', async () => {
    const root = repo(FIVE);
    const id = fiveFileProposal(root);
    write(root, 'mine.txt', 'untracked work\n');
    const before = snapshot(root);
    const stateBefore = gitState(root);
    process.env.AUTONOMOUS_TEST_FAIL_WRITE_AT = '3';

    const error = await implement(root, [id], { config, allowDirty: true }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'E_IO', message: expect.stringContaining('cannot write src/three.ts: injected write failure') });
    expect(snapshot(root)).toEqual(before);
    expect(gitState(root)).toEqual(stateBefore);
    expect(branches(root)).toEqual(['main']);
    expect(journalExists(root)).toBe(false);
    expect(new ProposalStore(root).load(id).status).toBe('proposed');
    // The checkpoint it took holds exactly this state.
    const checkpoint = listCheckpoints(root).find((c) => c.reason.startsWith('implement'))!;
    for (const line of git(root, 'ls-tree', '-r', checkpoint.commit).split('\n')) {
      const [meta, file] = line.split('\t') as [string, string];
      expect(git(root, 'hash-object', '--', file), file).toBe(meta.split(' ')[2]);
    }
  });

  it('restores everything when a pre-commit hook refuses the commit', async () => {
    const root = repo(FIVE);
    const id = fiveFileProposal(root);
    write(root, '.git/hooks/pre-commit', '#!/bin/sh\necho "lint failed" >&2\nexit 1\n', 0o755);
    const before = snapshot(root);
    const error = await implement(root, [id], { config }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringContaining('git commit failed') });
    expect(snapshot(root)).toEqual(before);
    expect(gitState(root)).toMatchObject({ branch: 'main', status: '' });
    expect(branches(root)).toEqual(['main']);
  });

  it('refuses a stale proposal naming the file, and accepts it with allowRelocate when the edits re-locate', async () => {
    const root = repo(FIVE);
    const id = fiveFileProposal(root);
    write(root, 'src/four.ts', '// a comment added later\nexport const four = 4;\n');
    git(root, 'commit', '-q', '-am', 'person edits four');
    await expect(implement(root, [id], { config })).rejects.toThrow(`src/four.ts changed since the proposal was made (proposal ${id}); run propose again`);
    expect(branches(root)).toEqual(['main']);

    const { result } = await implement(root, [id], { config, allowRelocate: true });
    expect(git(root, 'show', `${result.branch}:src/four.ts`)).toBe('// a comment added later\nexport let four = 4;');
  });

  it('refuses edits that escape the repository and writes nothing', async () => {
    const root = repo(FIVE);
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(path.dirname(root), 'outside-')));
    dirs.push(outside);
    fs.symlinkSync(outside, path.join(root, 'escape'));
    git(root, 'add', 'escape');
    git(root, 'commit', '-q', '-m', 'link');
    const good = fiveFileProposal(root);
    const store = new ProposalStore(root);
    const base = store.load(good);
    const attempts: Array<[string, string]> = [
      ['../x.ts', 'resolves outside the repository'],
      [path.join(outside, 'abs.ts'), 'absolute paths are refused'],
      ['escape/evil.ts', 'leads outside the repository through a symlink'],
    ];
    for (const [filePath, why] of attempts) {
      const bad = { ...base, proposal_id: `prop_20260101_000000_${String(attempts.findIndex((a) => a[0] === filePath)).padStart(4, '0')}`, edits: [...base.edits, { file_path: filePath, old_code: '', new_code: 'pwned', start: 0, base_hash: null }] };
      store.save(bad);
      const before = snapshot(root);
      const error = await implement(root, [bad.proposal_id], { config }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'E_USAGE', message: expect.stringContaining(why) });
      expect(snapshot(root)).toEqual(before);
      expect(fs.readdirSync(outside)).toEqual([]);
      expect(fs.existsSync(path.join(path.dirname(root), 'x.ts'))).toBe(false);
    }
    expect(branches(root)).toEqual(['main']);
  });

  it('refuses a repository without commits and an unknown proposal id', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(path.dirname(makeRepo({ a: 'a' })), 'autonomous-empty-')));
    dirs.push(root);
    git(root, 'init', '-q');
    await expect(implement(root, ['prop_20260101_000000_abcd'], { config })).rejects.toThrow('no commits');
    const committed = repo(FIVE);
    await expect(implement(committed, ['prop_20260101_000000_abcd'], { config })).rejects.toMatchObject({ code: 'E_USAGE' });
  });

  it('pushes the branch to the configured remote only when asked', async () => {
    const root = repo(FIVE);
    const remote = fs.realpathSync(fs.mkdtempSync(path.join(path.dirname(root), 'autonomous-remote-')));
    dirs.push(remote);
    git(remote, 'init', '-q', '--bare');
    git(root, 'remote', 'add', 'origin', remote);
    const first = await implement(root, [fiveFileProposal(root)], { config });
    expect(git(remote, 'for-each-ref', '--format=%(refname)')).toBe('');
    const second = await implement(root, [saveProposal(root, 'Five is six', [{ file: 'src/five.ts', from: '5', to: '6' }]).proposal_id], { config, push: true });
    expect(second.pushed).toBe(true);
    expect(git(remote, 'rev-parse', `refs/heads/${second.result.branch}`)).toBe(second.result.commit);
    expect(first.result.branch).not.toBe(second.result.branch);
  });
});

describe('restoreCheckpoint with paths', () => {
  it('restores only the given paths and leaves files created after the checkpoint alone', async () => {
    const root = repo(FIVE);
    const { createCheckpoint } = await import('../../src/implementer/checkpoint.js');
    const checkpoint = await createCheckpoint(root, 'before');
    write(root, 'src/one.ts', 'changed by the tool\n');
    write(root, 'src/new.ts', 'created by the tool\n');
    git(root, 'add', 'src/new.ts');
    write(root, 'src/two.ts', 'changed by the person\n');
    write(root, 'person.txt', 'created by the person\n');

    const result = await restoreCheckpoint(root, checkpoint.checkpoint_id, { paths: ['src/one.ts', 'src/new.ts'] });

    expect(result.written).toEqual(['src/one.ts']);
    expect(result.deleted).toEqual(['src/new.ts']);
    expect(read(root, 'src/one.ts')).toBe(FIVE['src/one.ts']);
    expect(read(root, 'src/two.ts')).toBe('changed by the person\n');
    expect(read(root, 'person.txt')).toBe('created by the person\n');
    expect(git(root, 'ls-files', 'src/new.ts')).toBe('');
  });
});
