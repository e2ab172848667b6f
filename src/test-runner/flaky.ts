// Plans the re-runs that tell a flaky test from a broken one: a test that newly fails is run once
// more on its own, with the same framework binary the first run used. Pure; the runner executes
// the plans and reads their results.
import type { TestRecord } from '../models/test-result.js';
import type { ReportSource, TestCommandPlan } from './detect.js';
import { SUITE_ID } from './regressions.js';

/** At most this many tests are re-run after one run; a mass failure is not flakiness. */
export const MAX_FLAKY_RERUNS = 5;

export interface RerunPlan {
  test_id: string;
  command: string[];
  report: ReportSource;
}

/** Escapes a test name so a framework's name filter (a regular expression) matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The command that runs one test alone, or undefined when it cannot be singled out (no per-test
 * reporter, no file, a file that failed to load, the whole suite).
 */
export function planRerun(plan: TestCommandPlan, record: TestRecord, reportFile: string): RerunPlan | undefined {
  const file = record.file;
  if (plan.binary === undefined || file === undefined || record.id === SUITE_ID || record.id === file) return undefined;
  const base = { test_id: record.id };
  if (plan.framework === 'node-test') {
    // node matches the pattern against each test's own name; ancestors of a match run too.
    const leaf = record.id.split(' > ').pop() ?? record.id;
    return {
      ...base,
      command: [...plan.binary, '--test', '--test-reporter=tap', `--test-name-pattern=^${escapeRegExp(leaf)}$`, file],
      report: { kind: 'tap-stdout' },
    };
  }
  const pattern = `^${escapeRegExp(record.id)}$`;
  if (plan.framework === 'vitest') {
    return {
      ...base,
      command: [...plan.binary, 'run', file, '-t', pattern, '--reporter=json', `--outputFile=${reportFile}`],
      report: { kind: 'json-file', file: reportFile },
    };
  }
  if (plan.framework === 'jest') {
    return {
      ...base,
      command: [...plan.binary, file, '-t', pattern, '--json', `--outputFile=${reportFile}`],
      report: { kind: 'json-file', file: reportFile },
    };
  }
  if (plan.framework === 'mocha') {
    // mocha's --grep matches the full title, which is our id.
    const toFile = plan.report.kind === 'json-file';
    return {
      ...base,
      command: [...plan.binary, file, '--grep', pattern, '--reporter', 'json', ...(toFile ? ['--reporter-option', `output=${reportFile}`] : [])],
      report: toFile ? { kind: 'json-file', file: reportFile, format: 'mocha' } : { kind: 'json-stdout', file: reportFile, format: 'mocha' },
    };
  }
  if (plan.framework === 'pytest') {
    const nodeId = pytestNodeId(record.id, file);
    if (nodeId === undefined) return undefined;
    const xmlFile = reportFile.replace(/\.json$/, '.xml');
    return { ...base, command: [...plan.binary, nodeId, `--junitxml=${xmlFile}`], report: { kind: 'junit-file', file: xmlFile } };
  }
  return undefined;
}

/** pytest's node id (`tests/test_a.py::TestX::test_y`) of a junit id (`tests.test_a.TestX::test_y`) in `file`. */
export function pytestNodeId(id: string, file: string): string | undefined {
  const split = id.indexOf('::');
  if (split === -1 || !file.endsWith('.py')) return undefined;
  const classname = id.slice(0, split);
  const name = id.slice(split + 2);
  const module = file.slice(0, -3).split('/').join('.');
  if (classname !== module && !classname.startsWith(`${module}.`)) return undefined;
  const classes = classname === module ? [] : classname.slice(module.length + 1).split('.');
  return [file, ...classes, name].join('::');
}

/** The re-runs to make after a run: each newly failing test that can be singled out, up to the cap. */
export function planReruns(plan: TestCommandPlan, records: readonly TestRecord[], newFailures: readonly string[], reportFileFor: (index: number) => string): RerunPlan[] {
  const reruns: RerunPlan[] = [];
  for (const id of newFailures) {
    if (reruns.length >= MAX_FLAKY_RERUNS) break;
    const record = records.find((r) => r.id === id && r.status === 'failed');
    if (record === undefined) continue;
    const rerun = planRerun(plan, record, reportFileFor(reruns.length));
    if (rerun !== undefined) reruns.push(rerun);
  }
  return reruns;
}

/** A re-run proves flakiness only if the test itself ran and passed, not merely if nothing failed. */
export function passedAlone(testId: string, records: readonly TestRecord[] | undefined): boolean {
  if (records === undefined) return false;
  const own = records.filter((r) => r.id === testId);
  return own.length > 0 && own.every((r) => r.status === 'passed') && records.every((r) => r.status !== 'failed');
}
