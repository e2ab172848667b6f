// Git-native checkpoints: the working tree, the index and HEAD saved as a commit under
// refs/autonomous/checkpoints/<id> without touching the person's tree, index or branches, and a
// restore that writes back only the paths that differ, never cleans, never touches ignored files,
// and checkpoints the present state first so a restore can itself be undone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutonomousError, describeError } from '../core/errors.js';
import { timestampId } from '../core/ids.js';
import { STATE_DIR, StateStore } from '../core/state-store.js';
import { Checkpoint, CHECKPOINT_REF_PREFIX, CheckpointId } from '../models/checkpoint.js';
import { GitRepo, parseDiffTreeZ } from './git.js';

const CHECKPOINTS_DIR = 'checkpoints';
const GITLINK_MODE = '160000';

export interface CreateCheckpointOptions {
  workflowId?: string;
}

export interface RestoreOptions {
  /**
   * Only these root-relative paths are written back or removed (and reset in the index); every
   * other file, including ones created after the checkpoint, is left exactly as it is. Callers that
   * know which paths the tool itself wrote (the implement journal, an ImplementationResult) pass
   * them, so a restore can never touch the person's own files.
   */
  paths?: readonly string[];
}

export interface RestoreResult {
  /** The checkpoint taken just before restoring: restore it to undo this restore. */
  safety_checkpoint_id: string;
  /** Paths written back with the checkpoint's content and mode. */
  written: string[];
  /** Paths removed because the checkpoint did not have them. */
  deleted: string[];
  /** Paths left alone on purpose (ignored files in the way, submodules), each with why. */
  skipped: Array<{ path: string; why: string }>;
}

/** Saves the present working tree, index and HEAD as a checkpoint; changes none of them. */
export async function createCheckpoint(root: string, reason: string, options: CreateCheckpointOptions = {}): Promise<Checkpoint> {
  const git = await openRepository(root);
  new StateStore(root).ensure();
  const id = timestampId('cp');
  const ref = `${CHECKPOINT_REF_PREFIX}${id}`;
  const head = await git.headSha();
  const branch = await git.currentBranch();

  const [worktreeTree, indexTree] = await withTempDir(async (dir) => [
    await captureWorktreeTree(git, dir, head),
    await captureIndexTree(git, dir),
  ]);
  const files = await changedFiles(git);
  const commit = await git.commitTree(worktreeTree, `autonomous checkpoint ${id}: ${reason}`, head);
  // '' as the old value: the ref must not exist yet, so an id collision can never overwrite one.
  await git.updateRef(ref, commit, `autonomous: checkpoint ${id}`, '');

  const checkpoint = Checkpoint.parse({
    checkpoint_id: id,
    created_at: new Date().toISOString(),
    reason,
    branch,
    head,
    ref,
    commit,
    index_tree: indexTree,
    files,
    ...(options.workflowId === undefined ? {} : { workflow_id: options.workflowId }),
  });
  new StateStore(root).writeJson(metadataPath(id), checkpoint);
  return checkpoint;
}

/**
 * Brings back the working tree, index and HEAD of checkpoint `id`.
 *
 * With `options.paths`, only those paths are written, removed and reset in the index. Without it,
 * which files a restore touches: every path git would see (ignored files excluded) that differs
 * between now and the checkpoint. A non-ignored file created after the checkpoint is therefore
 * removed: at restore time nothing tells a file the tool created from one the person created, and
 * "back to the checkpoint" must remove what the tool added or the code left behind may not even
 * build. That is safe only because (1) the safety checkpoint taken first holds that file, so
 * restoring it brings the file back, and (2) no `git clean` runs. Ignored files are never captured
 * by any checkpoint, so touching one would be unrecoverable: they are never written nor deleted,
 * even when the checkpoint had a file at that path (it is then reported as skipped).
 */
