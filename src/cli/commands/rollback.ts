// `autonomous rollback`: lists checkpoints, or restores one (by id or the latest) after taking a
// safety checkpoint, and prints the exact command that undoes the restore.
import type { Command } from 'commander';
import type { RollbackFlags } from './rollback-action.js';

export function registerRollback(program: Command, root: () => string): void {
  program
    .command('rollback')
    .description('List checkpoints, or restore one; every restore can itself be undone.')
    .option('--checkpoint <id>', 'restore this checkpoint (ids are listed by `autonomous rollback`)')
    .option('--latest', 'restore the most recent checkpoint that is not the safety checkpoint of an earlier restore')
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .option('--commit <sha>', 'move an auto/ branch back to a commit (not available in this version)')
    .option('--prune', 'remove old checkpoints (not available in this version)')
    .option('--older-than <age>', 'with --prune: age of the checkpoints to remove (not available in this version)')
    .addHelpText(
      'after',
      `
Without --checkpoint or --latest, lists the checkpoints, newest first.

A restore first saves the present state as a safety checkpoint and prints the command that brings
it back. It writes and deletes only the files that differ, never touches ignored files, and refuses
(changing nothing) when the checkpoint's branch has moved since.

Exit codes: 0 done, 2 bad usage or unknown checkpoint id, 3 not a git repository or the restore
failed, 4 an option that is not available in this version (--commit, --prune).`,
    )
    .action(async (flags: RollbackFlags) => {
      // Loaded on use: git (execa) is not needed by the other commands.
      const { runRollbackCommand } = await import('./rollback-action.js');
      process.exitCode = await runRollbackCommand(flags, root());
    });
}
