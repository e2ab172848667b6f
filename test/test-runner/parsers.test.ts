import { describe, expect, it } from 'vitest';
import type { TestRecord } from '../../src/models/test-result.js';
import { TapParser, parseJestJson, parseTap } from '../../src/test-runner/parsers.js';

// Trimmed from a real `vitest run --reporter=json` report.
const VITEST_REPORT = JSON.stringify({
  numTotalTests: 4,
  success: false,
  testResults: [
    {
      assertionResults: [
        { ancestorTitles: ['math'], fullName: 'math adds', status: 'passed', title: 'adds', failureMessages: [] },
        {
          ancestorTitles: ['math'],
          fullName: 'math multiplies',
          status: 'failed',
          title: 'multiplies',
          failureMessages: [
            'AssertionError: expected 4 to be 5 // Object.is equality\n    at /tmp/vj/m.test.ts:4:42\n    at file:///work/main/node_modules/@vitest/runner/dist/chunk-artifact.js:302:11\n    at new Promise (<anonymous>)',
          ],
        },
        { ancestorTitles: ['math'], fullName: 'math divides', status: 'skipped', title: 'divides', failureMessages: [] },
        { ancestorTitles: ['math'], fullName: 'math rounds', status: 'todo', title: 'rounds', failureMessages: [] },
      ],
      status: 'failed',
      message: '',
      name: '/tmp/vj/m.test.ts',
    },
  ],
});

// The shape `jest --json` writes, including a suite that failed to load.
const JEST_REPORT = JSON.stringify({
  numFailedTests: 1,
  success: false,
  testResults: [
    {
      name: '/repo/src/sum.test.js',
      status: 'failed',
      message: '',
      assertionResults: [
        {
          ancestorTitles: ['sum'],
          fullName: 'sum adds negative numbers',
          status: 'failed',
          title: 'adds negative numbers',
          failureMessages: [
            'Error: \u001b[2mexpect(\u001b[22mreceived\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22mexpected\u001b[2m)\u001b[22m\n\nExpected: -3\nReceived: 3\n    at Object.toBe (/repo/src/sum.test.js:9:27)\n    at Promise.then.completed (/repo/node_modules/jest-circus/build/utils.js:298:28)',
          ],
        },
        { ancestorTitles: ['sum'], fullName: 'sum adds', status: 'passed', title: 'adds', failureMessages: [] },
        { ancestorTitles: [], fullName: 'later', status: 'pending', title: 'later', failureMessages: [] },
      ],
    },
    {
      name: '/repo/src/broken.test.js',
      status: 'failed',
      message: "  ● Test suite failed to run\n\n    Cannot find module './missing' from 'src/broken.test.js'\n\n      at Resolver.resolveModule (node_modules/jest-resolve/build/resolver.js:324:11)",
      assertionResults: [],
    },
  ],
});

describe('parseJestJson', () => {
  const cases: Array<{ name: string; report: string; expected: TestRecord[] }> = [
    {
      name: 'reads a vitest report, mapping skipped and todo to skipped and keeping the first own stack frame',
      report: VITEST_REPORT,
      expected: [
        { id: 'math adds', file: '/tmp/vj/m.test.ts', status: 'passed' },
        {
          id: 'math multiplies',
          file: '/tmp/vj/m.test.ts',
          status: 'failed',
          message: 'AssertionError: expected 4 to be 5 // Object.is equality',
          stack_frame: '/tmp/vj/m.test.ts:4:42',
        },
        { id: 'math divides', file: '/tmp/vj/m.test.ts', status: 'skipped' },
        { id: 'math rounds', file: '/tmp/vj/m.test.ts', status: 'skipped' },
      ],
    },
    {
      name: 'reads a jest report, strips colours and reports a suite that failed to load as a failure',
      report: JEST_REPORT,
      expected: [
        {
          id: 'sum adds negative numbers',
          file: '/repo/src/sum.test.js',
          status: 'failed',
          message: 'Error: expect(received).toBe(expected)\n\nExpected: -3\nReceived: 3',
          stack_frame: '/repo/src/sum.test.js:9:27',
        },
        { id: 'sum adds', file: '/repo/src/sum.test.js', status: 'passed' },
        { id: 'later', file: '/repo/src/sum.test.js', status: 'skipped' },
        {
          id: '/repo/src/broken.test.js',
          file: '/repo/src/broken.test.js',
          status: 'failed',
          message: "● Test suite failed to run\n\n    Cannot find module './missing' from 'src/broken.test.js'",
        },
      ],
    },
    { name: 'reads an empty report', report: '{"testResults": []}', expected: [] },
  ];

  it.each(cases)('$name', ({ report, expected }) => {
    expect(parseJestJson(report)).toEqual(expected);
  });

  it('rejects JSON that is not a jest-compatible report', () => {
    expect(() => parseJestJson('{"tests": []}')).toThrow(/testResults/);
    expect(() => parseJestJson('not json')).toThrow();
  });
});