export async function restoreCheckpoint(root: string, id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const git = await openRepository(root);
  const checkpoint = readCheckpoint(root, id);
  const commit = await git.resolve(`${checkpoint.ref}^{commit}`);
  if (commit === null) {
    throw new AutonomousError('E_STATE', `checkpoint ${id} has lost its git ref ${checkpoint.ref}`, {
      hint: `Its content may still be reachable as commit ${checkpoint.commit}; delete .autonomous/${metadataPath(id)} if it is not.`,
    });
  }
  const headMove = await planHeadMove(git, checkpoint);
  const targetTree = await git.run(['rev-parse', `${commit}^{tree}`]);

  const safety = await createCheckpoint(root, `before restoring ${id}`, checkpoint.workflow_id === undefined ? {} : { workflowId: checkpoint.workflow_id });
  try {
    return await applyCheckpoint(git, root, checkpoint, targetTree, safety, headMove, options.paths);
  } catch (error) {
    throw new AutonomousError('E_STATE', `restoring checkpoint ${id} failed part way: ${describeError(error)}`, {
      hint: `Everything as it was just before is in checkpoint ${safety.checkpoint_id}: restore it to go back.`,
      cause: error,
    });
  }
}

/** Writes and deletes the differing paths, then moves HEAD and resets the index. */
async function applyCheckpoint(
  git: GitRepo,
  root: string,
  checkpoint: Checkpoint,
  targetTree: string,
  safety: Checkpoint,
  headMove: () => Promise<void>,
  paths: readonly string[] | undefined,
): Promise<RestoreResult> {
  // The safety checkpoint's tree is the working tree as git sees it right now.
  const currentTree = await git.run(['rev-parse', `${safety.commit}^{tree}`]);
  const changes = parseDiffTreeZ(await git.run(['diff-tree', '-r', '-z', '--no-renames', currentTree, targetTree]));

  const result: RestoreResult = { safety_checkpoint_id: safety.checkpoint_id, written: [], deleted: [], skipped: [] };
  const toWrite: string[] = [];
  const only = paths === undefined ? undefined : new Set(paths);
  const relevant = changes.filter((change) => {
    if (isStatePath(change.path)) return false;
    if (only !== undefined && !only.has(change.path)) return false;
    if (change.oldMode !== GITLINK_MODE && change.newMode !== GITLINK_MODE) return true;
    result.skipped.push({ path: change.path, why: 'submodule' });
    return false;
  });
  // All deletions first, so a folder that was a file in the checkpoint (or the reverse) is out of
  // the way before anything is written.
  for (const change of relevant.filter((c) => c.status === 'D')) {
    removeFile(root, path.join(root, ...change.path.split('/')));
    result.deleted.push(change.path);
  }
  for (const change of relevant.filter((c) => c.status !== 'D')) {
    if (change.status === 'A' && lexists(path.join(root, ...change.path.split('/')))) {
      // Something is there that the capture did not see: an ignored file (or a folder still
      // holding ignored files), the person's own.
      result.skipped.push({ path: change.path, why: 'ignored file in the way' });
      continue;
    }
    toWrite.push(change.path);
  }

  if (toWrite.length > 0) {
    await withTempDir(async (dir) => {
      // A throwaway index holding the checkpoint tree: checkout-index writes content, executable
      // bit and symlinks exactly as git would, and the real index is never involved.
      const env = { GIT_INDEX_FILE: path.join(dir, 'index') };
      await git.run(['read-tree', targetTree], { env });
      await git.run(['checkout-index', '-f', '-z', '--stdin'], { env, input: `${toWrite.join('\0')}\0` });
    });
    result.written.push(...toWrite);
  }

  await headMove();
  if (paths === undefined) await git.run(['read-tree', checkpoint.index_tree]);
  else await resetIndexPaths(git, checkpoint.index_tree, paths.filter((p) => !isStatePath(p)));
  // read-tree drops the stat data; refreshing it is only an optimisation, so a failure is fine.
  await git.tryRun(['update-index', '-q', '--refresh']);
  return result;
}

