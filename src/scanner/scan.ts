// The scanner agent's main job: walk the targets, reuse cached results where the files are
// unchanged, scan the rest (on worker threads where that helps), run the project-level rules,
// then apply configuration, filters and the baseline. Returns data; rendering is the CLI's.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Config } from '../core/config.js';
import { AutonomousError, describeError } from '../core/errors.js';
import { timestampId } from '../core/ids.js';
import { log } from '../core/logger.js';
import { StateStore, writeFileAtomic } from '../core/state-store.js';
import { type Category, type Finding, type ScanReport, type Severity, isAtLeast, severityRank } from '../models/finding.js';
import type { FileFacts } from './analysis/file-facts.js';
import { readBaseline, subtractBaseline, writeBaseline } from './baseline.js';
import { type RuleConstants, ScanCache } from './cache.js';
import { effectiveJobs, runJobs } from './pool.js';
import type { FileJob } from './process-file.js';
import { outsideTestFiles, runProjectRules } from './project-phase.js';
import { allRuleMetas, planRules, type RulePlan } from './rule-config.js';
import { clearRunMemo, type FileStat, type RunMemo, readRunMemo, sameStats, statFiles, writeRunMemo } from './run-memo.js';
import { type SkipReason, walkTargets } from './walk.js';

export interface ScanOptions {
  root: string;
  targets: string[];
  config: Config;
  toolVersion: string;
  categories?: Category[];
  minSeverity?: Severity;
  rules?: string[];
  /** Rules to run even when they are off by default. */
  enableRules?: string[];
  /** Lower confidence threshold (`--strict`). */
  strict?: boolean;
  minConfidence?: number;
  baselineFile?: string;
  updateBaseline?: boolean;
  useCache?: boolean;
  jobs?: number;
  /** Save the report under `.autonomous/` for later commands (default true). */
  save?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanStats {
  files: number;
  parsed: number;
  cacheHits: number;
  skipped: Record<SkipReason, number>;
  threads: number;
  durationMs: number;
}

export interface ScanOutcome {
  report: ScanReport;
  /** The report as compact JSON, as saved under `.autonomous/` (reused by the JSON output). */
  reportJson: string;
  stats: ScanStats;
  /** Findings hidden by the `--category`/`--severity`/`--rule`/confidence filters. */
  filteredOut: number;
  /** Reported findings by severity (known without parsing the findings of a reused run). */
  counts: Partial<Record<Severity, number>>;
  /** Things that did not stop the scan but that the person should know (one line each). */
  warnings: string[];
}

/** `--strict` looks at findings the rules are less sure of. */
const STRICT_MIN_CONFIDENCE = 0.2;

export async function scanProject(options: ScanOptions): Promise<ScanOutcome> {
  const started = performance.now();
  const { config, root } = options;
  const plan = planRules(config, { rules: options.rules, categories: options.categories, enable: options.enableRules }, options.toolVersion);
  const files = walkTargets({
    root,
    targets: options.targets,
    include: config.include,
    exclude: config.exclude,
    skipBuildOutput: config.scan.skipBuildOutput,
  });
  const store = new StateStore(root);
  const useCache = (options.useCache ?? true) && config.scan.cache;
  const coversRoot = options.targets.some((t) => path.resolve(t) === root);
  const memoDir = store.path('cache');
  let fileStats: FileStat[] | undefined;
  // Test files outside the targets: project rules read them, and the run memo depends on them.
  // Walked once here for both.
  const outsideTests = !coversRoot && plan.projectRules.length > 0 ? outsideTestFiles(root, config.exclude) : [];
  let testStats: FileStat[] = [];
  let argsKey = '';
  if (useCache) {
    fileStats = statFiles(root, files.map((f) => f.relative));
    testStats = statFiles(root, outsideTests);
    argsKey = runArgsKey(options, plan);
    const previous = options.updateBaseline ? undefined : readRunMemo(memoDir);
    if (
      previous &&
      previous.memo.cacheKey === plan.cacheKey &&
      previous.memo.argsKey === argsKey &&
      sameStats(previous.memo.files, fileStats) &&
      sameStats(previous.memo.testFiles, testStats)
    ) {
      log().debug({ files: files.length, ms: Math.round(performance.now() - started) }, 'scan: unchanged tree, reusing the last run');
      return outcomeFromMemo(options, store, files.length, previous.memo, previous.findingsJson, started);
    }
  }
  const cache = useCache ? ScanCache.open(memoDir, plan.cacheKey, ruleConstants()) : undefined;

  const perFile = new Map<string, { hash: string; findings: Finding[]; suppressed: number; facts: FileFacts; skipped?: SkipReason }>();
  const toScan: FileJob[] = [];
  files.forEach((file, index) => {
    const stat = fileStats?.[index];
    if (cache && stat && stat[1] !== -1) {
      const entry = cache.lookupByStat(file.relative, stat[1], stat[2]);
      if (entry) {
        perFile.set(file.relative, entry);
        return;
      }
    }
    toScan.push(file);
  });

  const threads = effectiveJobs(options.jobs ?? config.scan.jobs, toScan.length);
  log().debug(
    { files: files.length, cached: files.length - toScan.length, toScan: toScan.length, threads, rules: plan.fileRules.length, ms: Math.round(performance.now() - started) },
    'scan: files walked and cache consulted',
  );
  let done = files.length - toScan.length;
  options.onProgress?.(done, files.length);
  let parsed = 0;
  await runJobs(toScan, plan.fileRules, config.scan.maxFileSizeKb * 1024, threads, (result) => {
    done++;
    options.onProgress?.(done, files.length);
    if (!result.ok) {
      throw new AutonomousError('E_INTERNAL', `scanning ${result.relative} failed: ${result.message.split('\n')[0]}`, {
        hint: 'This is a bug in autonomous; please report it with the file if you can share it.',
      });
    }
    const outcome = result.outcome;
    const reused = cache && outcome.hash !== '' ? cache.lookupByHash(outcome.relative, outcome.hash) : undefined;
    if (reused && cache) {
      cache.touch(outcome.relative, outcome.size, outcome.mtimeMs);
      perFile.set(outcome.relative, reused);
      return;
    }
    if (!outcome.skipped) parsed++;
    perFile.set(outcome.relative, outcome);
    cache?.store(outcome);
  });

  const skipped: Record<SkipReason, number> = { minified: 0, binary: 0 };
  const facts = new Map<string, FileFacts>();
  const hashes = new Map<string, string>();
  let findings: Finding[] = [];
  let suppressed = 0;
  for (const file of files) {
    const entry = perFile.get(file.relative);
    if (!entry) continue;
    if (entry.skipped) {
      skipped[entry.skipped]++;
      continue;
    }
    facts.set(file.relative, entry.facts);
    hashes.set(file.relative, entry.hash);
    suppressed += entry.suppressed;
    for (const finding of entry.findings) findings.push(finding);
  }
  const project = runProjectRules({
    root,
    files: facts,
    hashes,
    stored: cache?.project,
    rules: plan.projectRules,
    coversRoot,
    exclude: config.exclude,
    outsideTests,
  });
  findings = findings.concat(project.findings);
  if (cache) cache.project = { signature: project.signature, findings: project.findings };

  if (cache) {
    if (coversRoot) {
      const present = new Set(files.map((f) => f.relative));
      cache.prune((relative) => present.has(relative));
    }
    try {
      cache.save();
    } catch {
      // a cache that cannot be written only costs time next run
    }
  }

  // Configuration: severity overrides.
  if (plan.severity.size > 0) {
    findings = findings.map((f) => {
      const severity = plan.severity.get(f.rule_id);
      return severity && severity !== f.severity ? { ...f, severity } : f;
    });
  }
  // Filters narrow what is reported.
  const minConfidence = options.minConfidence ?? (options.strict ? Math.min(STRICT_MIN_CONFIDENCE, config.scan.minConfidence) : config.scan.minConfidence);
  const before = findings.length;
  findings = findings.filter(
    (f) =>
      f.confidence >= minConfidence &&
      (!options.minSeverity || isAtLeast(f.severity, options.minSeverity)) &&
      (!options.categories || options.categories.length === 0 || options.categories.includes(f.category)) &&
      (!options.rules || options.rules.length === 0 || options.rules.includes(f.rule_id)),
  );
  const filteredOut = before - findings.length;
  findings.sort(compareFindings);

  let baselineMatched = 0;
  if (options.baselineFile) {
    if (options.updateBaseline) {
      writeBaseline(options.baselineFile, findings);
      baselineMatched = findings.length;
      findings = [];
    } else {
      const { fresh, matched } = subtractBaseline(findings, readBaseline(options.baselineFile));
      findings = fresh;
      baselineMatched = matched;
    }
  }

  const durationMs = performance.now() - started;
  log().debug(
    { parsed, findings: findings.length, suppressed, filteredOut, baselineMatched, projectReused: project.reused, ms: Math.round(durationMs) },
    'scan: done',
  );
  const head = reportHead(options, files.length, durationMs);
  const report: ScanReport = { ...head, findings, suppressed, baseline_matched: baselineMatched };
  const findingsJson = JSON.stringify(findings);
  const reportJson = composeReportJson(head, findingsJson, suppressed, baselineMatched);
  const warnings = options.save ?? true ? saveReport(store, reportJson) : [];
  const counts = countBySeverity(findings);
  if (useCache && fileStats) {
    if (options.updateBaseline) clearRunMemo(memoDir);
    else {
      writeRunMemo(
        memoDir,
        { cacheKey: plan.cacheKey, argsKey, files: fileStats, testFiles: testStats, counts, total: findings.length, suppressed, baselineMatched, filteredOut, skipped },
        findingsJson,
      );
    }
  }
  return {
    report,
    reportJson,
    stats: { files: files.length, parsed, cacheHits: cache?.hits ?? 0, skipped, threads, durationMs },
    filteredOut,
    counts,
    warnings,
  };
}

type ReportHead = Omit<ScanReport, 'findings' | 'suppressed' | 'baseline_matched'>;

function reportHead(options: ScanOptions, filesScanned: number, durationMs: number): ReportHead {
  return {
    scan_id: timestampId('scan'),
    created_at: new Date().toISOString(),
    root: options.root,
    targets: options.targets.map((t) => path.relative(options.root, path.resolve(t)) || '.'),
    files_scanned: filesScanned,
    duration_ms: Math.round(durationMs),
  };
}

/** The report's JSON from its parts, so that findings serialised once can be reused as text. */
function composeReportJson(head: ReportHead, findingsJson: string, suppressed: number, baselineMatched: number): string {
  return `${JSON.stringify(head).slice(0, -1)},"findings":${findingsJson},"suppressed":${suppressed},"baseline_matched":${baselineMatched}}`;
}

/** Everything besides the rule set and the files that decides what a scan reports. */
function runArgsKey(options: ScanOptions, plan: RulePlan): string {
  const { config } = options;
  let baseline: string | null = null;
  if (options.baselineFile) {
    try {
      baseline = createHash('sha1').update(fs.readFileSync(options.baselineFile)).digest('hex');
    } catch {
      baseline = 'unreadable';
    }
  }
  return createHash('sha1')
    .update(
      JSON.stringify({
        root: options.root,
        targets: options.targets.map((t) => path.resolve(t)),
        categories: options.categories ?? null,
        minSeverity: options.minSeverity ?? null,
        rules: options.rules ?? null,
        strict: options.strict ?? false,
        minConfidence: options.minConfidence ?? config.scan.minConfidence,
        severity: [...plan.severity],
        project: plan.projectRules,
        include: config.include,
        exclude: config.exclude,
        maxFileSizeKb: config.scan.maxFileSizeKb,
        skipBuildOutput: config.scan.skipBuildOutput,
        baselineFile: options.baselineFile ?? null,
        baseline,
      }),
    )
    .digest('hex');
}

function outcomeFromMemo(options: ScanOptions, store: StateStore, filesScanned: number, memo: RunMemo, findingsJson: string, started: number): ScanOutcome {
  const durationMs = performance.now() - started;
  const head = reportHead(options, filesScanned, durationMs);
  let parsed: Finding[] | undefined;
  const report = {
    ...head,
    // Parsed only when a renderer needs the objects (text, SARIF); JSON output reuses the text.
    get findings(): Finding[] {
      parsed ??= JSON.parse(findingsJson) as Finding[];
      return parsed;
    },
    suppressed: memo.suppressed,
    baseline_matched: memo.baselineMatched,
  } as ScanReport;
  const reportJson = composeReportJson(head, findingsJson, memo.suppressed, memo.baselineMatched);
  const warnings = options.save ?? true ? saveReport(store, reportJson) : [];
  return {
    report,
    reportJson,
    stats: { files: filesScanned, parsed: 0, cacheHits: filesScanned, skipped: memo.skipped, threads: 0, durationMs },
    filteredOut: memo.filteredOut,
    counts: memo.counts,
    warnings,
  };
}

function countBySeverity(findings: readonly Finding[]): Partial<Record<Severity, number>> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/**
 * Saves the report for later commands. A project folder that cannot be written (a read-only
 * checkout) does not stop the scan: the report is still printed, with a warning.
 */
function saveReport(store: StateStore, reportJson: string): string[] {
  try {
    store.ensure();
    // Compact JSON: the report of a large project can hold tens of thousands of findings.
    writeFileAtomic(store.path('scans', 'last.json'), reportJson, { durable: false });
    return [];
  } catch (error) {
    return [`cannot save the scan under ${store.dir} (${describeError(error)}); later commands will not find its finding ids`];
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file_path !== b.file_path) return a.file_path < b.file_path ? -1 : 1;
  if (a.line_number !== b.line_number) return a.line_number - b.line_number;
  if (a.column !== b.column) return a.column - b.column;
  if (a.severity !== b.severity) return severityRank[b.severity] - severityRank[a.severity];
  return a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : 0;
}

/** The saved report of the last scan, for commands that refer to finding ids. */
export function lastScanPath(root: string): string {
  return new StateStore(root).path('scans', 'last.json');
}

function ruleConstants(): Map<string, RuleConstants> {
  return new Map(allRuleMetas().map((m) => [m.id, { recommendation: m.recommendation, category: m.category, cwe: m.cwe ?? [] }]));
}
