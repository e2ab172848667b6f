// Test baselines kept per commit under `.autonomous/test-baselines/<sha>.json`: the outcome of a
// run on that commit, so a later run can tell new failures from failures that were already there.
import fs from 'node:fs';
import { z } from 'zod';
import { StateStore } from '../core/state-store.js';
import { TestRecord } from '../models/test-result.js';
import type { RunOutcome } from './regressions.js';

const StoredOutcome = z.union([
  z.object({ kind: z.literal('tests'), records: z.array(TestRecord), exitCode: z.number().int().nullable() }),
  z.object({ kind: z.literal('exit-code'), exitCode: z.number().int().nullable() }),
]);

const DIR = 'test-baselines';

export function saveTestBaseline(root: string, commit: string, outcome: RunOutcome): string {
  const store = new StateStore(root);
  store.writeJson(`${DIR}/${commit}.json`, outcome);
  return store.path(DIR, `${commit}.json`);
}

/** The stored baseline of `commit`; undefined when there is none (or it is unreadable). */
export function loadTestBaseline(root: string, commit: string): RunOutcome | undefined {
  const store = new StateStore(root);
  if (!fs.existsSync(store.path(DIR, `${commit}.json`))) return undefined;
  try {
    return store.readJson(`${DIR}/${commit}.json`, StoredOutcome) as RunOutcome | undefined;
  } catch {
    return undefined;
  }
}
