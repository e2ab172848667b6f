// `autonomous implement`: applies saved proposals on a new auto/... branch behind a checkpoint and
// puts the person back on the branch they started from.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import type { ImplementFlags } from './implement-action.js';

export function registerImplement(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('implement')
    .description('Apply proposals on a new auto/... branch behind a checkpoint; your branch is never changed.')
    .argument('<proposal_id...>', 'ids of saved proposals (from `autonomous propose`)')
    .option('--dry-run', 'print the full diff and what would happen; change nothing')
    .option('--branch <name>', 'commit on this new branch instead of auto/<slug>')
    .option('--push', 'push the new branch to the configured remote (implement.remote, default origin)')
    .option('--allow-dirty', 'run on a tree with uncommitted changes: they are checkpointed and left exactly as they are')
    .option('--stay', 'stay on the new branch instead of switching back')
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      `
The proposals' edits are applied as one unit (every file written through a temp file and a rename)
after a checkpoint, committed on the new branch with only the proposals' files, and you are
switched back. If anything fails or you press Ctrl-C, the files it wrote are restored from the
checkpoint and the new branch is deleted. If the process is killed outright, the next command says
so; \`autonomous rollback --latest\` (or any command with --recover) then restores.

Exit codes: 0 committed (or dry run shown), 2 bad usage, unknown proposal, or a path outside the
repository, 3 uncommitted changes without --allow-dirty, a stale proposal, a failed write, commit
or push (nothing kept except on a failed push), 130 interrupted (SIGINT), 143 terminated (SIGTERM).`,
    )
    .action(async (ids: string[], flags: ImplementFlags) => {
      // Loaded on use: git (execa) is not needed by the other commands.
      const { runImplementCommand } = await import('./implement-action.js');
      process.exitCode = await runImplementCommand(ids, flags, globals(), root());
    });
}
