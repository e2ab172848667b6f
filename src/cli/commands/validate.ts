// `autonomous validate`: runs the five validation layers on saved proposals, prints each layer's
// verdict with the scores and the policy's decision, and saves the result on the proposal.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import type { ValidateFlags } from './validate-action.js';

export function registerValidate(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('validate')
    .description('Validate proposals in layers (syntax, security, quality, impact, tests) and apply the approval policy.')
    .argument('<proposal_id...>', 'ids of saved proposals (from `autonomous propose`)')
    .option('-f, --format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      `
Exit codes: 0 every proposal is valid (no error in the syntax, security and quality layers),
1 at least one is not, 2 an unknown proposal id or bad usage, 3 a proposal whose files changed
since it was made.

The result (layers, scores, decision and the rule that made it) is saved on the proposal, whose
status becomes "validated". See docs/validation.md for the layers, formulas and policy rules.`,
    )
    .action(async (ids: string[], flags: ValidateFlags) => {
      // Loaded on use: the TypeScript compiler is not needed by the other commands.
      const { runValidateCommand } = await import('./validate-action.js');
      process.exitCode = await runValidateCommand(ids, flags, globals(), root());
    });
}