/**
 * Sets the index entries of `paths` to what `tree` has (removing those it lacks), leaving every
 * other entry, such as the person's staged work, as it is.
 */
async function resetIndexPaths(git: GitRepo, tree: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const literal = { GIT_LITERAL_PATHSPECS: '1' };
  const listed = await git.run(['ls-tree', '-r', '-z', '--full-tree', tree, '--', ...paths], { env: literal });
  const entries = new Map<string, string>();
  for (const line of listed.split('\0')) {
    const tab = line.indexOf('\t');
    if (tab === -1) continue;
    const [mode, , sha] = line.slice(0, tab).split(' ');
    entries.set(line.slice(tab + 1), `${mode} ${sha}`);
  }
  const zero = '0'.repeat(tree.length);
  const input = paths.map((p) => `${entries.get(p) ?? `0 ${zero}`}\t${p}\0`).join('');
  await git.run(['update-index', '-z', '--index-info'], { input });
}

/** All checkpoints with readable metadata, newest first. */
export function listCheckpoints(root: string): Checkpoint[] {
  const store = new StateStore(root);
  let names: string[];
  try {
    names = fs.readdirSync(store.path(CHECKPOINTS_DIR));
  } catch {
    return [];
  }
  const checkpoints: Checkpoint[] = [];
  for (const name of names) {
    if (!name.endsWith('.json') || !CheckpointId.safeParse(name.slice(0, -5)).success) continue;
    const checkpoint = store.readJson(`${CHECKPOINTS_DIR}/${name}`, Checkpoint);
    if (checkpoint !== undefined) checkpoints.push(checkpoint);
  }
  return checkpoints.sort(
    (a, b) => b.created_at.localeCompare(a.created_at) || b.checkpoint_id.localeCompare(a.checkpoint_id),
  );
}

/** Removes the checkpoint's ref and metadata; its commit is then left to git's garbage collection. */
export async function deleteCheckpoint(root: string, id: string): Promise<void> {
  const git = await openRepository(root);
  const checkpoint = readCheckpoint(root, id);
  if ((await git.resolve(checkpoint.ref)) !== null) await git.deleteRef(checkpoint.ref);
  fs.rmSync(new StateStore(root).path(metadataPath(id)), { force: true });
}

async function openRepository(root: string): Promise<GitRepo> {
  const git = new GitRepo(root);
  if ((await git.topLevel()) === undefined) {
    throw new AutonomousError('E_STATE', `${root} is not a git repository`, {
      hint: 'Checkpoints are kept in git: run `git init` (and commit) first.',
    });
  }
  return git;
}

function readCheckpoint(root: string, id: string): Checkpoint {
  const unknown = new AutonomousError('E_USAGE', `no checkpoint ${id}`, {
    hint: `Checkpoint ids are the file names in ${STATE_DIR}/${CHECKPOINTS_DIR}/.`,
  });
  if (!CheckpointId.safeParse(id).success) throw unknown;
  const checkpoint = new StateStore(root).readJson(metadataPath(id), Checkpoint);
  if (checkpoint === undefined) throw unknown;
  return checkpoint;
}

function metadataPath(id: string): string {
  return `${CHECKPOINTS_DIR}/${id}.json`;
}

/**
 * Copies an index file keeping its timestamps. Git trusts an entry's cached stat data unless the
 * entry is "racily clean" (modified in the same second as the index was written, or later); it
 * decides that by comparing with the index file's own mtime. A copy with a fresh mtime would make a
 * same-size edit made in that second look unchanged, and the checkpoint would save the old content.
 */
function copyIndex(from: string, to: string): void {
  fs.copyFileSync(from, to);
  const stat = fs.statSync(from);
  fs.utimesSync(to, stat.atime, stat.mtime);
}

