// `autonomous security-scan [targets...]`: the security agent's full scan from the command line.
import type { Command } from 'commander';
import type { GlobalOptions } from '../main.js';
import { collect } from '../options.js';
import type { SecurityScanFlags } from './security-scan-action.js';

export function registerSecurityScan(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('security-scan')
    .description('Security rules, secrets in every text file and the dependency audit, in one report.')
    .argument('[targets...]', 'files or folders to scan', ['.'])
    .option('--strict', 'also report findings the rules are less sure of (confidence >= 0.2)')
    .option('-s, --severity <level>', 'only report findings at or above this severity')
    .option('-r, --rule <ids>', 'only report these rule ids (comma-separated, repeatable)', collect)
    .option('--fail-on <level>', 'exit 1 when a finding is at or above this severity', 'high')
    .option('-f, --format <format>', 'output format: text, json or sarif', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--owasp', 'text format: add a summary by OWASP Top 10 (2021) category')
    .option('--no-audit', 'skip the dependency audit (it asks the npm registry)')
    .option('--registry <url>', "registry for the dependency audit (default: the project's .npmrc, then registry.npmjs.org)")
    .option('--no-secrets', 'look for secrets in JS/TS code only, not in every text file')
    .option('--no-cache', 'scan every file again, ignoring .autonomous/cache')
    .option('--fix', 'fix what it finds: run the improve workflow on the security findings (propose, validate, approve, apply on an auto/... branch, test)')
    .option('--auto-approve-safe', 'with --fix: apply what the validator policy marks safe; ask (or wait) for the rest')
    .option('--dangerously-skip-permissions', 'with --fix: approve every valid fix without asking (policy rejections still stand)')
    .option('--dry-run', 'with --fix: show what would be applied and change nothing')
    .option('--llm <provider/model>', 'with --fix: LLM for findings no built-in fixer handles (see docs/llm.md)')
    .option('--no-tests', 'with --fix: do not run the tests after applying')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on (default high), 1 findings at or above it, 2 usage or
configuration error, 3 failure. With --fix, the exit codes of autonomous improve.
A dependency audit that cannot run (offline, registry error) is reported as such, never as "no vulnerabilities".`,
    )
    .action(async (targets: string[], flags: SecurityScanFlags) => {
      const { runSecurityScanCommand } = await import('./security-scan-action.js');
      process.exitCode = await runSecurityScanCommand(targets, flags, globals(), root());
    });
}
