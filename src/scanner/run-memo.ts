// The run memo: the result of the last scan with its arguments and the size and mtime of every
// file it saw. When the same scan runs again over a tree where no file was added, removed or
// touched, its findings are taken as they were, without reading the per-file cache or any source.
// The findings are kept as JSON text in a file of their own, so that a repeated scan with JSON
// output never parses or re-serialises them.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/state-store.js';
import type { Severity } from '../models/finding.js';
import type { SkipReason } from './walk.js';

const MEMO_VERSION = 1;

/** [root-relative path, size, mtimeMs]; size -1 when the file could not be stat'ed. */
export type FileStat = [string, number, number];

export interface RunMemo {
  version: number;
  cacheKey: string;
  argsKey: string;
  files: FileStat[];
  /** Test files outside the targets, with their stats (project rules read them). */
  testFiles: FileStat[];
  counts: Partial<Record<Severity, number>>;
  total: number;
  suppressed: number;
  baselineMatched: number;
  filteredOut: number;
  skipped: Record<SkipReason, number>;
}

const MEMO_FILE = 'last-run.json';
const FINDINGS_FILE = 'last-run.findings.json';

export function statFiles(root: string, relatives: readonly string[]): FileStat[] {
  return relatives.map((relative) => {
    try {
      const stat = fs.statSync(path.join(root, relative));
      return [relative, stat.size, stat.mtimeMs];
    } catch {
      return [relative, -1, 0];
    }
  });
}

export function sameStats(a: readonly FileStat[], b: readonly FileStat[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x[0] !== y[0] || x[1] !== y[1] || x[2] !== y[2] || x[1] === -1) return false;
  }
  return true;
}

/** The memo and its findings JSON, or undefined when there is none or it is damaged. */
export function readRunMemo(dir: string): { memo: RunMemo; findingsJson: string } | undefined {
  try {
    const memo = JSON.parse(fs.readFileSync(path.join(dir, MEMO_FILE), 'utf8')) as RunMemo;
    if (memo.version !== MEMO_VERSION || !Array.isArray(memo.files)) return undefined;
    const findingsJson = fs.readFileSync(path.join(dir, FINDINGS_FILE), 'utf8');
    // Cheap sanity check: an array, and as many entries as the memo says (ids are unique keys).
    if (!findingsJson.startsWith('[') || !findingsJson.endsWith(']')) return undefined;
    if (countOccurrences(findingsJson, '"finding_id":') !== memo.total) return undefined;
    return { memo, findingsJson };
  } catch {
    return undefined;
  }
}

export function writeRunMemo(dir: string, memo: Omit<RunMemo, 'version'>, findingsJson: string): void {
  try {
    // Findings first: a memo is only trusted together with a findings file of the same count.
    writeFileAtomic(path.join(dir, FINDINGS_FILE), findingsJson, { durable: false });
    writeFileAtomic(path.join(dir, MEMO_FILE), JSON.stringify({ version: MEMO_VERSION, ...memo }), { durable: false });
  } catch {
    // only costs time next run
  }
}

export function clearRunMemo(dir: string): void {
  fs.rmSync(path.join(dir, MEMO_FILE), { force: true });
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
