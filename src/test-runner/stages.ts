// Staged test runs (`test.stages`): fast stages first (unit, then integration, then the full
// suite), each its own command with its own timeout that kills its whole process tree, stopping at
// the first stage that fails. The TestResult of a staged run adds the stages up and lists each,
// so a reader sees which one failed. `runConfiguredTests` is the one entry point for a run of
// either shape; aggregating stage results is pure (`aggregateStages`).
import type { Config } from '../core/config.js';
import type { Recommendation, StageResult, TestResult } from '../models/test-result.js';
import type { RunOutcome } from './regressions.js';
import { runTests, type RunTestsOptions } from './run.js';

export interface TestStage {
  name: string;
  command: string[];
  timeoutMs: number;
}

/** `test.stages` of the configuration with commands split and timeouts resolved (`minutes` overrides them all). */
export function configuredStages(config: Config, minutes?: number): TestStage[] {
  return config.test.stages.map((stage) => ({
    name: stage.name,
    command: typeof stage.command === 'string' ? stage.command.trim().split(/\s+/) : stage.command,
    timeoutMs: (minutes ?? stage.timeoutMinutes ?? config.test.timeoutMinutes) * 60_000,
  }));
}

/** What a run leaves to compare the next one with: one outcome, or one per stage that ran. */
export type TestOutcome = RunOutcome | { kind: 'stages'; stages: Record<string, RunOutcome> };

export interface ConfiguredRunOptions extends Omit<RunTestsOptions, 'baseline' | 'label'> {
  /** Non-empty: run these in order instead of the single command. */
  stages?: readonly TestStage[] | undefined;
  baseline?: TestOutcome | undefined;
}

export interface ConfiguredRun {
  result: TestResult;
  outcome: TestOutcome;
}

/** Runs the stages when there are any, else the single (configured or detected) command. */
export async function runConfiguredTests(options: ConfiguredRunOptions): Promise<ConfiguredRun> {
  const { stages, baseline, ...single } = options;
  if (stages !== undefined && stages.length > 0) {
    return runTestStages({ ...single, stages, baseline: baseline?.kind === 'stages' ? baseline.stages : undefined });
  }
  const { result, outcome } = await runTests({ ...single, baseline: baseline === undefined || baseline.kind === 'stages' ? undefined : baseline });
  return { result, outcome };
}

export interface StagedRunOptions extends Omit<RunTestsOptions, 'baseline' | 'label' | 'command' | 'timeoutMs'> {
  stages: readonly TestStage[];
  /** The baseline's outcome of each stage that ran in it. */
  baseline?: Record<string, RunOutcome> | undefined;
}

export interface StageRun {
  stage: TestStage;
  result: TestResult;
  outcome: RunOutcome;
  /** Whether the run stops after this stage. */
  blocking: boolean;
}

/**
 * Whether a finished stage stops the run: it has failing tests that are not flaky, and either no
 * baseline is known for it or some of them are new. Failures the baseline already had do not stop
 * the later stages, or a long-standing broken test would hide every later regression.
 */
export function stageBlocks(result: TestResult, baselineKnown: boolean): boolean {
  const failing = result.failed - result.flaky.length;
  return failing > 0 && (!baselineKnown || result.regression_detected || result.timed_out);
}

export async function runTestStages(options: StagedRunOptions): Promise<ConfiguredRun> {
  const { stages, baseline, lint, coverageThreshold, ...common } = options;
  const runs: StageRun[] = [];
  for (const [index, stage] of stages.entries()) {
    const stageBaseline = baseline?.[stage.name];
    const { result, outcome } = await runTests({
      ...common,
      command: stage.command,
      timeoutMs: stage.timeoutMs,
      baseline: stageBaseline,
      label: stage.name,
      // The static checks run once, with the first (fastest) stage.
      lint: index === 0 ? lint : false,
      // Coverage is judged on the last stage, the fullest run.
      coverageThreshold: index === stages.length - 1 ? coverageThreshold : undefined,
    });
    const blocking = stageBlocks(result, stageBaseline !== undefined);
    runs.push({ stage, result, outcome, blocking });
    if (blocking) break;
  }
  const outcome: TestOutcome = { kind: 'stages', stages: Object.fromEntries(runs.map((r) => [r.stage.name, r.outcome])) };
  return { result: aggregateStages(stages, runs), outcome };
}

const SEVERITY: Record<Recommendation, number> = { approve: 0, needs_fix: 1, reject: 2 };

/** One TestResult for a staged run: counts added up, the failing (or last) stage's command and log. */
export function aggregateStages(stages: readonly TestStage[], runs: readonly StageRun[]): TestResult {
  const last = runs[runs.length - 1];
  if (last === undefined) throw new Error('aggregateStages: no stage ran');
  const stop = runs.find((r) => r.blocking) ?? last;
  const sum = (pick: (r: TestResult) => number): number => runs.reduce((total, r) => total + pick(r.result), 0);
  const all = <T>(pick: (r: TestResult) => T[]): T[] => runs.flatMap((r) => pick(r.result));
  const recommendation = runs.map((r) => r.result.recommendation).reduce((worst, r) => (SEVERITY[r] > SEVERITY[worst] ? r : worst), 'approve' as Recommendation);
  const stageResults: StageResult[] = stages.map((stage) => {
    const run = runs.find((r) => r.stage.name === stage.name);
    if (run === undefined) {
      return { name: stage.name, status: 'not_run', command: stage.command, passed: 0, failed: 0, skipped: 0, duration_ms: 0, exit_code: null, timed_out: false, log_file: '' };
    }
    const r = run.result;
    return {
      name: stage.name,
      // A stage with only failures the baseline already had failed too, but did not stop the run.
      status: run.blocking || r.failed > r.flaky.length ? 'failed' : 'passed',
      command: r.command,
      passed: r.passed,
      failed: r.failed,
      skipped: r.skipped,
      duration_ms: r.duration_ms,
      exit_code: r.exit_code,
      timed_out: r.timed_out,
      log_file: r.log_file,
    };
  });
  return {
    passed: sum((r) => r.passed),
    failed: sum((r) => r.failed),
    skipped: sum((r) => r.skipped),
    total: sum((r) => r.total),
    duration_ms: sum((r) => r.duration_ms),
    coverage_percent: last.result.coverage_percent,
    coverage_threshold: last.result.coverage_threshold,
    failures: all((r) => r.failures),
    regression_detected: runs.some((r) => r.result.regression_detected),
    recommendation,
    framework: stop.result.framework,
    command: stop.result.command,
    exit_code: stop.blocking ? stop.result.exit_code : runs.find((r) => r.result.exit_code !== 0)?.result.exit_code ?? 0,
    timed_out: runs.some((r) => r.result.timed_out),
    log_file: stop.result.log_file,
    flaky: all((r) => r.flaky),
    new_failures: all((r) => r.new_failures),
    linters: runs[0]?.result.linters ?? [],
    stages: stageResults,
  };
}
