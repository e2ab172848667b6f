// Text output for people: findings grouped by file, each with its severity, rule, message and a
// code frame, then a one-line summary. Colour only when the caller enables it.
import fs from 'node:fs';
import path from 'node:path';
import { codeFrameColumns } from '@babel/code-frame';
import type { ChalkInstance } from 'chalk';
import type { Finding, ScanReport, Severity } from '../../models/finding.js';
import { SEVERITIES } from '../../models/finding.js';
import type { ScanStats } from '../../scanner/scan.js';

export interface TextOptions {
  chalk: ChalkInstance;
  color: boolean;
  /** Show code frames (default true). */
  frames?: boolean;
  stats?: ScanStats;
  filteredOut?: number;
}

export function renderText(report: ScanReport, options: TextOptions): string {
  const { chalk } = options;
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => chalk.bgRed.white.bold(s),
    high: (s) => chalk.red.bold(s),
    medium: (s) => chalk.yellow(s),
    low: (s) => chalk.cyan(s),
    info: (s) => chalk.gray(s),
  };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file_path);
    if (list) list.push(finding);
    else byFile.set(finding.file_path, [finding]);
  }
  for (const [file, findings] of byFile) {
    lines.push(chalk.underline(file));
    const source = options.frames === false ? undefined : readSource(path.join(report.root, file));
    for (const f of findings) {
      const where = chalk.dim(`${f.line_number}:${f.column}`.padEnd(8));
      const severity = paint[f.severity](f.severity.padEnd(8));
      lines.push(`  ${where} ${severity} ${f.description} ${chalk.dim(`${f.rule_id} · ${f.finding_id} · confidence ${f.confidence}`)}`);
      if (source !== undefined) {
        const frame = codeFrameColumns(
          source,
          {
            start: { line: f.line_number, column: f.column },
            end: f.end_line === f.line_number ? { line: f.end_line, column: f.end_column } : { line: f.line_number },
          },
          { highlightCode: options.color, forceColor: options.color, linesAbove: 1, linesBelow: 1 },
        );
        lines.push(indent(frame, 4));
      }
    }
    lines.push('');
  }
  lines.push(summaryLine(report, options));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: ScanReport, options: Pick<TextOptions, 'chalk' | 'stats' | 'filteredOut'>): string {
  const { chalk } = options;
  const counts = new Map<Severity, number>();
  for (const f of report.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = SEVERITIES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  const total = report.findings.length;
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

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