// Real output of `node --test --test-reporter=tap` on Node 20.
const NODE_TAP = `TAP version 13
# Subtest: adds
ok 1 - adds
  ---
  duration_ms: 0.960082
  ...
# Subtest: fails
not ok 2 - fails
  ---
  duration_ms: 1.017348
  location: '/tmp/tapt/a.test.mjs:4:1'
  failureType: 'testCodeFailure'
  error: |-
    math is broken
    
    2 !== 3
    
  code: 'ERR_ASSERTION'
  name: 'AssertionError'
  expected: 3
  actual: 2
  operator: 'strictEqual'
  stack: |-
    TestContext.<anonymous> (file:///tmp/tapt/a.test.mjs:4:30)
    Test.runInAsyncScope (node:async_hooks:206:9)
  ...
# Subtest: skipped
ok 3 - skipped # SKIP
  ---
  duration_ms: 0.097475
  ...
# Subtest: todo
ok 4 - todo # TODO
  ---
  duration_ms: 0.094731
  ...
# Subtest: group
    # Subtest: inner fails
    not ok 1 - inner fails
      ---
      duration_ms: 0.142571
      location: '/tmp/tapt/a.test.mjs:7:27'
      failureType: 'testCodeFailure'
      error: |-
        boom
        line2
      code: 'ERR_TEST_FAILURE'
      stack: |-
        TestContext.<anonymous> (file:///tmp/tapt/a.test.mjs:7:59)
      ...
    # Subtest: inner ok
    ok 2 - inner ok
      ---
      duration_ms: 0.086789
      ...
    1..2
not ok 5 - group
  ---
  duration_ms: 1.577587
  type: 'suite'
  location: '/tmp/tapt/a.test.mjs:7:1'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  code: 'ERR_TEST_FAILURE'
  ...
1..5
# tests 6
# pass 2
# fail 2
# skipped 1
# todo 1
`;

describe('parseTap', () => {
  const cases: Array<{ name: string; tap: string; expected: TestRecord[] }> = [
    {
      name: 'reads node:test output: nested names, skip and todo, yaml error blocks, suites not counted',
      tap: NODE_TAP,
      expected: [
        { id: 'adds', status: 'passed' },
        {
          id: 'fails',
          status: 'failed',
          file: '/tmp/tapt/a.test.mjs',
          stack_frame: '/tmp/tapt/a.test.mjs:4:1',
          message: 'math is broken\n\n2 !== 3',
        },
        { id: 'skipped', status: 'skipped' },
        { id: 'todo', status: 'skipped' },
        {
          id: 'group > inner fails',
          status: 'failed',
          file: '/tmp/tapt/a.test.mjs',
          stack_frame: '/tmp/tapt/a.test.mjs:7:27',
          message: 'boom\nline2',
        },
        { id: 'group > inner ok', status: 'passed' },
      ],
    },
    {
      name: 'reads plain TAP without diagnostics, and a quoted one-line error',
      tap: `TAP version 13\nok 1 - first\nnot ok 2 - second\n  ---\n  error: 'it''s wrong'\n  ...\nnot ok 3 - later # TODO not written\n1..3\n`,
      expected: [
        { id: 'first', status: 'passed' },
        { id: 'second', status: 'failed', message: "it's wrong" },
        { id: 'later', status: 'skipped' },
      ],
    },
    {
      name: 'reports a failure without a diagnostic block with a generic message',
      tap: 'not ok 1 - crashed\n',
      expected: [{ id: 'crashed', status: 'failed', message: 'failed' }],
    },
    { name: 'reads no tests from output that is not TAP', tap: 'hello\nworld\n', expected: [] },
  ];

  it.each(cases)('$name', ({ tap, expected }) => {
    expect(parseTap(tap)).toEqual(expected);
  });

  it('gives the same records when fed line by line as a stream', () => {
    const parser = new TapParser();
    for (const line of NODE_TAP.split('\n')) parser.push(line);
    expect(parser.finish()).toEqual(parseTap(NODE_TAP));
  });
});
