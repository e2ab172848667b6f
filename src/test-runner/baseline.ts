// Making a test baseline for HEAD when the person's tree has uncommitted work: the baseline must
// describe the commit, not their edits, and their tree must not be touched. So HEAD is checked out
// with `git worktree add --detach` into a temporary folder, the tests run there (with the
// project's node_modules linked in, since installs are not committed), and the worktree is removed
// afterwards. Also lists the change set of the tree (for failure analysis). Git goes through
// GitRepo, the one module that runs git.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { STATE_DIR } from '../core/state-store.js';
import { GitRepo } from '../implementer/git.js';

/** Whether the tree differs from HEAD: modified, staged, deleted or untracked (not ignored) files; our own state aside. */
export async function hasUncommittedChanges(root: string): Promise<boolean> {
  const entries = await new GitRepo(root).statusPorcelain();
  return entries.some((e) => !isOwnState(e.path));
}

function isOwnState(relative: string): boolean {
  return relative === STATE_DIR || relative.startsWith(`${STATE_DIR}/`);
}

/** Files changed since HEAD under root, relative to it: tracked ones that differ (`git diff --name-only HEAD`) and untracked ones. */
export async function uncommittedFiles(root: string): Promise<string[]> {
  const git = new GitRepo(root);
  const tracked = (await git.tryRun(['diff', '--name-only', '--relative', '-z', 'HEAD'])) ?? '';
  const untracked = (await git.tryRun(['ls-files', '--others', '--exclude-standard', '-z'])) ?? '';
  const files = [...tracked.split('\0'), ...untracked.split('\0')].filter((f) => f !== '' && !isOwnState(f));
  return [...new Set(files)];
}

/**
 * Runs `run` in a temporary worktree of `commit` (in the folder matching root, when root is a
 * package inside the repository) and removes the worktree afterwards, whatever happens. The
 * person's tree, index and branch are never touched.
 */
export async function inCleanWorktree<T>(root: string, commit: string, run: (dir: string) => Promise<T>): Promise<T> {
  const git = new GitRepo(root);
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'autonomous-baseline-'));
  const dir = path.join(parent, 'tree');
  const prefix = (await git.tryRun(['rev-parse', '--show-prefix'])) ?? '';
  const projectDir = path.resolve(dir, prefix);
  try {
    await git.run(['worktree', 'add', '--detach', '--quiet', dir, commit]);
    const link = path.join(projectDir, 'node_modules');
    let linked = false;
    try {
      const modules = path.join(root, 'node_modules');
      if ((await exists(modules)) && !(await exists(link))) {
        await fs.symlink(modules, link, 'dir');
        linked = true;
      }
      return await run(projectDir);
    } finally {
      // The link goes first, so nothing that cleans the worktree can reach the real node_modules.
      if (linked) await fs.unlink(link);
      await git.tryRun(['worktree', 'remove', '--force', dir]);
    }
  } finally {
    await fs.rm(parent, { recursive: true, force: true });
    await git.tryRun(['worktree', 'prune']);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
