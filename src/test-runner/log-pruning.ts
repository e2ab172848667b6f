// Keeps `.autonomous/test-runs/` from growing without bound: after each run only the newest runs'
// files are kept. Files of one run share its timestamp prefix (`<stamp>.log`, `<stamp>.json`,
// `<stamp>.rerun-1.json`, `<stamp>.<stage>.log`, ...); the stamps sort by time. Choosing is pure;
// `pruneTestRuns` deletes.
import fs from 'node:fs';
import path from 'node:path';

/** How many runs' logs are kept. */
export const KEEP_TEST_RUNS = 20;

// ISO time with `:` and `.` made file-safe, e.g. 2026-11-24T22-40-00-123Z.
const STAMP = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(?=\.)/;

/** The run a file belongs to, or undefined for a file we did not name (never deleted). */
function runOf(name: string): string | undefined {
  return STAMP.exec(name)?.[0];
}

/** Files to delete so that only the `keep` newest runs that have a log remain. */
export function testRunFilesToPrune(names: readonly string[], keep: number = KEEP_TEST_RUNS): string[] {
  const runs = [...new Set(names.filter((n) => n.endsWith('.log')).map(runOf).filter((r): r is string => r !== undefined))].sort();
  const kept = new Set(runs.slice(Math.max(0, runs.length - keep)));
  const oldest = runs.length > keep ? runs[runs.length - keep]! : undefined;
  // Files of runs older than the oldest kept one go; a newer run without a log yet is in progress.
  return names.filter((name) => {
    const run = runOf(name);
    return run !== undefined && oldest !== undefined && !kept.has(run) && run < oldest;
  });
}

/** Deletes the files of all but the newest `keep` runs in `dir`; returns how many files went. */
export function pruneTestRuns(dir: string, keep: number = KEEP_TEST_RUNS): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of testRunFilesToPrune(names, keep)) {
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed++;
    } catch {
      // another run may have removed it first
    }
  }
  return removed;
}
