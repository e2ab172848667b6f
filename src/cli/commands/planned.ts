// Commands of the design that this version does not implement yet. They exist so that `--help`
// shows the whole surface, and they say plainly that they are not available (exit code 4).
import type { Command } from 'commander';
import { AutonomousError } from '../../core/errors.js';

const PLANNED: Array<{ name: string; args: string; description: string }> = [
  { name: 'propose', args: '<finding_id...>', description: 'Turn findings of the last scan into change proposals.' },
  { name: 'validate', args: '<proposal_id...>', description: 'Validate proposals in layers (syntax, security, quality, impact, tests).' },
  { name: 'implement', args: '<proposal_id...>', description: 'Apply approved proposals on an auto/... branch behind a checkpoint.' },
  { name: 'improve', args: '[target]', description: 'Run scan -> propose -> validate -> approve -> implement -> test.' },
  { name: 'add-types', args: '[target]', description: 'Add missing type annotations through TypeScript code fixes.' },
  { name: 'status', args: '', description: 'Show workflows and their state.' },
  { name: 'audit', args: '', description: 'Show and verify the audit log.' },
];

export function registerPlanned(program: Command): void {
  for (const planned of PLANNED) {
    const command = program
      .command(planned.name)
      .description(`${planned.description} (not available in this version)`)
      .allowUnknownOption(true)
      .allowExcessArguments(true)
      .helpOption(false)
      .action(() => {
        throw new AutonomousError('E_NOT_IMPLEMENTED', `\`autonomous ${planned.name}\` is not implemented in this version`, {
          hint: 'Available now: scan, security-scan, rules, test, rollback. See README.md for what each command does.',
        });
      });
    if (planned.args) command.argument(planned.args.replace(/<([^>]+)>/, '[$1]'));
  }
}
