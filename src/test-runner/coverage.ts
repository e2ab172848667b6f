// Reads the line coverage a test run left behind in istanbul's formats: the json-summary report
// (`coverage/coverage-summary.json`, total.lines.pct) or, failing that, the per-file json report
// (`coverage/coverage-final.json`), whose statement counts give line coverage; for Python projects
// (pytest-cov, coverage.py) Cobertura's `coverage.xml` (line-rate) or coverage.py's `coverage.json`
// (totals.percent_covered). Parsing is pure;
// `readCoverageReport` alone touches the disk.
import fs from 'node:fs';
import path from 'node:path';

export const COVERAGE_SUMMARY_FILE = 'coverage/coverage-summary.json';
export const COVERAGE_FINAL_FILE = 'coverage/coverage-final.json';
export const COBERTURA_FILE = 'coverage.xml';
export const COVERAGE_PY_FILE = 'coverage.json';

/** How to make common setups write a report we read; shown when a threshold has nothing to check. */
export const COVERAGE_HINT =
  'Make the test command write an istanbul JSON report to coverage/, e.g. "vitest run --coverage --coverage.reporter=json-summary", "jest --coverage --coverageReporters=json-summary", or "c8 --reporter=json-summary node --test"; for pytest, "pytest --cov --cov-report=xml" (coverage.xml) or "coverage json" (coverage.json).';

/** The line-rate of a Cobertura report's root <coverage> element, in percent. Throws on another shape. */
export function coverageFromCobertura(text: string): number | null {
  const start = text.search(/<coverage[\s>]/);
  if (start === -1) throw new Error('not a Cobertura report: no <coverage> element');
  const end = text.indexOf('>', start);
  const tag = text.slice(start, end === -1 ? undefined : end);
  const rate = /\sline-rate\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
  if (rate === undefined) throw new Error('not a Cobertura report: <coverage> has no line-rate');
  const value = Number(rate);
  if (rate.trim() === '' || !Number.isFinite(value)) throw new Error(`not a Cobertura report: line-rate "${rate}" is not a number`);
  const linesValid = /\slines-valid\s*=\s*["']0["']/.test(tag);
  if (linesValid) return null;
  return clampPercent(Math.round(value * 10_000) / 100);
}

/** totals.percent_covered of a coverage.py JSON report. Throws on another shape. */
export function coverageFromCoveragePy(text: string): number | null {
  const report: unknown = JSON.parse(text);
  const totals = (report as { totals?: { percent_covered?: unknown; num_statements?: unknown } } | null)?.totals;
  if (typeof totals !== 'object' || typeof totals.percent_covered !== 'number') throw new Error('not a coverage.py JSON report: no totals.percent_covered');
  if (totals.num_statements === 0) return null;
  return clampPercent(Math.round(totals.percent_covered * 100) / 100);
}

/** total.lines.pct of a json-summary report; null when the report covers no lines. Throws on another shape. */
export function coverageFromSummary(text: string): number | null {
  const report: unknown = JSON.parse(text);
  const pct = (report as { total?: { lines?: { pct?: unknown; total?: unknown } } } | null)?.total?.lines;
  if (pct === undefined || typeof pct !== 'object') throw new Error('not an istanbul json-summary report: no total.lines');
  if (typeof pct.pct === 'number' && Number.isFinite(pct.pct)) return clampPercent(pct.pct);
  // istanbul writes "Unknown" when there were no lines at all.
  return null;
}

interface StatementLocation {
  start?: { line?: unknown };
}

/** Line coverage over all files of a coverage-final.json report, as istanbul computes it; null when there are no lines. */
export function coverageFromFinal(text: string): number | null {
  const report: unknown = JSON.parse(text);
  if (typeof report !== 'object' || report === null || Array.isArray(report)) throw new Error('not an istanbul coverage report: expected an object keyed by file');
  let total = 0;
  let covered = 0;
  for (const fileCoverage of Object.values(report as Record<string, unknown>)) {
    const { statementMap, s } = (fileCoverage ?? {}) as { statementMap?: Record<string, StatementLocation>; s?: Record<string, unknown> };
    if (typeof statementMap !== 'object' || typeof s !== 'object') throw new Error('not an istanbul coverage report: a file has no statementMap or s');
    // A line counts as covered when any statement starting on it ran.
    const lines = new Map<number, number>();
    for (const [id, location] of Object.entries(statementMap)) {
      const line = location.start?.line;
      const count = s[id];
      if (typeof line !== 'number' || typeof count !== 'number') continue;
      lines.set(line, Math.max(lines.get(line) ?? 0, count));
    }
    total += lines.size;
    for (const count of lines.values()) if (count > 0) covered++;
  }
  if (total === 0) return null;
  return clampPercent(Math.round((covered / total) * 10_000) / 100);
}

export type CoverageReading =
  | { kind: 'found'; file: string; percent: number | null }
  | { kind: 'absent' }
  | { kind: 'unreadable'; file: string; reason: string };

/** Reads the first report present that was written at or after `since` (ms); an older one is from another run. */
export function readCoverageReport(root: string, since: number): CoverageReading {
  for (const [relative, parse] of [
    [COVERAGE_SUMMARY_FILE, coverageFromSummary],
    [COVERAGE_FINAL_FILE, coverageFromFinal],
    [COBERTURA_FILE, coverageFromCobertura],
    [COVERAGE_PY_FILE, coverageFromCoveragePy],
  ] as const) {
    const file = path.join(root, relative);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    // Some file systems keep whole seconds; allow for that rounding.
    if (stat.mtimeMs < since - 1000) continue;
    try {
      return { kind: 'found', file: relative, percent: parse(fs.readFileSync(file, 'utf8')) };
    } catch (error) {
      return { kind: 'unreadable', file: relative, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  return { kind: 'absent' };
}

/** Whether a coverage figure meets a threshold; a missing figure never does. */
export function meetsCoverageThreshold(percent: number | null, threshold: number): boolean {
  return percent !== null && percent >= threshold;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}