/** The working tree as a tree object: a copy of the real index with every non-ignored change added. */
async function captureWorktreeTree(git: GitRepo, dir: string, head: string | null): Promise<string> {
  const index = path.join(dir, 'worktree-index');
  const env = { GIT_INDEX_FILE: index };
  const realIndex = await git.gitPath('index');
  if (fs.existsSync(realIndex)) copyIndex(realIndex, index);
  else if (head !== null) await git.run(['read-tree', head], { env });
  // `add -A` honours .gitignore, so ignored files are never captured. Our state folder is kept out
  // through .git/info/exclude (an explicit exclude pathspec makes git fail on ignored paths); where
  // that file cannot be written it is captured, and restore still never touches it.
  await git.run(['add', '-A', '--', '.'], { env });
  return git.writeTree(index);
}

/** The staged state as a tree, written from a copy so not even the real index's cache is updated. */
async function captureIndexTree(git: GitRepo, dir: string): Promise<string> {
  const index = path.join(dir, 'real-index');
  const realIndex = await git.gitPath('index');
  if (fs.existsSync(realIndex)) copyIndex(realIndex, index);
  try {
    return await git.writeTree(index);
  } catch (error) {
    throw new AutonomousError('E_STATE', 'cannot checkpoint the index: it has unresolved merge conflicts', {
      hint: 'Resolve the conflicts (or abort the merge) and try again.',
      cause: error,
    });
  }
}

async function changedFiles(git: GitRepo): Promise<string[]> {
  const files = new Set<string>();
  for (const entry of await git.statusPorcelain()) {
    files.add(entry.path);
    if (entry.from !== undefined) files.add(entry.from);
  }
  return [...files].filter((file) => !isStatePath(file)).sort();
}

/**
 * Checks, before anything is touched, that HEAD can go back to the checkpoint's without moving any
 * branch, and returns the step that does it. A branch that moved since is the person's history:
 * refuse rather than reset it.
 */
async function planHeadMove(git: GitRepo, checkpoint: Checkpoint): Promise<() => Promise<void>> {
  const branch = await git.currentBranch();
  const head = await git.headSha();
  if (checkpoint.branch === null) {
    if (checkpoint.head === null) throw new AutonomousError('E_STATE', `checkpoint ${checkpoint.checkpoint_id} has no HEAD to return to`);
    const target = checkpoint.head;
    if (branch === null && head === target) return async () => {};
    return async () => {
      await git.run(['update-ref', '--no-deref', '-m', `autonomous: restore ${checkpoint.checkpoint_id}`, 'HEAD', target]);
    };
  }
  const tip = await git.resolve(`refs/heads/${checkpoint.branch}`);
  if (tip !== checkpoint.head) {
    const was = checkpoint.head === null ? 'had no commits' : `was at ${checkpoint.head.slice(0, 12)}`;
    const now = tip === null ? 'no longer exists' : `is now at ${tip.slice(0, 12)}`;
    throw new AutonomousError('E_STATE', `branch ${checkpoint.branch} ${was} when checkpoint ${checkpoint.checkpoint_id} was taken and ${now}`, {
      hint: 'Restoring would move or recreate a branch and could lose commits; nothing was changed. Move the branch back yourself (git reset) if that is what you want, then restore.',
    });
  }
  if (branch === checkpoint.branch) return async () => {};
  const target = `refs/heads/${checkpoint.branch}`;
  return async () => {
    await git.run(['symbolic-ref', '-m', `autonomous: restore ${checkpoint.checkpoint_id}`, 'HEAD', target]);
  };
}

function isStatePath(file: string): boolean {
  return file === STATE_DIR || file.startsWith(`${STATE_DIR}/`);
}

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Removes a file (or symlink) and then the folders it leaves empty, as git does; never a folder's content. */
function removeFile(rootDir: string, fileName: string): void {
  const root = path.resolve(rootDir);
  const file = path.resolve(fileName);
  try {
    if (fs.lstatSync(file).isDirectory()) return;
  } catch {
    return;
  }
  fs.unlinkSync(file);
  for (let dir = path.dirname(file); dir !== root && dir.startsWith(root); dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      break; // not empty (maybe holding ignored files): keep it
    }
  }
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-checkpoint-'));
  try {
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
