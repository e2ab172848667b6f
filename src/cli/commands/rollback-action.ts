// What `autonomous rollback` does once its flags are parsed: list the checkpoints or restore one,
// then render the result as text or JSON from the same data.
import fs from 'node:fs';
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { StateStore } from '../../core/state-store.js';
import { auditRecorder } from '../../implementer/audit.js';
import { listCheckpoints, restoreCheckpoint, type RestoreResult } from '../../implementer/checkpoint.js';
import { GitRepo } from '../../implementer/git.js';
import { IMPLEMENTATIONS_DIR, undoRun } from '../../implementer/implement.js';
import { readJournal } from '../../implementer/journal.js';
import { moveBranchBack, parseAge, pruneCheckpoints } from '../../implementer/rollback.js';
import type { Checkpoint } from '../../models/checkpoint.js';
import { ImplementationResult } from '../../models/workflow.js';
import type { GlobalOptions } from '../main.js';
import { colorEnabled, makeChalk } from '../terminal.js';

export interface RollbackFlags {
  checkpoint?: string;
  latest?: boolean;
  format: string;
  commit?: string;
  branch?: string;
  force?: boolean;
  prune?: boolean;
  olderThan?: string;
}

/** The reason restoreCheckpoint gives the safety checkpoint it takes before restoring. */
const SAFETY_REASON_PREFIX = 'before restoring';

export async function runRollbackCommand(flags: RollbackFlags, root: string, globals: GlobalOptions = {}): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  checkCombinations(flags);
  await ensureRepository(root);
  const audit = auditRecorder(root);
  const out = (data: unknown, text: string): void => {
    process.stdout.write(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : text);
  };

  if (flags.commit !== undefined) {
    const { config } = loadConfig(root, globals.config);
    const moved = await moveBranchBack(root, flags.commit, { ...(flags.branch === undefined ? {} : { branch: flags.branch }), prefix: config.implement.branchPrefix, force: flags.force === true, onEvent: audit });
    out(moved, `Moved ${moved.branch} from ${moved.from.slice(0, 12)} back to ${moved.to.slice(0, 12)}.\nTo undo: git branch -f ${moved.branch} ${moved.from} (or autonomous rollback --checkpoint ${moved.safety_checkpoint_id} for the working tree)\n`);
    return ExitCode.ok;
  }
  if (flags.prune) {
    const removed = await pruneCheckpoints(root, parseAge(flags.olderThan ?? '30d'), audit);
    out({ removed }, `Removed ${removed.length} checkpoint${removed.length === 1 ? '' : 's'} older than ${flags.olderThan ?? '30d'}.\n`);
    return ExitCode.ok;
  }

  // An implement run killed part way: restore exactly what it touched and delete its branch.
  const journal = readJournal(root);
  if (journal !== undefined && (flags.latest || flags.checkpoint === journal.checkpoint_id)) {
    const result = await undoRun(root, new GitRepo(root), journal);
    audit({ type: 'interrupted_run_restored', checkpoint_id: journal.checkpoint_id, phase: journal.phase, auto_branch: journal.auto_branch, safety_checkpoint_id: result.safety_checkpoint_id, written: result.written, deleted: result.deleted });
    out({ checkpoint_id: journal.checkpoint_id, interrupted_run: true, ...result }, `${renderRestoreResult(journal.checkpoint_id, result)}The interrupted run's branch ${journal.auto_branch} was removed.\n`);
    return ExitCode.ok;
  }

  if (flags.checkpoint === undefined && !flags.latest) {
    const checkpoints = listCheckpoints(root);
    if (format === 'json') process.stdout.write(`${JSON.stringify(checkpoints, null, 2)}\n`);
    else process.stdout.write(renderCheckpointList(checkpoints));
    return ExitCode.ok;
  }

  const id = flags.checkpoint ?? latestRestorable(listCheckpoints(root)).checkpoint_id;
  const paths = implementedPaths(root, id);
  const result = await restoreCheckpoint(root, id, paths === undefined ? {} : { paths });
  audit({ type: 'checkpoint_restored', checkpoint_id: id, safety_checkpoint_id: result.safety_checkpoint_id, written: result.written, deleted: result.deleted, skipped: result.skipped.length });
  if (format === 'json') process.stdout.write(`${JSON.stringify({ checkpoint_id: id, ...result }, null, 2)}\n`);
  else process.stdout.write(renderRestoreResult(id, result));
  return ExitCode.ok;
}

/** The actions exclude each other; options that belong to one action are refused elsewhere. */
function checkCombinations(flags: RollbackFlags): void {
  const actions = [
    flags.checkpoint !== undefined ? '--checkpoint' : undefined,
    flags.latest ? '--latest' : undefined,
    flags.commit !== undefined ? '--commit' : undefined,
    flags.prune ? '--prune' : undefined,
  ].filter((option): option is string => option !== undefined);
  if (actions.length > 1) throw new AutonomousError('E_USAGE', `${actions.join(' and ')} cannot be used together`, { hint: 'Give one of them.' });
  if (flags.olderThan !== undefined && !flags.prune) throw new AutonomousError('E_USAGE', '--older-than goes with --prune');
  if ((flags.branch !== undefined || flags.force) && flags.commit === undefined) throw new AutonomousError('E_USAGE', '--branch and --force go with --commit');
}

/**
 * The files an implement run that took checkpoint `id` wrote, from its recorded result: restoring
 * only those leaves every other file (the person's own) alone. Undefined when no run took it.
 */
export function implementedPaths(root: string, id: string): string[] | undefined {
  const store = new StateStore(root);
  let names: string[];
  try {
    names = fs.readdirSync(store.path(IMPLEMENTATIONS_DIR));
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const result = store.readJson(`${IMPLEMENTATIONS_DIR}/${name}`, ImplementationResult);
    if (result?.checkpoint_id === id) return result.files;
  }
  return undefined;
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
