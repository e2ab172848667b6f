import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coverageFromFinal, coverageFromSummary, meetsCoverageThreshold, readCoverageReport } from '../../src/test-runner/coverage.js';

const summary = (lines: unknown): string =>
  JSON.stringify({
    total: { lines, statements: { total: 10, covered: 8, skipped: 0, pct: 80 }, functions: { total: 2, covered: 2, skipped: 0, pct: 100 }, branches: { total: 4, covered: 2, skipped: 0, pct: 50 } },
    '/p/src/math.js': { lines: { total: 10, covered: 8, skipped: 0, pct: 80 } },
  });

const loc = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 20 } });
const fileCoverage = (path: string, statements: Array<[number, number]>) => ({
  path,
  statementMap: Object.fromEntries(statements.map(([line], i) => [String(i), loc(line)])),
  fnMap: {},
  branchMap: {},
  s: Object.fromEntries(statements.map(([, count], i) => [String(i), count])),
  f: {},
  b: {},
});

describe('coverageFromSummary', () => {
  it.each([
    ['reads total.lines.pct', summary({ total: 12, covered: 9, skipped: 0, pct: 75 }), 75],
    ['keeps decimals', summary({ total: 3, covered: 2, skipped: 0, pct: 66.66 }), 66.66],
    ['gives null when there were no lines ("Unknown")', summary({ total: 0, covered: 0, skipped: 0, pct: 'Unknown' }), null],
  ])('%s', (_name, text, expected) => {
    expect(coverageFromSummary(text)).toBe(expected);
  });

  it.each([
    ['a report without total', JSON.stringify({ '/p/a.js': {} })],
    ['not JSON', 'Coverage: 80%'],
  ])('rejects %s', (_name, text) => {
    expect(() => coverageFromSummary(text)).toThrow();
  });
});

describe('coverageFromFinal', () => {
  it.each([
    [
      'counts covered lines over all files',
      { '/p/a.js': fileCoverage('/p/a.js', [[1, 1], [2, 0], [3, 4]]), '/p/b.js': fileCoverage('/p/b.js', [[1, 2]]) },
      75,
    ],
    ['counts a line once when several statements start on it, covered if any ran', { '/p/a.js': fileCoverage('/p/a.js', [[1, 0], [1, 3], [2, 0]]) }, 50],
    ['rounds to two decimals', { '/p/a.js': fileCoverage('/p/a.js', [[1, 1], [2, 1], [3, 0]]) }, 66.67],
    ['gives null for files without statements', { '/p/a.js': fileCoverage('/p/a.js', []) }, null],
  ])('%s', (_name, report, expected) => {
    expect(coverageFromFinal(JSON.stringify(report))).toBe(expected);
  });

  it.each([
    ['an array', '[]'],
    ['a file entry without counts', JSON.stringify({ '/p/a.js': { path: '/p/a.js' } })],
  ])('rejects %s', (_name, text) => {
    expect(() => coverageFromFinal(text)).toThrow();
  });
});

describe('meetsCoverageThreshold', () => {
  it.each([
    [80, 80, true],
    [79.99, 80, false],
    [null, 0, false],
  ])('%s%% against %s%% → %s', (percent, threshold, expected) => {
    expect(meetsCoverageThreshold(percent, threshold)).toBe(expected);
  });
});

describe('readCoverageReport', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });
  const project = (files: Record<string, string>): string => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-coverage-'));
    folders.push(root);
    fs.mkdirSync(path.join(root, 'coverage'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
    return root;
  };

  it('prefers the summary and falls back to the per-file report', () => {
    const both = project({ 'coverage/coverage-summary.json': summary({ total: 4, covered: 3, skipped: 0, pct: 75 }), 'coverage/coverage-final.json': '{}' });
    expect(readCoverageReport(both, Date.now())).toEqual({ kind: 'found', file: 'coverage/coverage-summary.json', percent: 75 });
    const final = project({ 'coverage/coverage-final.json': JSON.stringify({ '/p/a.js': fileCoverage('/p/a.js', [[1, 1], [2, 0]]) }) });
    expect(readCoverageReport(final, Date.now())).toEqual({ kind: 'found', file: 'coverage/coverage-final.json', percent: 50 });
  });

  it('ignores a report left by an earlier run and reports one it cannot read', () => {
    const root = project({ 'coverage/coverage-summary.json': summary({ total: 4, covered: 3, skipped: 0, pct: 75 }) });
    expect(readCoverageReport(root, Date.now() + 60_000)).toEqual({ kind: 'absent' });
    fs.writeFileSync(path.join(root, 'coverage/coverage-summary.json'), 'not json');
    expect(readCoverageReport(root, Date.now())).toMatchObject({ kind: 'unreadable', file: 'coverage/coverage-summary.json' });
  });
});
