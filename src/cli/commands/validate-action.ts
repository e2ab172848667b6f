// What `autonomous validate` does once its arguments are parsed: load every proposal first (an
// unknown id is a usage error before any work), validate them with one shared TypeScript host,
// save each result, render, and decide the exit code.
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import type { ValidationResult } from '../../models/validation.js';
import { ProposalStore } from '../../proposer/store.js';
import { Validator } from '../../validator/validate.js';
import { colorEnabled, makeChalk } from '../terminal.js';
import type { GlobalOptions } from '../main.js';

export interface ValidateFlags {
  format: string;
}

export async function runValidateCommand(ids: string[], flags: ValidateFlags, globals: GlobalOptions, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  const { config } = loadConfig(root, globals.config);
  const store = new ProposalStore(root);
  const proposals = [...new Set(ids)].map((id) => store.load(id));
  const validator = new Validator(root, config);
  const results: ValidationResult[] = [];
  try {
    for (const proposal of proposals) {
      const result = await validator.validate(proposal);
      store.save({ ...proposal, validation: result, status: 'validated' });
      results.push(result);
      if (format === 'text') process.stdout.write(renderValidation(result, proposal.title));
    }
  } finally {
    validator.dispose();
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(results)}\n`);
  return results.every((r) => r.is_valid) ? ExitCode.ok : ExitCode.findings;
}

export function renderValidation(result: ValidationResult, title: string): string {
  const chalk = makeChalk(colorEnabled(process.stdout));
  const lines: string[] = [chalk.bold(`${result.proposal_id}  ${title}`)];
  for (const layer of result.layers) {
    const mark = layer.skipped ? chalk.dim('–') : layer.passed ? chalk.green('✓') : chalk.red('✗');
    lines.push(`  ${mark} ${layer.layer.padEnd(9)} ${layer.summary}${layer.skipped ? chalk.dim(` (skipped: ${layer.skipped})`) : ''} ${chalk.dim(`${layer.duration_ms}ms`)}`);
  }
  lines.push(
    `  scores: security ${result.security_score.toFixed(2)}, quality ${result.quality_score.toFixed(2)}, risk ${result.risk_score.toFixed(2)}, confidence ${result.confidence.toFixed(2)}` +
      (result.coverage_percent === null || result.coverage_percent === undefined ? '' : `, touched coverage ${result.coverage_percent}%`),
  );
  const outcome = result.decision.outcome === 'auto_approve' ? chalk.green : result.decision.outcome === 'auto_reject' ? chalk.red : chalk.yellow;
  lines.push(`  decision: ${outcome(result.approval_recommendation)} (${result.decision.rule})`);
  for (const reason of result.decision.reasons.slice(1)) lines.push(chalk.dim(`    also ${reason}`));
  for (const issue of result.issues) {
    const where = issue.file_path ? `${issue.file_path}${issue.line ? `:${issue.line}` : ''} ` : '';
    const tag = issue.severity === 'error' ? chalk.red('error') : issue.severity === 'warning' ? chalk.yellow('warning') : chalk.dim('info');
    lines.push(`  ${tag} [${issue.layer}] ${where}${issue.message}`);
  }
  for (const warning of result.warnings) lines.push(chalk.dim(`  note: ${warning}`));
  lines.push(result.is_valid ? chalk.green('  valid') : chalk.red('  not valid'));
  return `${lines.join('\n')}\n\n`;
}
