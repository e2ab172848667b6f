// `autonomous propose`: turns findings of the last scan into change proposals, saved under
// `.autonomous/proposals/` and printed with their diff, risk and rationale.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import type { ProposeFlags } from './propose-action.js';

export function registerPropose(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('propose')
    .description('Turn findings of the last scan into change proposals (built-in fixers, TypeScript code fixes, an LLM when configured).')
    .argument('[finding_id...]', 'finding ids (or fingerprints) from the last `autonomous scan`')
    .option('--all', 'propose for every finding of the last scan (narrow with --rule and --severity)')
    .option('--rule <ids>', 'with --all: only findings of these rules (comma-separated)')
    .option('--severity <level>', 'with --all: only findings at or above this severity')
    .option('--alternatives [n]', 'also keep up to n alternative approaches (default from config, 3)')
    .option('--llm <provider/model>', 'LLM for findings no built-in fixer handles: xai, anthropic, openai, openai-compatible (see docs/llm.md)')
    .option('--fresh', 'propose again even when a saved proposal for the finding still applies')
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      `
Exit codes: 0 at least one proposal made (or nothing to propose), 1 no finding could be turned into
a proposal (each is listed with the reason), 2 bad usage (unknown finding id, no saved scan).

Sources, in order: the built-in fixer of the finding's rule (works offline), TypeScript's own code
fixes (missing return types), then the configured LLM. A candidate is kept only when its result
parses, the scanner no longer reports the finding, and it reports nothing new.`,
    )
    .action(async (ids: string[], flags: ProposeFlags) => {
      const { runPropose } = await import('./propose-action.js');
      process.exitCode = await runPropose(ids, flags, globals(), root());
    });
}
