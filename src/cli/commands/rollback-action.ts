// What `autonomous rollback` does once its flags are parsed: list the checkpoints or restore one,
// then render the result as text or JSON from the same data.
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { listCheckpoints, restoreCheckpoint, type RestoreResult } from '../../implementer/checkpoint.js';
import { GitRepo } from '../../implementer/git.js';
import type { Checkpoint } from '../../models/checkpoint.js';
import { colorEnabled, makeChalk } from '../terminal.js';

export interface RollbackFlags {
  checkpoint?: string;
  latest?: boolean;
  format: string;
  commit?: string;
  prune?: boolean;
  olderThan?: string;
}

/** The reason restoreCheckpoint gives the safety checkpoint it takes before restoring. */
const SAFETY_REASON_PREFIX = 'before restoring';

export async function runRollbackCommand(flags: RollbackFlags, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  rejectUnavailable(flags);
  if (flags.checkpoint !== undefined && flags.latest) {
    throw new AutonomousError('E_USAGE', '--checkpoint and --latest cannot be used together', { hint: 'Give one of them.' });
  }
  await ensureRepository(root);

  if (flags.checkpoint === undefined && !flags.latest) {
    const checkpoints = listCheckpoints(root);
    if (format === 'json') process.stdout.write(`${JSON.stringify(checkpoints, null, 2)}\n`);
    else process.stdout.write(renderCheckpointList(checkpoints));
    return ExitCode.ok;
  }

  const id = flags.checkpoint ?? latestRestorable(listCheckpoints(root)).checkpoint_id;
  const result = await restoreCheckpoint(root, id);
  if (format === 'json') process.stdout.write(`${JSON.stringify({ checkpoint_id: id, ...result }, null, 2)}\n`);
  else process.stdout.write(renderRestoreResult(id, result));
  return ExitCode.ok;
}

/** Options of the design that this version does not implement: refused, never silently ignored. */
function rejectUnavailable(flags: RollbackFlags): void {
  const given = [
    flags.commit !== undefined ? '--commit' : undefined,
    flags.prune ? '--prune' : undefined,
    flags.olderThan !== undefined ? '--older-than' : undefined,
  ].filter((option): option is string => option !== undefined);
  if (given.length === 0) return;
  throw new AutonomousError('E_NOT_IMPLEMENTED', `\`autonomous rollback ${given.join(' ')}\` is not available in this version`, {
    hint: 'Available now: `autonomous rollback` (list), `--checkpoint <id>` and `--latest`.',
  });
}

async function ensureRepository(root: string): Promise<void> {
  if ((await new GitRepo(root).topLevel()) === undefined) {
    throw new AutonomousError('E_STATE', `${root} is not a git repository`, {
      hint: 'Checkpoints are kept in git: run `autonomous rollback` inside the repository they were taken in.',
    });
  }
}

/**
 * The newest checkpoint that is not the safety checkpoint of a restore. Right after a restore the
 * newest checkpoint is that safety checkpoint, and restoring it would undo the restore: `--latest`
 * twice in a row must not flip back and forth. Undoing a restore is done by its printed command.
 */
export function latestRestorable(checkpoints: readonly Checkpoint[]): Checkpoint {
  const found = checkpoints.find((checkpoint) => !checkpoint.reason.startsWith(SAFETY_REASON_PREFIX));
  if (found === undefined) {
    throw new AutonomousError('E_USAGE', 'no checkpoint to restore', {
      hint:
        checkpoints.length === 0
          ? 'No checkpoint has been taken in this repository yet.'
          : 'Only safety checkpoints of earlier restores exist: restore one by id with --checkpoint <id>.',
    });
  }
  return found;
}

export function renderCheckpointList(checkpoints: readonly Checkpoint[]): string {
  if (checkpoints.length === 0) return 'No checkpoints in this repository.\n';
  const chalk = makeChalk(colorEnabled(process.stdout));
  const lines = checkpoints.map((checkpoint) => {
    const files = `${checkpoint.files.length} file${checkpoint.files.length === 1 ? '' : 's'}`;
    const branch = checkpoint.branch ?? `(detached ${checkpoint.head?.slice(0, 12) ?? ''})`;
    return `${chalk.bold(checkpoint.checkpoint_id)}  ${formatTime(checkpoint.created_at)}  ${branch}  ${files}  ${checkpoint.reason}`;
  });
  lines.push(chalk.dim('Restore one with: autonomous rollback --checkpoint <id>'));
  return `${lines.join('\n')}\n`;
}

export function renderRestoreResult(id: string, result: RestoreResult): string {
  const chalk = makeChalk(colorEnabled(process.stdout));
  const lines = [`Restored checkpoint ${id}.`];
  for (const file of result.written) lines.push(`  ${chalk.green('written')}  ${file}`);
  for (const file of result.deleted) lines.push(`  ${chalk.red('deleted')}  ${file}`);
  for (const { path, why } of result.skipped) lines.push(`  ${chalk.yellow('skipped')}  ${path} (${why})`);
  lines.push(`${result.written.length} written, ${result.deleted.length} deleted, ${result.skipped.length} skipped.`);
  lines.push(`The state before this restore is checkpoint ${result.safety_checkpoint_id}. To undo:`);
  lines.push(`  autonomous rollback --checkpoint ${result.safety_checkpoint_id}`);
  return `${lines.join('\n')}\n`;
}

/** `2026-11-24T21:35:23.123Z` -> `2026-11-24 21:35:23 UTC`: the same on every machine. */
function formatTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
