// Text output for people: findings grouped by file, each with its severity, rule, message and a
// code frame, then a one-line summary. Colour only when the caller enables it.
import fs from 'node:fs';
import path from 'node:path';
import { codeFrameColumns } from '@babel/code-frame';
import type { ChalkInstance } from 'chalk';
import type { Finding, ScanReport, Severity } from '../../models/finding.js';
import type { ScanStats } from '../../scanner/scan.js';
import { allRuleMetas } from '../../scanner/rule-config.js';
import { summaryLine } from './summary.js';

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
    const raw = options.frames === false ? undefined : readSource(path.join(report.root, file));
    const source = raw === undefined ? undefined : maskRedacted(raw, findings);
    for (const f of findings) {
      const where = chalk.dim(`${f.line_number}:${f.column}`.padEnd(8));
      const severity = paint[f.severity](f.severity.padEnd(8));
      const owasp = owaspOf(f);
      lines.push(`  ${where} ${severity} ${f.description} ${chalk.dim(`${f.rule_id} · ${f.finding_id} · confidence ${f.confidence}${owasp ? ` · OWASP ${owasp}` : ''}`)}`);
      for (const step of flowLines(f)) lines.push(`    ${chalk.dim('flow:')} ${step}`);
      if (f.metadata.redacted === true) {
        // Never print a secret: show the masked snippet, not the source line.
        lines.push(indent(`> ${f.line_number} | ${f.code_snippet}`, 4));
      } else if (source !== undefined) {
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

/** "4:16 req.query.file" per step of a taint finding's metadata.flow, source first. */
function flowLines(finding: Finding): string[] {
  const flow = finding.metadata.flow;
  if (!Array.isArray(flow)) return [];
  return flow.flatMap((step: unknown) => {
    if (typeof step !== 'object' || step === null) return [];
    const { line, column, text } = step as Record<string, unknown>;
    return typeof line === 'number' && typeof text === 'string' ? [`${line}:${typeof column === 'number' ? column : 1} ${text}`] : [];
  });
}

/** The OWASP Top 10 categories of a security finding's rule, as "A03:2021". */
function owaspOf(finding: Finding): string | undefined {
  if (finding.category !== 'security') return undefined;
  const ids = owaspByRule().get(finding.rule_id);
  return ids && ids.length > 0 ? ids.join(', ') : undefined;
}

let owaspCache: Map<string, string[]> | undefined;
function owaspByRule(): Map<string, string[]> {
  owaspCache ??= new Map(allRuleMetas().map((m) => [m.id, (m.owasp ?? []).map((o) => o.split('-')[0]!)]));
  return owaspCache;
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/** Blanks out the text of redacted findings (secrets) so no code frame of the file shows them. */
export function maskRedacted(source: string, findings: readonly Finding[]): string {
  const redacted = findings.filter((f) => f.metadata.redacted === true);
  if (redacted.length === 0) return source;
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const chars = source.split('');
  for (const f of redacted) {
    const start = (lineStarts[f.line_number - 1] ?? 0) + f.column - 1;
    const end = (lineStarts[f.end_line - 1] ?? 0) + f.end_column - 1;
    for (let i = start; i < end && i < chars.length; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = '*';
  }
  return chars.join('');
}

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
