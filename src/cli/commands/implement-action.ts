// What `autonomous implement` does once its flags are parsed: run implement(), then render the
// outcome (branch, commit, checkpoint, review and merge hints, or the diff of a dry run).
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { auditRecorder } from '../../implementer/audit.js';
import { implement, InterruptedError, type ImplementOutcome } from '../../implementer/implement.js';
import { exitCodeForSignal } from '../../implementer/signals.js';
import { colorEnabled, makeChalk } from '../terminal.js';
import type { GlobalOptions } from '../main.js';
import { renderDiff } from '../render/diff.js';

export interface ImplementFlags {
  dryRun?: boolean;
  branch?: string;
  push?: boolean;
  allowDirty?: boolean;
  stay?: boolean;
  format: string;
}

export async function runImplementCommand(ids: string[], flags: ImplementFlags, globals: GlobalOptions, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  const { config } = loadConfig(root, globals.config);
  let outcome: ImplementOutcome;
  try {
    outcome = await implement(root, ids, {
      config,
      dryRun: flags.dryRun === true,
      ...(flags.branch === undefined ? {} : { branch: flags.branch }),
      push: flags.push === true,
      allowDirty: flags.allowDirty === true,
      stay: flags.stay === true,
      onEvent: auditRecorder(root),
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      process.stderr.write(`autonomous: ${error.message}\n`);
      return exitCodeForSignal(error.signal);
    }
    throw error;
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify({ ...outcome.result, diff: outcome.diff, commit_message: outcome.message }, null, 2)}\n`);
  else process.stdout.write(renderOutcome(outcome, config.implement.remote));
  if (outcome.pushError !== undefined) {
    process.stderr.write(`autonomous: push to ${config.implement.remote} failed: ${outcome.pushError}\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}

export function renderOutcome(outcome: ImplementOutcome, remote: string): string {
  const chalk = makeChalk(colorEnabled(process.stdout));
  const { result } = outcome;
  const lines: string[] = [];
  if (result.dry_run) {
    lines.push(renderDiff(outcome.diff, colorEnabled(process.stdout)).trimEnd());
    lines.push('');
    lines.push(chalk.bold('Dry run: nothing was changed.'));
    lines.push(`Would checkpoint the working tree, ${result.message ?? 'commit on a new branch'} from ${result.base}, touching ${result.files.length} file${result.files.length === 1 ? '' : 's'}:`);
    for (const file of result.files) lines.push(`  ${file}`);
    lines.push('with the message:');
    for (const line of outcome.message.trimEnd().split('\n')) lines.push(`  ${line}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(chalk.green(`Committed ${result.proposal_ids.length} proposal${result.proposal_ids.length === 1 ? '' : 's'} on ${result.branch}.`));
  lines.push(`  branch      ${result.branch}`);
  lines.push(`  commit      ${result.commit}`);
  lines.push(`  checkpoint  ${result.checkpoint_id}`);
  lines.push(`  files       ${result.files.join(', ')}`);
  lines.push(`Your branch ${result.base} was not changed.`);
  lines.push('Review:');
  lines.push(`  git diff ${result.base}..${result.branch}`);
  lines.push('Merge when satisfied:');
  lines.push(`  git merge ${result.branch}`);
  if (outcome.pushed) {
    lines.push(`Pushed ${result.branch} to ${remote}.`);
  }
  return `${lines.join('\n')}\n`;
}
