// `autonomous scan [targets...]`: parses flags, runs the scanner, renders the report, and
// turns `--fail-on` into the exit code.
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/state-store.js';
import { isAtLeast, SEVERITIES, type Severity } from '../../models/finding.js';
import { allRuleMetas } from '../../scanner/rule-config.js';
import { scanProject } from '../../scanner/scan.js';
import { collect, parseCategories, parseFraction, parseInteger, parseSeverity } from '../options.js';
import { summaryLine } from '../render/summary.js';
import { colorEnabled, interactive, makeChalk } from '../terminal.js';
import { toolVersion } from '../version.js';
import type { GlobalOptions } from '../main.js';

interface ScanFlags {
  category?: string[];
  severity?: string;
  rule?: string[];
  strict?: boolean;
  minConfidence?: string;
  failOn?: string;
  format: string;
  output?: string;
  baseline?: string;
  updateBaseline?: boolean;
  cache: boolean;
  jobs?: string;
  frames: boolean;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export function registerScan(program: Command, globals: () => GlobalOptions, root: () => string): void {
  program
    .command('scan')
    .description('Scan files or folders for security, reliability, quality, performance and design problems.')
    .argument('[targets...]', 'files or folders to scan', ['.'])
    .option('-c, --category <list>', 'only report these categories (comma-separated: security, error_handling, quality, performance, completeness, architecture)', collect)
    .option('-s, --severity <level>', 'only report findings at or above this severity (critical, high, medium, low, info)')
    .option('-r, --rule <ids>', 'only report these rule ids (comma-separated, repeatable)', collect)
    .option('--strict', 'also report findings the rules are less sure of (confidence >= 0.2)')
    .option('--min-confidence <n>', 'report findings with at least this confidence (0-1; default from config, 0.5)')
    .option('--fail-on <level>', 'exit 1 when a reported finding is at or above this severity')
    .option('-f, --format <format>', 'output format: text, json or sarif', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--baseline <file>', 'report only findings that are not in this baseline file')
    .option('--update-baseline', 'write the current findings to the --baseline file and report nothing as new')
    .option('--no-cache', 'scan every file again, ignoring and not updating .autonomous/cache')
    .option('-j, --jobs <n>', 'worker threads (default: 1 on 2 cores or fewer, else cores - 1)')
    .option('--no-frames', 'text format: leave out the code frames')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or configuration error, 3 failure.

Examples:
  autonomous scan src/
  autonomous scan . --category security --strict
  autonomous scan src --severity high --fail-on high
  autonomous scan --format sarif --output results.sarif
  autonomous scan --baseline .autonomous-baseline.json --update-baseline`,
    )
    .action(async (targets: string[], flags: ScanFlags) => {
      process.exitCode = await runScanCommand(targets, flags, globals(), root());
    });
}

async function runScanCommand(targets: string[], flags: ScanFlags, globals: GlobalOptions, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected one of ${FORMATS.join(', ')}`);
  }
  if (flags.updateBaseline && !flags.baseline) {
    throw new AutonomousError('E_USAGE', '--update-baseline needs --baseline <file> to know where to write');
  }
  const minSeverity = flags.severity ? parseSeverity('--severity', flags.severity) : undefined;
  const failOn: Severity | undefined = flags.failOn ? parseSeverity('--fail-on', flags.failOn) : undefined;
  const categories = flags.category ? flags.category.flatMap((c) => parseCategories('--category', c)) : undefined;
  const jobs = flags.jobs !== undefined ? parseInteger('--jobs', flags.jobs, 0, 64) : undefined;
  const minConfidence = flags.minConfidence !== undefined ? parseFraction('--min-confidence', flags.minConfidence) : undefined;
  const { config } = loadConfig(root, globals.config);

  // Renderers and the spinner are loaded only when used: a warm re-scan is mostly start-up time.
  const spinner =
    format === 'text' && !flags.output && interactive(process.stderr)
      ? (await import('ora')).default({ text: 'Scanning…', stream: process.stderr }).start()
      : undefined;
  let lastUpdate = 0;
  let outcome;
  try {
    outcome = await scanProject({
      root,
      targets,
      config,
      toolVersion: toolVersion(),
      categories,
      minSeverity,
      rules: flags.rule,
      strict: flags.strict,
      minConfidence,
      baselineFile: flags.baseline ? path.resolve(flags.baseline) : undefined,
      updateBaseline: flags.updateBaseline,
      useCache: flags.cache,
      jobs,
      onProgress: spinner
        ? (done, total) => {
            const now = Date.now();
            if (now - lastUpdate > 80 || done === total) {
              lastUpdate = now;
              spinner.text = `Scanning… ${done}/${total} files`;
            }
          }
        : undefined,
    });
  } finally {
    spinner?.stop();
  }
  const { report, reportJson, stats, filteredOut, counts, warnings } = outcome;
  for (const warning of warnings) process.stderr.write(`autonomous: warning: ${warning}\n`);
  (await import('../../audit/events.js')).recordScanCompleted(root, 'scan', report);

  let text: string;
  if (format === 'json') {
    // The JSON format is the saved report itself: serialised once.
    text = `${reportJson}\n`;
  } else if (format === 'sarif') {
    const { renderSarif } = await import('../render/sarif.js');
    const sarif = renderSarif(report, allRuleMetas(), toolVersion());
    if (sarif.dropped > 0) {
      process.stderr.write(`autonomous: SARIF output left out ${sarif.dropped} lower-severity results (limit 25,000 per run)\n`);
    }
    text = sarif.text;
  } else {
    const color = !flags.output && colorEnabled(process.stdout);
    const { renderText } = await import('../render/text.js');
    text = renderText(report, { chalk: makeChalk(color), color, frames: flags.frames, stats, filteredOut });
  }
  if (flags.output) {
    writeFileAtomic(path.resolve(flags.output), text);
    if (format !== 'text' || process.stderr.isTTY) {
      const color = colorEnabled(process.stderr);
      process.stderr.write(`${summaryLine(report, { chalk: makeChalk(color), stats, filteredOut, counts })}\n`);
      process.stderr.write(`Report written to ${flags.output}\n`);
    }
  } else {
    process.stdout.write(text);
  }
  if (flags.updateBaseline) {
    process.stderr.write(`Baseline written to ${flags.baseline} (${report.baseline_matched} findings)\n`);
    return ExitCode.ok;
  }
  if (failOn && SEVERITIES.some((s) => isAtLeast(s, failOn) && (counts[s] ?? 0) > 0)) return ExitCode.findings;
  return ExitCode.ok;
}
