// Tells new failures from existing ones: compares a run after a change with the run before it.
// Pure; the runner hands in both outcomes.
import type { Recommendation, TestRecord } from '../models/test-result.js';

/** What one run tells about the tests: per-test records when the framework reported them, else only the exit code. */
export type RunOutcome =
  | { kind: 'tests'; records: TestRecord[]; exitCode: number | null }
  | { kind: 'exit-code'; exitCode: number | null };

export interface RegressionReport {
  /** Tests that passed in the baseline and fail now (or the whole suite, by exit status alone). */
  new_failures: string[];
  /** Tests failing now that also failed, or did not exist, in the baseline. */
  existing_failures: string[];
  regression_detected: boolean;
}

/** The name used for the whole suite when only exit codes are known. */
export const SUITE_ID = '(test suite)';

export function failingTests(outcome: RunOutcome): string[] {
  if (outcome.kind === 'tests') {
    const failing = outcome.records.filter((r) => r.status === 'failed').map((r) => r.id);
    // A non-zero exit with every test passing (crash after the run, coverage threshold) still fails.
    if (failing.length === 0 && outcome.exitCode !== 0) return [SUITE_ID];
    return unique(failing);
  }
  return outcome.exitCode === 0 ? [] : [SUITE_ID];
}

export function compareRuns(baseline: RunOutcome | undefined, current: RunOutcome): RegressionReport {
  const failing = failingTests(current);
  if (baseline === undefined) {
    // No baseline: nothing is known to have worked before, so nothing is called a regression.
    return { new_failures: [], existing_failures: failing, regression_detected: false };
  }
  const passedBefore = passingTests(baseline);
  const new_failures: string[] = [];
  const existing_failures: string[] = [];
  for (const id of failing) {
    if (passedBefore(id)) new_failures.push(id);
    else existing_failures.push(id);
  }
  return { new_failures, existing_failures, regression_detected: new_failures.length > 0 };
}

/** A predicate: did this test (or the suite) pass in the baseline? */
function passingTests(baseline: RunOutcome): (id: string) => boolean {
  const baselineSucceeded = baseline.exitCode === 0;
  if (baseline.kind === 'exit-code') return () => baselineSucceeded;
  const passed = new Set(baseline.records.filter((r) => r.status === 'passed').map((r) => r.id));
  return (id) => (id === SUITE_ID ? baselineSucceeded : passed.has(id));
}

export function recommend(failingCount: number, report: RegressionReport): Recommendation {
  if (report.regression_detected) return 'reject';
  if (failingCount === 0) return 'approve';
  return 'needs_fix';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
