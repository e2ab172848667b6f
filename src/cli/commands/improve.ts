// `autonomous improve`: the whole workflow, scan -> propose -> validate -> approve -> implement ->
// test, with approval gates and rollback of whatever breaks the tests.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import type { ImproveFlags } from './improve-action.js';

export function registerImprove(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('improve')
    .description('Scan, propose fixes, validate them, ask for approval, apply them on an auto/... branch and run the tests.')
    .argument('[target...]', 'files or folders to improve (default: the whole project)')
    .option('--category <names>', 'only these categories (comma-separated): security, error_handling, quality, performance, completeness, architecture')
    .option('--severity <level>', 'only findings at or above this severity')
    .option('--rule <ids>', 'only these rules (comma-separated)')
    .option('--auto-approve-safe', 'approve what the validator policy marks safe to auto-approve; ask (or, without a terminal, wait) for the rest')
    .option('--dangerously-skip-permissions', 'approve every valid proposal without asking (policy rejections still stand)')
    .option('--dry-run', 'show what would be applied and change nothing')
    .option('--max-proposals <n>', 'propose for at most n findings (highest severity first)')
    .option('--llm <provider/model>', 'LLM for findings no built-in fixer handles (see docs/llm.md)')
    .option('--no-tests', 'do not run the tests after applying')
    .option('--push', 'push the new branch to the configured remote when done')
    .option('--stay', 'stay on the new branch instead of switching back')
    .option('--resume <workflow_id>', 'continue a workflow that is awaiting approval')
    .addHelpText(
      'after',
      `
Exit codes: 0 the workflow completed (changes on the branch it names, or nothing to do), 1 every
applied proposal broke the tests and was rolled back, 2 bad usage, 3 proposals await a person (no
terminal to ask on; the list is printed) or the workflow failed (your tree was restored),
130 interrupted (your tree was restored).

Your current branch is never changed: approved changes are committed on auto/<name>. Uncommitted
work in your tree stays where it is; a proposal that touches a file you have changed is skipped.`,
    )
    .action(async (targets: string[], flags: ImproveFlags) => {
      const { runImproveCommand } = await import('./improve-action.js');
      process.exitCode = await runImproveCommand(targets, flags, globals(), root(), 'improve');
    });
}
