// Test baselines kept per commit and test configuration under
// `.autonomous/test-baselines/<commit>-<config hash>.json`: the outcome of a run on that commit's
// clean tree, so a later run can tell new failures from failures that were already there. The key
// includes what decides which tests run and how (command, stages, test script, Node major), so a
// changed configuration never reuses a baseline made with another.
import fs from 'node:fs';
import { z } from 'zod';
import { sha256 } from '../core/hash.js';
import { StateStore } from '../core/state-store.js';
import { TestRecord } from '../models/test-result.js';
import type { TestOutcome } from './stages.js';
import { readProjectFacts } from './detect.js';

const StoredRunOutcome = z.union([
  z.object({ kind: z.literal('tests'), records: z.array(TestRecord), exitCode: z.number().int().nullable() }),
  z.object({ kind: z.literal('exit-code'), exitCode: z.number().int().nullable() }),
]);
const StoredOutcome = z.union([StoredRunOutcome, z.object({ kind: z.literal('stages'), stages: z.record(z.string(), StoredRunOutcome) })]);

export const TEST_BASELINES_DIR = 'test-baselines';

/** What, besides the commit, decides the outcome of a test run. */
export interface TestConfigFacts {
  /** `test.command`, resolved to an argument array. */
  command: string[] | undefined;
  /** The stages that run (after `--stage`), with their commands. */
  stages: Array<{ name: string; command: string[] }>;
  /** package.json's test script, which detection runs when there is no command. */
  testScript: string | undefined;
  /** Node's major version: a new runtime can change results. */
  nodeMajor: string;
}

/** The cache key of a baseline: the commit and a short hash of the test configuration. */
export function baselineKey(commit: string, facts: TestConfigFacts): string {
  const fingerprint = sha256(JSON.stringify([facts.command ?? null, facts.stages.map((s) => [s.name, s.command]), facts.testScript ?? null, facts.nodeMajor]));
  return `${commit}-${fingerprint.slice(0, 16)}`;
}

/** The baseline key of `commit` for the project at `root` run with this command and these stages. */
export function projectBaselineKey(root: string, commit: string, command: string[] | undefined, stages: ReadonlyArray<{ name: string; command: string[] }>): string {
  return baselineKey(commit, {
    command,
    stages: stages.map((s) => ({ name: s.name, command: s.command })),
    testScript: readProjectFacts(root).packageJson?.scripts?.test,
    nodeMajor: process.versions.node.split('.')[0] ?? '',
  });
}

export function saveTestBaseline(root: string, key: string, outcome: TestOutcome): string {
  const store = new StateStore(root);
  store.writeJson(`${TEST_BASELINES_DIR}/${key}.json`, outcome);
  return store.path(TEST_BASELINES_DIR, `${key}.json`);
}

/** The stored baseline under `key`; undefined when there is none (or it is unreadable). */
export function loadTestBaseline(root: string, key: string): TestOutcome | undefined {
  const store = new StateStore(root);
  if (!fs.existsSync(store.path(TEST_BASELINES_DIR, `${key}.json`))) return undefined;
  try {
    return store.readJson(`${TEST_BASELINES_DIR}/${key}.json`, StoredOutcome) as TestOutcome | undefined;
  } catch {
    return undefined;
  }
}
