import { describe, expect, it } from 'vitest';
import type { TestCommandPlan } from '../../src/test-runner/detect.js';
import { MAX_FLAKY_RERUNS, escapeRegExp, passedAlone, planRerun, planReruns } from '../../src/test-runner/flaky.js';
import type { TestRecord } from '../../src/models/test-result.js';

const REPORT = '/p/.autonomous/test-runs/x.rerun-1.json';
const nodePlan: TestCommandPlan = { framework: 'node-test', packageManager: 'npm', command: ['node', '--test', '--test-reporter=tap'], report: { kind: 'tap-stdout' }, binary: ['node'] };
const vitestPlan: TestCommandPlan = {
  framework: 'vitest',
  packageManager: 'npm',
  command: ['/p/node_modules/.bin/vitest', 'run', '--reporter=json', '--outputFile=/r.json'],
  report: { kind: 'json-file', file: '/r.json' },
  binary: ['/p/node_modules/.bin/vitest'],
};
const jestPlan: TestCommandPlan = {
  framework: 'jest',
  packageManager: 'pnpm',
  command: ['pnpm', 'exec', 'jest', '--json', '--outputFile=/r.json'],
  report: { kind: 'json-file', file: '/r.json' },
  binary: ['pnpm', 'exec', 'jest'],
};
const scriptPlan: TestCommandPlan = { framework: 'script', packageManager: 'npm', command: ['npm', 'run', 'test'], report: { kind: 'exit-code' } };

const failed = (id: string, file = 'test/a.test.js'): TestRecord => ({ id, file, status: 'failed', message: 'boom' });

describe('escapeRegExp', () => {
  it.each([
    ['adds', 'adds'],
    ['adds (1 + 1)', 'adds \\(1 \\+ 1\\)'],
    ['a.b*c?', 'a\\.b\\*c\\?'],
    ['[x] {y} ^$ | \\ /', '\\[x\\] \\{y\\} \\^\\$ \\| \\\\ \\/'],
  ])('escapes %j so it matches only itself', (name, expected) => {
    expect(escapeRegExp(name)).toBe(expected);
    expect(new RegExp(`^${escapeRegExp(name)}$`).test(name)).toBe(true);
  });
});

describe('planRerun', () => {
  it.each([
    {
      name: 'runs a node test alone by its own name and file, with TAP',
      plan: nodePlan,
      record: failed('math > adds (1 + 1)'),
      expected: { command: ['node', '--test', '--test-reporter=tap', '--test-name-pattern=^adds \\(1 \\+ 1\\)$', 'test/a.test.js'], report: { kind: 'tap-stdout' } },
    },
    {
      name: 'runs a vitest test alone through the same local binary, with a JSON report',
      plan: vitestPlan,
      record: failed('math adds', 'src/math.test.ts'),
      expected: {
        command: ['/p/node_modules/.bin/vitest', 'run', 'src/math.test.ts', '-t', '^math adds$', '--reporter=json', `--outputFile=${REPORT}`],
        report: { kind: 'json-file', file: REPORT },
      },
    },
    {
      name: 'runs a jest test alone through the package manager the plan used',
      plan: jestPlan,
      record: failed('math adds', 'src/math.test.ts'),
      expected: { command: ['pnpm', 'exec', 'jest', 'src/math.test.ts', '-t', '^math adds$', '--json', `--outputFile=${REPORT}`] },
    },
  ])('$name', ({ plan, record, expected }) => {
    expect(planRerun(plan, record, REPORT)).toMatchObject({ test_id: record.id, ...expected });
  });

  it.each([
    ['a plan without per-test results', scriptPlan, failed('adds')],
    ['a test without a file', nodePlan, { id: 'adds', status: 'failed' } as TestRecord],
    ['a file that failed to load', nodePlan, failed('test/a.test.js', 'test/a.test.js')],
    ['the whole suite', nodePlan, failed('(test suite)')],
  ])('does not re-run %s', (_name, plan, record) => {
    expect(planRerun(plan, record, REPORT)).toBeUndefined();
  });
});

describe('planReruns', () => {
  it('re-runs only new failures, at most the cap', () => {
    const records = Array.from({ length: 8 }, (_, i) => failed(`t${i}`));
    const reruns = planReruns(nodePlan, records, records.map((r) => r.id), (i) => `/r${i}.json`);
    expect(reruns).toHaveLength(MAX_FLAKY_RERUNS);
    expect(planReruns(nodePlan, records, ['t3'], () => '/r.json').map((r) => r.test_id)).toEqual(['t3']);
  });
});

describe('passedAlone', () => {
  it.each<[string, TestRecord[] | undefined, boolean]>([
    ['the test ran and passed', [{ id: 'adds', status: 'passed' }], true],
    ['the test failed again', [failed('adds')], false],
    ['the filter matched nothing (all skipped)', [{ id: 'adds', status: 'skipped' }], false],
    ['the test is missing from the report', [{ id: 'other', status: 'passed' }], false],
    ['there was no report', undefined, false],
  ])('is %s → %s', (_name, records, expected) => {
    expect(passedAlone('adds', records)).toBe(expected);
  });
});

describe('re-running one mocha or pytest test', () => {
  it("re-runs a mocha test alone by its full title with the plan's json reporter", () => {
    const plan: TestCommandPlan = { framework: 'mocha', packageManager: 'npm', command: [], report: { kind: 'json-file', file: 'r.json', format: 'mocha' }, binary: ['mocha'] };
    expect(planRerun(plan, { id: 'math adds (1+1)', file: 'test/math.spec.js', status: 'failed' }, 'x.json')).toEqual({
      test_id: 'math adds (1+1)',
      command: ['mocha', 'test/math.spec.js', '--grep', '^math adds \\(1\\+1\\)$', '--reporter', 'json', '--reporter-option', 'output=x.json'],
      report: { kind: 'json-file', file: 'x.json', format: 'mocha' },
    });
  });

  it('re-runs a pytest test alone by its node id, class-based or not', () => {
    const plan: TestCommandPlan = { framework: 'pytest', packageManager: 'npm', command: [], report: { kind: 'junit-file', file: 'r.xml' }, binary: ['python3', '-m', 'pytest'] };
    expect(planRerun(plan, { id: 'tests.test_ops.TestGroup::test_inside[1-2]', file: 'tests/test_ops.py', status: 'failed' }, 'x.json')?.command).toEqual([
      'python3', '-m', 'pytest', 'tests/test_ops.py::TestGroup::test_inside[1-2]', '--junitxml=x.xml',
    ]);
    expect(planRerun(plan, { id: 'tests.test_ops::test_add', file: 'tests/test_ops.py', status: 'failed' }, 'x.json')?.command[3]).toBe('tests/test_ops.py::test_add');
    // A classname that does not match the file cannot be turned into a node id.
    expect(planRerun(plan, { id: 'other::test_add', file: 'tests/test_ops.py', status: 'failed' }, 'x.json')).toBeUndefined();
  });
});
