// Rollback operations beyond restoring a checkpoint: moving an auto/ branch back to an earlier
// commit of its own, and pruning old checkpoints. Deciding functions (parseAge, prunable) are
// pure; the acting ones take a safety checkpoint or refuse before changing anything.
import { AutonomousError } from '../core/errors.js';
import type { Checkpoint } from '../models/checkpoint.js';
import { createCheckpoint, deleteCheckpoint, listCheckpoints } from './checkpoint.js';
import { GitRepo } from './git.js';
import type { ImplementerEvent } from './implement.js';
import { readJournal } from './journal.js';

export interface MoveBranchResult {
  branch: string;
  from: string;
  to: string;
  safety_checkpoint_id: string;
}

/**
 * Moves `branch` (default: the current branch) back to `sha`, an ancestor of its tip. Only branches
 * under `prefix` unless `force`: other branches are the person's history. When the branch is
 * checked out, `git reset --keep` moves it and refuses rather than overwrite uncommitted changes.
 */
export async function moveBranchBack(
  root: string,
  sha: string,
  options: { branch?: string; prefix: string; force?: boolean; onEvent?: (event: ImplementerEvent) => void },
): Promise<MoveBranchResult> {
  const git = new GitRepo(root);
  const current = await git.currentBranch();
  const branch = options.branch ?? current;
  if (branch === null) throw new AutonomousError('E_USAGE', '--commit: HEAD is detached; name the branch to move with --branch <name>');
  if (!branch.startsWith(options.prefix) && !options.force) {
    throw new AutonomousError('E_USAGE', `--commit: ${branch} is not an ${options.prefix} branch`, {
      hint: `Only branches the tool made (${options.prefix}...) are moved; pass --force to move another branch.`,
    });
  }
  const tip = await git.resolve(`refs/heads/${branch}`);
  if (tip === null) throw new AutonomousError('E_USAGE', `--branch ${branch}: no such branch`);
  const target = await git.resolve(`${sha}^{commit}`);
  if (target === null) throw new AutonomousError('E_USAGE', `--commit ${sha}: not a commit in this repository`);
  if ((await git.tryRun(['merge-base', '--is-ancestor', target, tip])) === undefined) {
    throw new AutonomousError('E_USAGE', `--commit ${sha}: not an ancestor of ${branch}; moving there would drop commits that are not behind it`);
  }
  const safety = await createCheckpoint(root, `before moving ${branch} from ${tip.slice(0, 12)} to ${target.slice(0, 12)}`);
  // Keep the old tip reachable under the safety checkpoint's name, so it survives gc.
  await git.updateRef(`refs/autonomous/moved/${safety.checkpoint_id}`, tip, `autonomous: ${branch} was here`);
  if (branch === current) await git.run(['reset', '-q', '--keep', target]);
  else await git.updateRef(`refs/heads/${branch}`, target, `autonomous: rollback --commit ${target}`, tip);
  options.onEvent?.({ type: 'branch_moved_back', branch, from: tip, to: target, safety_checkpoint_id: safety.checkpoint_id });
  return { branch, from: tip, to: target, safety_checkpoint_id: safety.checkpoint_id };
}

/** `30d`, `12h`, `2w`, `45m` -> milliseconds; a usage error naming the value otherwise. */
export function parseAge(value: string): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  if (!match) throw new AutonomousError('E_USAGE', `--older-than ${value}: expected a number and a unit m, h, d or w (e.g. 30d)`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}

/** Checkpoints created before `now - ageMs`, except one an unfinished run still needs. */
export function prunable(checkpoints: readonly Checkpoint[], ageMs: number, now: number, keep: ReadonlySet<string>): Checkpoint[] {
  return checkpoints.filter((c) => Date.parse(c.created_at) < now - ageMs && !keep.has(c.checkpoint_id));
}

export async function pruneCheckpoints(root: string, ageMs: number, onEvent?: (event: ImplementerEvent) => void): Promise<string[]> {
  const journal = readJournal(root);
  const keep = new Set(journal === undefined ? [] : [journal.checkpoint_id]);
  const removed: string[] = [];
  for (const checkpoint of prunable(listCheckpoints(root), ageMs, Date.now(), keep)) {
    await deleteCheckpoint(root, checkpoint.checkpoint_id);
    removed.push(checkpoint.checkpoint_id);
  }
  onEvent?.({ type: 'checkpoints_pruned', removed });
  return removed;
}
