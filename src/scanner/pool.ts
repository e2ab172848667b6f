// Runs file jobs on the main thread or on a pool of worker threads. Work is handed out in small
// batches from one queue, so a slow file does not hold up a whole share. On two cores or fewer a
// single thread is as fast (V8's compiler and GC already use the second core), so that is the default.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EnabledRule } from './engine.js';
import type { FileJob, FileOutcome } from './process-file.js';
import type { RuleSpec } from './rule-config.js';

const BATCH = 8;
/** Below this many files to parse, starting workers (each loads the TypeScript parser) costs more than it saves. */
const MIN_FILES_PER_WORKER = 150;

export type JobResult = { ok: true; outcome: FileOutcome } | { ok: false; relative: string; message: string };

/** Worker count for `--jobs 0` (auto): one thread on <= 2 cores, else cores - 1, at most 8. */
export function defaultJobs(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores <= 2 ? 1 : Math.min(cores - 1, 8);
}

export function effectiveJobs(requested: number, files: number): number {
  const jobs = requested > 0 ? requested : defaultJobs();
  return Math.max(1, Math.min(jobs, Math.floor(files / MIN_FILES_PER_WORKER) || 1));
}

export async function runJobs(
  jobs: FileJob[],
  specs: RuleSpec[],
  maxBytes: number,
  threads: number,
  onResult: (result: JobResult) => void,
): Promise<void> {
  if (jobs.length === 0) return;
  if (threads <= 1) {
    const { processFile } = await import('./process-file.js');
    const { enabledRules } = await import('./rule-config.js');
    const rules: EnabledRule[] = enabledRules(specs);
    for (const job of jobs) {
      try {
        onResult({ ok: true, outcome: processFile(job, rules, maxBytes) });
      } catch (error) {
        onResult({ ok: false, relative: job.relative, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    return;
  }
  let next = 0;
  const workerUrl = new URL('./worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerUrl, { workerData: { rules: specs, maxBytes } });
        const send = (): void => {
          if (next >= jobs.length) {
            worker.postMessage(null);
            return;
          }
          const batch = jobs.slice(next, next + BATCH);
          next += BATCH;
          worker.postMessage(batch);
        };
        worker.on('message', (results: JobResult[]) => {
          for (const result of results) onResult(result);
          send();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scan worker exited with code ${code}`))));
        send();
      }),
    ),
  );
}
