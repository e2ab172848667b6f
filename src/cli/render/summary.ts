// The one-line summary of a scan: counts by severity, files, suppressed, baseline, time, cache.
import type { ChalkInstance } from 'chalk';
import type { ScanReport, Severity } from '../../models/finding.js';
import { SEVERITIES } from '../../models/finding.js';
import type { ScanStats } from '../../scanner/scan.js';

export interface SummaryOptions {
  chalk: ChalkInstance;
  /** Counts by severity when known; otherwise counted from the report's findings. */
  counts?: Partial<Record<Severity, number>>;
  stats?: ScanStats;
  filteredOut?: number;
}

export function summaryLine(report: ScanReport, options: SummaryOptions): string {
  const { chalk } = options;
  const counts = new Map<Severity, number>();
  if (options.counts) {
    for (const s of SEVERITIES) if (options.counts[s]) counts.set(s, options.counts[s]);
  } else {
    for (const f of report.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  }
  const parts = SEVERITIES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const head =
    total === 0
      ? chalk.green(`✔ No findings in ${plural(report.files_scanned, 'file')}`)
      : chalk.bold(`✖ ${plural(total, 'finding')} (${parts.join(', ')}) in ${plural(report.files_scanned, 'file')}`);
  const extras: string[] = [];
  if (report.suppressed > 0) extras.push(`${report.suppressed} suppressed`);
  if (report.baseline_matched > 0) extras.push(`${report.baseline_matched} in baseline`);
  if (options.filteredOut) extras.push(`${options.filteredOut} filtered out`);
  if (options.stats) {
    const s = options.stats;
    const skipped = s.skipped.minified + s.skipped.binary;
    if (skipped > 0) extras.push(`${skipped} minified/binary skipped`);
    extras.push(`${(s.durationMs / 1000).toFixed(2)}s`);
    if (s.cacheHits > 0) extras.push(`${s.cacheHits}/${s.files} from cache`);
  }
  return extras.length > 0 ? `${head} ${chalk.dim(`· ${extras.join(' · ')}`)}` : head;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
