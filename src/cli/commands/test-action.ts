// What `autonomous test` does once its flags are parsed: run the tests, compare with the stored
// baseline of the current commit, render the result, and decide the exit code.
import { loadConfig, testCommandOf } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { GitRepo } from '../../implementer/git.js';
import type { TestResult } from '../../models/test-result.js';
import { loadTestBaseline, saveTestBaseline } from '../../test-runner/baseline-store.js';
import { runTests } from '../../test-runner/run.js';
import { colorEnabled, makeChalk } from '../terminal.js';
import type { GlobalOptions } from '../main.js';

export interface TestFlags {
  baseline?: boolean;
  timeout?: string;
  coverageThreshold?: string;
  lint?: boolean;
  format: string;
}

export async function runTestCommand(flags: TestFlags, globals: GlobalOptions, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  const { config } = loadConfig(root, globals.config);
  const minutes = flags.timeout !== undefined ? parseMinutes(flags.timeout) : config.test.timeoutMinutes;
  const coverageThreshold = flags.coverageThreshold !== undefined ? parsePercent(flags.coverageThreshold) : undefined;
  const commit = await new GitRepo(root).headSha();
  const baseline = !flags.baseline && commit ? loadTestBaseline(root, commit) : undefined;
  const { result, outcome } = await runTests({ root, timeoutMs: minutes * 60_000, command: testCommandOf(config), baseline, coverageThreshold, lint: flags.lint === true });
  let savedTo: string | undefined;
  if (flags.baseline) {
    if (!commit) throw new AutonomousError('E_USAGE', '--baseline needs a git repository with at least one commit');
    savedTo = saveTestBaseline(root, commit, outcome);
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(renderTestResult(result, { baselineKnown: baseline !== undefined, savedTo }));
  if (!coverageMet(result) || result.linters.some((l) => !l.ok)) return ExitCode.findings;
  return result.failed === 0 || (baseline !== undefined && !result.regression_detected) ? ExitCode.ok : ExitCode.findings;
}

function coverageMet(result: TestResult): boolean {
  return result.coverage_threshold === null || (result.coverage_percent !== null && result.coverage_percent >= result.coverage_threshold);
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new AutonomousError('E_USAGE', `--coverage-threshold ${value}: expected a percentage from 0 to 100`);
  return n;
}

function renderCoverage(result: TestResult, chalk: ReturnType<typeof makeChalk>): string {
  const measured = result.coverage_percent === null ? 'no lines measured' : `${result.coverage_percent}%`;
  if (result.coverage_threshold === null) return `Line coverage: ${measured}`;
  return coverageMet(result)
    ? chalk.green(`Line coverage: ${measured} (threshold ${result.coverage_threshold}% met)`)
    : chalk.red(`Line coverage: ${measured} is below the threshold of ${result.coverage_threshold}%`);
}

function parseMinutes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new AutonomousError('E_USAGE', `--timeout ${value}: expected a positive number of minutes`);
  return n;
}

export function renderTestResult(result: TestResult, context: { baselineKnown: boolean; savedTo?: string }): string {
  const color = colorEnabled(process.stdout);
  const chalk = makeChalk(color);
  const lines: string[] = [];
  for (const failure of result.failures) {
    const isNew = result.new_failures.includes(failure.test_id);
    const isFlaky = result.flaky.includes(failure.test_id);
    const tag = isFlaky ? chalk.yellow(' FLAKY (passed when re-run alone)') : context.baselineKnown ? (isNew ? chalk.red.bold(' NEW') : chalk.dim(' (already failing)')) : '';
    lines.push(`${chalk.red('✖')} ${failure.test_id}${tag}`);
    if (failure.file) lines.push(chalk.dim(`    ${failure.file}${failure.stack_frame ? ` · ${failure.stack_frame}` : ''}`));
    if (failure.message) lines.push(`    ${failure.message.split('\n').slice(0, 3).join('\n    ')}`);
  }
  if (result.timed_out) lines.push(chalk.red(`The tests did not finish in time; the whole process tree was killed.`));
  const seconds = (result.duration_ms / 1000).toFixed(1);
  const head = `${result.failed === 0 ? chalk.green('✔') : chalk.red('✖')} ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (${result.framework}, ${seconds}s)`;
  lines.push(head);
  if (context.baselineKnown) {
    lines.push(result.regression_detected ? chalk.red(`Regressions: ${result.new_failures.join(', ')}`) : 'No regressions against the baseline of this commit.');
  }
  if (result.flaky.length > 0) lines.push(chalk.yellow(`Flaky (failed, then passed alone; not counted as regressions): ${result.flaky.join(', ')}`));
  if (result.coverage_percent !== null || result.coverage_threshold !== null) lines.push(renderCoverage(result, chalk));
  for (const linter of result.linters) {
    const problems = `${linter.problems} problem${linter.problems === 1 ? '' : 's'}`;
    lines.push(linter.ok ? `${chalk.green('✔')} ${linter.name}: no problems` : `${chalk.red('✖')} ${linter.name}: ${problems}`);
    if (!linter.ok && linter.output_tail) lines.push(chalk.dim(`    ${linter.output_tail.split('\n').slice(0, 5).join('\n    ')}`));
  }
  lines.push(chalk.dim(`Command: ${result.command.join(' ')} · log: ${result.log_file}`));
  if (context.savedTo) lines.push(`Baseline saved to ${context.savedTo}`);
  lines.push(`Recommendation: ${result.recommendation}`);
  return `${lines.join('\n')}\n`;
}
