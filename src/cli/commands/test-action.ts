// What `autonomous test` does once its flags are parsed: resolve the command or stages, find (or
// with --baseline make) the baseline of HEAD for this test configuration, run the tests, render
// the result, and decide the exit code.
import { CONFIG_FILE, loadConfig, testCommandOf, type Config } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { GitRepo } from '../../implementer/git.js';
import type { TestResult } from '../../models/test-result.js';
import { hasUncommittedChanges, inCleanWorktree, uncommittedFiles } from '../../test-runner/baseline.js';
import { loadTestBaseline, projectBaselineKey, saveTestBaseline } from '../../test-runner/baseline-store.js';
import { configuredStages, runConfiguredTests, type ConfiguredRunOptions, type TestStage } from '../../test-runner/stages.js';
import { colorEnabled, makeChalk } from '../terminal.js';
import type { GlobalOptions } from '../main.js';

export interface TestFlags {
  baseline?: boolean;
  stage?: string;
  timeout?: string;
  coverageThreshold?: string;
  lint?: boolean;
  format: string;
}

export async function runTestCommand(flags: TestFlags, globals: GlobalOptions, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  const { config } = loadConfig(root, globals.config);
  const flagMinutes = flags.timeout !== undefined ? parseMinutes(flags.timeout) : undefined;
  const minutes = flagMinutes ?? config.test.timeoutMinutes;
  const coverageThreshold = flags.coverageThreshold !== undefined ? parsePercent(flags.coverageThreshold) : undefined;
  const stages = selectStages(config, flags.stage, flagMinutes);
  const command = testCommandOf(config);
  const git = new GitRepo(root);
  const commit = (await git.tryRun(['rev-parse', '--is-inside-work-tree'])) === 'true' ? await git.headSha() : null;
  const changedFiles = commit ? await uncommittedFiles(root) : undefined;
  const options: ConfiguredRunOptions = { root, timeoutMs: minutes * 60_000, command, stages, coverageThreshold, lint: flags.lint === true, changedFiles };

  const key = commit ? projectBaselineKey(root, commit, command, stages) : undefined;
  let baseline = key === undefined ? undefined : loadTestBaseline(root, key);
  const context: RenderContext = { baselineKnown: baseline !== undefined };
  if (baseline !== undefined) context.baselineFrom = 'cache';

  if (flags.baseline && baseline === undefined) {
    if (!commit || key === undefined) throw new AutonomousError('E_USAGE', '--baseline needs a git repository with at least one commit');
    if (!(await hasUncommittedChanges(root))) {
      // The tree is HEAD: this run is the baseline (compared with nothing).
      const { result, outcome } = await runConfiguredTests(options);
      return finish(root, result, format, { baselineKnown: false, savedTo: saveTestBaseline(root, key, outcome) }, false);
    }
    // Uncommitted work: the baseline comes from a clean checkout of HEAD beside it, never from their tree.
    baseline = await inCleanWorktree(root, commit, async (dir) => (await runConfiguredTests({ ...options, root: dir, logRoot: root, changedFiles: undefined, lint: false, coverageThreshold: undefined })).outcome);
    context.savedTo = saveTestBaseline(root, key, baseline);
    context.baselineKnown = true;
    context.baselineFrom = 'worktree';
  }
  const { result } = await runConfiguredTests({ ...options, baseline });
  return finish(root, result, format, context, baseline !== undefined);
}

/** The stages to run: all of test.stages, or the one `--stage` names; their timeouts resolved. */
function selectStages(config: Config, name: string | undefined, flagMinutes: number | undefined): TestStage[] {
  const all = configuredStages(config, flagMinutes);
  if (name === undefined) return all;
  if (all.length === 0) {
    throw new AutonomousError('E_USAGE', `--stage ${name}: there is no test.stages in ${CONFIG_FILE}`, {
      hint: 'Add "test": { "stages": [{ "name": "unit", "command": ["npx", "vitest", "run", "test/unit"] }] } to the configuration.',
    });
  }
  const stage = all.find((s) => s.name === name);
  if (stage === undefined) throw new AutonomousError('E_USAGE', `--stage ${name}: no such stage in test.stages (stages: ${all.map((s) => s.name).join(', ')})`);
  return [stage];
}

async function finish(root: string, result: TestResult, format: string, context: RenderContext, compared: boolean): Promise<number> {
  (await import('../../audit/events.js')).recordTestsCompleted(root, result);
  if (format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(renderTestResult(result, context));
  return exitCodeOf(result, compared);
}

/** 0 when the run passes (or has only failures the baseline already had), else 1. */
export function exitCodeOf(result: TestResult, compared: boolean): number {
  if (!coverageMet(result) || result.linters.some((l) => !l.ok)) return ExitCode.findings;
  return result.failed === 0 || (compared && !result.regression_detected) ? ExitCode.ok : ExitCode.findings;
}

export interface RenderContext {
  baselineKnown: boolean;
  savedTo?: string;
  /** Where the baseline came from: the cache, or a clean worktree of HEAD made for this run. */
  baselineFrom?: 'cache' | 'worktree';
}

function coverageMet(result: TestResult): boolean {
  return result.coverage_threshold === null || (result.coverage_percent !== null && result.coverage_percent >= result.coverage_threshold);
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new AutonomousError('E_USAGE', `--coverage-threshold ${value}: expected a percentage from 0 to 100`);
  return n;
}

function renderStages(result: TestResult, chalk: ReturnType<typeof makeChalk>): string[] {
  return (result.stages ?? []).map((stage) => {
    const mark = stage.status === 'passed' ? chalk.green('✔') : stage.status === 'failed' ? chalk.red('✖') : chalk.dim('-');
    const detail = stage.status === 'not_run' ? 'not run (an earlier stage failed)' : `${stage.passed} passed, ${stage.failed} failed${stage.timed_out ? ', timed out' : ''}`;
    return `${mark} stage ${stage.name}: ${detail}`;
  });
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

export function renderTestResult(result: TestResult, context: RenderContext): string {
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
    if (failure.suspects !== undefined && failure.suspects.length > 0) lines.push(chalk.yellow(`    likely caused by: ${failure.suspects.join(', ')}`));
  }
  lines.push(...renderStages(result, chalk));
  if (result.timed_out) lines.push(chalk.red(`The tests did not finish in time; the whole process tree was killed.`));
  const seconds = (result.duration_ms / 1000).toFixed(1);
  const head = `${result.failed === 0 ? chalk.green('✔') : chalk.red('✖')} ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (${result.framework}, ${seconds}s)`;
  lines.push(head);
  if (context.baselineFrom === 'worktree') lines.push('The tree has uncommitted changes: the baseline was run on a clean checkout of HEAD in a temporary worktree.');
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
