// The TestResult: what one run of the project's tests found, as the design's TestResult plus the
// command that ran, how it ended, where its log is, and which failures are new since the baseline.
import { z } from 'zod';

export const TestFailure = z.object({
  /** The test's full name as the framework reports it, e.g. `math > adds`. */
  test_id: z.string().min(1),
  file: z.string().optional(),
  message: z.string(),
  /** First stack frame or location pointing into the test, when the framework gives one. */
  stack_frame: z.string().optional(),
  /**
   * Files of the change being tested that this (new) failure points at: named in its message or
   * stack, the test file itself, or imported directly by it. Absent when no change set was given.
   */
  suspects: z.array(z.string()).optional(),
});
export type TestFailure = z.infer<typeof TestFailure>;

export const TEST_FRAMEWORKS = ['vitest', 'jest', 'mocha', 'node-test', 'ava', 'pytest', 'script'] as const;
export const TestFramework = z.enum(TEST_FRAMEWORKS);
export type TestFramework = z.infer<typeof TestFramework>;

export const Recommendation = z.enum(['approve', 'reject', 'needs_fix']);
export type Recommendation = z.infer<typeof Recommendation>;

export const LINTER_NAMES = ['tsc', 'eslint', 'prettier'] as const;
export const LinterName = z.enum(LINTER_NAMES);
export type LinterName = z.infer<typeof LinterName>;

/** One static check run beside the tests (`autonomous test --lint`). */
export const LinterResult = z.object({
  name: LinterName,
  ok: z.boolean(),
  /** Type errors, lint problems (errors and warnings), or files not formatted. */
  problems: z.number().int().min(0),
  /** The end of what the tool printed, enough to see the first problems. */
  output_tail: z.string(),
});
export type LinterResult = z.infer<typeof LinterResult>;

/** One stage of a staged run (`test.stages`), in the order run. */
export const StageResult = z.object({
  name: z.string(),
  /** passed; failed; not_run (an earlier stage failed and stopped the run). */
  status: z.enum(['passed', 'failed', 'not_run']),
  command: z.array(z.string()),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
  duration_ms: z.number().min(0),
  exit_code: z.number().int().nullable(),
  timed_out: z.boolean(),
  /** Empty for a stage that did not run. */
  log_file: z.string(),
});
export type StageResult = z.infer<typeof StageResult>;

export const TestResult = z.object({
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
  total: z.number().int().min(0),
  duration_ms: z.number().min(0),
  coverage_percent: z.number().min(0).max(100).nullable(),
  /** The minimum line coverage asked for (`--coverage-threshold`), null when none was. */
  coverage_threshold: z.number().min(0).max(100).nullable(),
  failures: z.array(TestFailure),
  regression_detected: z.boolean(),
  recommendation: Recommendation,
  framework: TestFramework,
  command: z.array(z.string()),
  /** null when the process was killed by a signal (including our timeout). */
  exit_code: z.number().int().nullable(),
  timed_out: z.boolean(),
  log_file: z.string(),
  /** Newly failing tests that passed when re-run alone: not counted as regressions. */
  flaky: z.array(z.string()),
  new_failures: z.array(z.string()),
  /** Static checks run with the tests; empty unless asked for. */
  linters: z.array(LinterResult),
  /** Present for a run of `test.stages`: each stage, so a reader sees which one failed. */
  stages: z.array(StageResult).optional(),
});
export type TestResult = z.infer<typeof TestResult>;

/** One test as a parser reads it from a framework's report. */
export const TestStatus = z.enum(['passed', 'failed', 'skipped']);
export type TestStatus = z.infer<typeof TestStatus>;

export const TestRecord = z.object({
  id: z.string(),
  file: z.string().optional(),
  status: TestStatus,
  message: z.string().optional(),
  stack_frame: z.string().optional(),
});
export type TestRecord = z.infer<typeof TestRecord>;
