// `autonomous rollback`: lists checkpoints, or restores one (by id or the latest) after taking a
// safety checkpoint, and prints the exact command that undoes the restore.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import type { RollbackFlags } from './rollback-action.js';

export function registerRollback(program: Command, root: () => string, globals: () => GlobalOptions = () => ({})): void {
  program
    .command('rollback')
    .description('List checkpoints, or restore one; every restore can itself be undone.')
    .option('--checkpoint <id>', 'restore this checkpoint (ids are listed by `autonomous rollback`)')
    .option('--latest', 'restore the most recent checkpoint that is not the safety checkpoint of an earlier restore')
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .option('--commit <sha>', 'move an auto/ branch (the current one, or --branch) back to this commit, an ancestor of its tip')
    .option('--branch <name>', 'with --commit: the branch to move (default: the current branch)')
    .option('--force', 'with --commit: allow moving a branch that is not an auto/ branch')
    .option('--prune', 'remove old checkpoints (refs and metadata)')
    .option('--older-than <age>', 'with --prune: minimum age, e.g. 30d, 12h, 2w (default 30d)')
    .addHelpText(
      'after',
      `
Without --checkpoint or --latest, lists the checkpoints, newest first.

A restore first saves the present state as a safety checkpoint and prints the command that brings
it back. It writes and deletes only the files that differ, never touches ignored files, and refuses
(changing nothing) when the checkpoint's branch has moved since.

When an \`implement\` run was killed part way, --latest restores exactly the files that run wrote
(from its journal) and deletes its branch. Restoring the checkpoint of a finished implement run
touches only the files it changed.

--commit moves an auto/ branch back (refusing other branches without --force, and commits that are
not ancestors of its tip) after a safety checkpoint; the old tip stays reachable and is printed.

Exit codes: 0 done, 2 bad usage or unknown checkpoint id, 3 not a git repository or the restore
failed.`,
    )
    .action(async (flags: RollbackFlags) => {
      // Loaded on use: git (execa) is not needed by the other commands.
      const { runRollbackCommand } = await import('./rollback-action.js');
      process.exitCode = await runRollbackCommand(flags, root(), globals());
    });
}
