// Worker thread entry: receives batches of files, scans them with the rule set it was started
// with, and posts the outcomes back. Started by pool.ts only when more than one job is asked for.
import { parentPort, workerData } from 'node:worker_threads';
import type { EnabledRule } from './engine.js';
import { processFile, type FileJob } from './process-file.js';
import { enabledRules, type RuleSpec } from './rule-config.js';

interface WorkerInput {
  rules: RuleSpec[];
  maxBytes: number;
}

const input = workerData as WorkerInput;
const rules: EnabledRule[] = enabledRules(input.rules);

parentPort?.on('message', (batch: FileJob[] | null) => {
  if (batch === null) {
    parentPort?.close();
    return;
  }
  const outcomes = batch.map((job) => {
    try {
      return { ok: true as const, outcome: processFile(job, rules, input.maxBytes) };
    } catch (error) {
      return { ok: false as const, relative: job.relative, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  });
  parentPort?.postMessage(outcomes);
});
