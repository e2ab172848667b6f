// Reads, checks and scans one file: the unit of work of the main thread and of each worker.
// Oversized and unreadable files become findings, minified and binary files are skipped.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Finding } from '../models/finding.js';
import type { FileFacts } from './analysis/file-facts.js';
import { scanSource, type EnabledRule } from './engine.js';
import { engineFinding } from './finding-builder.js';
import { skipReason, type SkipReason } from './walk.js';

export interface FileJob {
  absolute: string;
  relative: string;
}

export interface FileOutcome {
  relative: string;
  size: number;
  mtimeMs: number;
  /** sha1 of the bytes; empty when the file could not be read. */
  hash: string;
  findings: Finding[];
  suppressed: number;
  facts: FileFacts;
  skipped?: SkipReason;
}

const NO_FACTS: FileFacts = { imports: [], hasExports: false, onlyReExports: false };

export function processFile(job: FileJob, rules: readonly EnabledRule[], maxBytes: number): FileOutcome {
  let stat: fs.Stats;
  let bytes: Buffer;
  try {
    stat = fs.statSync(job.absolute);
    if (stat.size > maxBytes) {
      const finding = engineFinding(job.relative, '', 'file-too-large');
      finding.description = `${finding.description} (${Math.round(stat.size / 1024)} KB)`;
      return { relative: job.relative, size: stat.size, mtimeMs: stat.mtimeMs, hash: '', findings: [finding], suppressed: 0, facts: NO_FACTS };
    }
    bytes = fs.readFileSync(job.absolute);
  } catch (error) {
    const finding = engineFinding(job.relative, '', 'unreadable-file');
    finding.description = `${finding.description} (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { relative: job.relative, size: 0, mtimeMs: 0, hash: '', findings: [finding], suppressed: 0, facts: NO_FACTS };
  }
  const hash = createHash('sha1').update(bytes).digest('hex');
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const skipped = skipReason(job.relative, text);
  if (skipped) {
    return { relative: job.relative, size: stat.size, mtimeMs: stat.mtimeMs, hash, findings: [], suppressed: 0, facts: NO_FACTS, skipped };
  }
  const result = scanSource(job.relative, text, rules);
  return { relative: job.relative, size: stat.size, mtimeMs: stat.mtimeMs, hash, ...result };
}
