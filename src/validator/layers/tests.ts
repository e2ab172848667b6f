// Layer 5, tests: whether the code the change touches ran under the tests, from the latest istanbul
// coverage data (coverage/coverage-final.json) when the project has produced any, and whether the
// proposal brings test cases. Missing coverage lowers confidence; this layer never fails.
import fs from 'node:fs';
import path from 'node:path';
import { COVERAGE_FINAL_FILE } from '../../test-runner/coverage.js';
import type { FileEdit } from '../../models/proposal.js';
import type { LayerContext, LayerOutcome } from '../context.js';

export interface TestsOutcome extends LayerOutcome {
  /** Percent of the statements on touched lines that ran; null when unknown. */
  coveragePercent: number | null;
  hasTestCases: boolean;
}

interface IstanbulFile {
  path?: string;
  statementMap: Record<string, { start: { line: number }; end: { line: number } }>;
  s: Record<string, number>;
}

/** Line ranges (1-based, inclusive) of the OLD file that the edits replace. */
export function touchedLines(oldText: string, edits: readonly FileEdit[]): Array<[number, number]> {
  return edits.map((edit) => {
    const start = oldText.slice(0, edit.start).split('\n').length;
    const span = edit.old_code.replace(/\n$/, '').split('\n').length;
    return [start, start + Math.max(span, 1) - 1] as [number, number];
  });
}

/** Covered and total statements of a file's coverage entry that overlap the ranges. */
export function coverageOfRanges(entry: IstanbulFile, ranges: ReadonlyArray<[number, number]>): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  for (const [id, loc] of Object.entries(entry.statementMap)) {
    if (!ranges.some(([a, b]) => loc.start.line <= b && loc.end.line >= a)) continue;
    total++;
    if ((entry.s[id] ?? 0) > 0) covered++;
  }
  return { covered, total };
}

function readCoverage(root: string): Map<string, IstanbulFile> | undefined {
  let data: Record<string, IstanbulFile>;
  try {
    data = JSON.parse(fs.readFileSync(path.join(root, COVERAGE_FINAL_FILE), 'utf8')) as Record<string, IstanbulFile>;
  } catch {
    return undefined;
  }
  const out = new Map<string, IstanbulFile>();
  for (const [key, entry] of Object.entries(data)) {
    if (!entry || typeof entry !== 'object' || !entry.statementMap || !entry.s) continue;
    const absolute = path.resolve(root, entry.path ?? key);
    out.set(path.relative(root, absolute).split(path.sep).join('/'), entry);
  }
  return out;
}

export function runTestsLayer(context: LayerContext): TestsOutcome {
  const hasTestCases = context.proposal.test_cases.length > 0;
  const coverage = readCoverage(context.root);
  const warnings: string[] = [];
  if (!hasTestCases) warnings.push('tests: the proposal comes with no test cases');
  if (!coverage) {
    return {
      passed: true,
      skipped: `no coverage data (${COVERAGE_FINAL_FILE}); run the tests with coverage to measure the touched lines`,
      summary: `coverage unknown; ${hasTestCases ? `${context.proposal.test_cases.length} test case(s)` : 'no test cases'}`,
      issues: [],
      warnings,
      suggestions: ['Run the tests with istanbul/v8 coverage (json reporter) so the validator can see whether the touched code is tested.'],
      coveragePercent: null,
      hasTestCases,
    };
  }
  let covered = 0;
  let total = 0;
  const uncovered: string[] = [];
  for (const file of context.files) {
    if (file.before === null) continue;
    const entry = coverage.get(file.file_path);
    const edits = context.proposal.edits.filter((e) => e.file_path === file.file_path);
    if (!entry) {
      uncovered.push(file.file_path);
      continue;
    }
    const counts = coverageOfRanges(entry, touchedLines(file.before, edits));
    covered += counts.covered;
    total += counts.total;
    if (counts.total > 0 && counts.covered < counts.total) uncovered.push(file.file_path);
  }
  const percent = total === 0 ? null : Math.round((covered / total) * 1000) / 10;
  if (uncovered.length > 0) warnings.push(`tests: touched code not (fully) covered in ${uncovered.join(', ')}`);
  return {
    passed: true,
    summary: `${percent === null ? 'no measured statements on the touched lines' : `${percent}% of touched statements covered (${covered}/${total})`}; ${hasTestCases ? `${context.proposal.test_cases.length} test case(s)` : 'no test cases'}`,
    issues: [],
    warnings,
    suggestions: percent !== null && percent < 100 ? ['Add a test that runs the changed lines before approving.'] : [],
    coveragePercent: percent,
    hasTestCases,
  };
}
