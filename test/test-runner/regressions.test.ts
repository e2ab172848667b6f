import { describe, expect, it } from 'vitest';
import type { TestRecord } from '../../src/models/test-result.js';
import { SUITE_ID, compareRuns, failingTests, recommend, type RunOutcome } from '../../src/test-runner/regressions.js';

const pass = (id: string): TestRecord => ({ id, status: 'passed' });
const fail = (id: string): TestRecord => ({ id, status: 'failed', message: 'x' });
const tests = (exitCode: number | null, ...records: TestRecord[]): RunOutcome => ({ kind: 'tests', records, exitCode });
const exit = (exitCode: number | null): RunOutcome => ({ kind: 'exit-code', exitCode });

describe('compareRuns', () => {
  const cases: Array<{ name: string; baseline: RunOutcome | undefined; current: RunOutcome; expected: object; recommendation: string }> = [
    {
      name: 'approves when nothing fails',
      baseline: tests(1, fail('a')),
      current: tests(0, pass('a')),
      expected: { new_failures: [], existing_failures: [], regression_detected: false },
      recommendation: 'approve',
    },
    {
      name: 'rejects a test that passed before and fails now',
      baseline: tests(0, pass('a'), pass('b')),
      current: tests(1, pass('a'), fail('b')),
      expected: { new_failures: ['b'], existing_failures: [], regression_detected: true },
      recommendation: 'reject',
    },
    {
      name: 'asks for a fix when only tests that already failed still fail',
      baseline: tests(1, fail('a'), pass('b')),
      current: tests(1, fail('a'), pass('b')),
      expected: { new_failures: [], existing_failures: ['a'], regression_detected: false },
      recommendation: 'needs_fix',
    },
    {
      name: 'does not call a failing test that is new since the baseline a regression',
      baseline: tests(0, pass('a')),
      current: tests(1, pass('a'), fail('new test')),
      expected: { new_failures: [], existing_failures: ['new test'], regression_detected: false },
      recommendation: 'needs_fix',
    },
    {
      name: 'separates a new failure from an existing one',
      baseline: tests(1, fail('old'), pass('a')),
      current: tests(1, fail('old'), fail('a')),
      expected: { new_failures: ['a'], existing_failures: ['old'], regression_detected: true },
      recommendation: 'reject',
    },
    {
      name: 'rejects success turning into failure when only exit codes are known',
      baseline: exit(0),
      current: exit(1),
      expected: { new_failures: [SUITE_ID], regression_detected: true },
      recommendation: 'reject',
    },
    {
      name: 'asks for a fix when the suite failed before too',
      baseline: exit(2),
      current: exit(1),
      expected: { new_failures: [], existing_failures: [SUITE_ID], regression_detected: false },
      recommendation: 'needs_fix',
    },
    {
      name: 'compares per-test results with an exit-code baseline that succeeded',
      baseline: exit(0),
      current: tests(1, fail('a')),
      expected: { new_failures: ['a'], regression_detected: true },
      recommendation: 'reject',
    },
    {
      name: 'counts a non-zero exit with every test passing as a failure of the suite',
      baseline: tests(0, pass('a')),
      current: tests(1, pass('a')),
      expected: { new_failures: [SUITE_ID], regression_detected: true },
      recommendation: 'reject',
    },
    {
      name: 'never calls anything a regression without a baseline',
      baseline: undefined,
      current: tests(1, fail('a')),
      expected: { new_failures: [], existing_failures: ['a'], regression_detected: false },
      recommendation: 'needs_fix',
    },
  ];

  it.each(cases)('$name', ({ baseline, current, expected, recommendation }) => {
    const report = compareRuns(baseline, current);
    expect(report).toMatchObject(expected);
    expect(recommend(failingTests(current).length, report)).toBe(recommendation);
  });
});
