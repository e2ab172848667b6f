// `autonomous audit`: shows the audit trail (.autonomous/audit.jsonl), filtered by workflow, time
// and event type, as lines for people or JSON lines; `--verify` checks its hash chain.
import type { Command } from 'commander';
import type { AuditFlags } from './audit-action.js';

export function registerAudit(program: Command, root: () => string): void {
  program
    .command('audit')
    .description('Show the audit trail of every workflow, scan and decision, or verify that it was not altered.')
    .option('--workflow-id <id>', 'only events of this workflow')
    .option('--since <date>', 'only events at or after this time: an ISO date (2026-11-24, 2026-11-24T10:00Z) or an age (30m, 24h, 7d, 2w)')
    .option('--type <event_type>', 'only events of this type (workflow_started, scan_completed, approval_decision, bus_message, …)')
    .option('--json', 'print the events as JSON lines, as stored')
    .option('--verify', "check the log's hash chain and name the first broken line")
    .addHelpText(
      'after',
      `
Each line of the log carries the sha256 of the line before it and of its own content, so an edited,
removed, inserted or reordered line is detected by --verify. Secrets are masked before writing.

Exit codes: 0 done (or the log is intact), 1 --verify found the log broken, 2 bad usage.`,
    )
    .action(async (flags: AuditFlags) => {
      const { runAuditCommand } = await import('./audit-action.js');
      process.exitCode = await runAuditCommand(flags, root());
    });
}
