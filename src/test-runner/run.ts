// Runs the project's tests once: spawns the planned command in its own process group, streams its
// output to a log under `.autonomous/test-runs/`, reads per-test results (TAP line by line from
// stdout, or the JSON report file), and kills the whole process tree on timeout so a hanging test
// never hangs us.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { AutonomousError, describeError } from '../core/errors.js';
import { StateStore } from '../core/state-store.js';
import type { TestFailure, TestRecord, TestResult } from '../models/test-result.js';
import { COVERAGE_HINT, meetsCoverageThreshold, readCoverageReport } from './coverage.js';
import { planTestCommand, readProjectFacts, type ReportSource, type TestCommandPlan } from './detect.js';
import { passedAlone, planReruns } from './flaky.js';
import { planLinters, readLinterFacts, runLinters } from './linters.js';
import { parseJunitXml, pytestFileOfClassname } from './junit.js';
import { pruneTestRuns } from './log-pruning.js';
import { TapParser, parseJestJson, parseMochaJson } from './parsers.js';
import { addSuspects } from './suspects.js';
import { SUITE_ID, compareRuns, failingTests, recommend, type RegressionReport, type RunOutcome } from './regressions.js';

export const DEFAULT_TEST_TIMEOUT_MS = 10 * 60 * 1000;
export const TEST_RUNS_DIR = 'test-runs';

/** A line longer than this is cut; a stream without newlines must not grow without bound. */
const MAX_LINE_CHARS = 64 * 1024;

export interface RunTestsOptions {
  /** Project root; the command runs here. */
  root: string;
  timeoutMs?: number;
  /** `test.command` from configuration: an argument array that wins over detection. */
  command?: string[] | undefined;
  /** The outcome of the run before the change; without it nothing counts as a regression. */
  baseline?: RunOutcome | undefined;
  /** Minimum line coverage in percent; below it the run needs a fix, and without a coverage report it is an error. */
  coverageThreshold?: number | undefined;
  /** Also run tsc, eslint and prettier where the project configures and installs them. */
  lint?: boolean | undefined;
  /** Where to look for those tools instead of the project's node_modules/.bin. */
  linterBinDir?: string | undefined;
  /**
   * The files of the change being tested (relative to root): each new failure (every failure when
   * there is no baseline) gets the ones it points at as `suspects`.
   */
  changedFiles?: readonly string[] | undefined;
  /** The project whose `.autonomous/test-runs/` receives the log, when the tests run elsewhere (a baseline worktree). */
  logRoot?: string | undefined;
  /** Added to the log's name, e.g. a stage name. */
  label?: string | undefined;
}

export interface TestRun {
  result: TestResult;
  /** Keep this to pass as `baseline` to the run after a change. */
  outcome: RunOutcome;
  plan: TestCommandPlan;
}

export async function runTests(options: RunTestsOptions): Promise<TestRun> {
  const root = path.resolve(options.root);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  const logRoot = path.resolve(options.logRoot ?? root);
  const store = new StateStore(logRoot);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runsDir = store.path(TEST_RUNS_DIR);
  const logFile = path.join(runsDir, options.label === undefined ? `${stamp}.log` : `${stamp}.${options.label}.log`);
  const reportFile = path.join(runsDir, `${stamp}.json`);

  const plan = planTestCommand(readProjectFacts(root), { reportFile, override: options.command });
  store.ensure();
  fs.mkdirSync(runsDir, { recursive: true });

  const started = Date.now();
  const execution = await executeWithTimeout(plan, root, logFile, timeoutMs);
  const duration_ms = Date.now() - started;

  let records = readRecords(execution, plan.report, logFile, root);
  if (execution.timedOut) {
    // The hang itself is a failure of the suite, compared like any other with the baseline.
    records = [...(records ?? []), { id: SUITE_ID, status: 'failed', message: `timed out after ${Math.round(timeoutMs / 1000)} s; the process tree was killed` }];
  }
  const outcome: RunOutcome =
    records === undefined ? { kind: 'exit-code', exitCode: execution.exitCode } : { kind: 'tests', records, exitCode: execution.exitCode };

  const failing = failingTests(outcome);
  let comparison = compareRuns(options.baseline, outcome);
  const flaky = records === undefined || execution.timedOut ? [] : await findFlakyTests(plan, records, comparison.new_failures, { root, runsDir, stamp, logFile, timeoutMs });
  if (flaky.length > 0) comparison = withoutFlaky(comparison, flaky);

  const coverage = readCoverageReport(root, started);
  if (coverage.kind === 'unreadable') fs.appendFileSync(logFile, `\n[autonomous] cannot read ${coverage.file}: ${coverage.reason}\n`);
  const coverage_percent = coverage.kind === 'found' ? coverage.percent : null;
  const threshold = options.coverageThreshold;
  if (threshold !== undefined && coverage.kind !== 'found') {
    throw new AutonomousError(
      'E_USAGE',
      coverage.kind === 'absent'
        ? `--coverage-threshold ${threshold}: the test run wrote no coverage report (looked for coverage/coverage-summary.json, coverage/coverage-final.json, coverage.xml and coverage.json)`
        : `--coverage-threshold ${threshold}: cannot read ${coverage.file}: ${coverage.reason}`,
      { hint: COVERAGE_HINT },
    );
  }
  const linters = options.lint === true ? await runLinters(root, planLinters(readLinterFacts(root, options.linterBinDir)), timeoutMs) : [];

  let recommendation = recommend(failing.length - flaky.length, comparison);
  const coverageShort = threshold !== undefined && !meetsCoverageThreshold(coverage_percent, threshold);
  if ((coverageShort || linters.some((l) => !l.ok)) && recommendation === 'approve') recommendation = 'needs_fix';

  let failures = failureDetails(outcome, failing, execution.exitCode);
  if (options.changedFiles !== undefined) {
    const analyse = new Set(options.baseline === undefined ? failing : comparison.new_failures);
    failures = addSuspects(root, failures, analyse, options.changedFiles);
  }
  const passed = records?.filter((r) => r.status === 'passed').length ?? (execution.exitCode === 0 ? 1 : 0);
  const skipped = records?.filter((r) => r.status === 'skipped').length ?? 0;
  const result: TestResult = {
    passed,
    failed: failing.length,
    skipped,
    total: passed + failing.length + skipped,
    duration_ms,
    coverage_percent,
    coverage_threshold: threshold ?? null,
    failures,
    regression_detected: comparison.regression_detected,
    recommendation,
    framework: plan.framework,
    command: plan.command,
    exit_code: execution.exitCode,
    timed_out: execution.timedOut,
    log_file: path.relative(logRoot, logFile).split(path.sep).join('/'),
    flaky,
    new_failures: comparison.new_failures,
    linters,
  };
  pruneTestRuns(runsDir);
  return { result, outcome, plan };
}

function readRecords(execution: Execution, report: ReportSource, logFile: string, root: string): TestRecord[] | undefined {
  let records: TestRecord[] | undefined = execution.tapRecords;
  if (report.kind === 'json-file' || report.kind === 'json-stdout') {
    records = readReport(report.file, logFile, report.format === 'mocha' ? parseMochaJson : parseJestJson);
  } else if (report.kind === 'junit-file') {
    records = readReport(report.file, logFile, parseJunitXml)?.map((r) => withPytestFile(r, root));
  }
  return records?.map((r) => relativizeFile(r, root));
}

/** pytest's junit XML names the module (`tests.test_math`), not the file: find the file. */
function withPytestFile(record: TestRecord, root: string): TestRecord {
  if (record.file !== undefined) return record;
  const classname = record.id.split('::')[0];
  if (classname === undefined || classname === record.id) return record;
  const file = pytestFileOfClassname(classname, (relative) => fs.existsSync(path.join(root, relative)));
  return file === undefined ? record : { ...record, file };
}

interface RerunContext {
  root: string;
  runsDir: string;
  stamp: string;
  logFile: string;
  timeoutMs: number;
}

/** Re-runs each newly failing test alone (up to the cap); those that pass then are flaky. */
async function findFlakyTests(plan: TestCommandPlan, records: TestRecord[], newFailures: string[], context: RerunContext): Promise<string[]> {
  const reruns = planReruns(plan, records, newFailures, (i) => path.join(context.runsDir, `${context.stamp}.rerun-${i + 1}.json`));
  const flaky: string[] = [];
  for (const rerun of reruns) {
    fs.appendFileSync(context.logFile, `\n[autonomous] re-running ${JSON.stringify(rerun.test_id)} alone to check for flakiness\n`);
    const execution = await executeWithTimeout(rerun, context.root, context.logFile, context.timeoutMs);
    if (!execution.timedOut && passedAlone(rerun.test_id, readRecords(execution, rerun.report, context.logFile, context.root))) flaky.push(rerun.test_id);
  }
  return flaky;
}

function withoutFlaky(report: RegressionReport, flaky: string[]): RegressionReport {
  const new_failures = report.new_failures.filter((id) => !flaky.includes(id));
  return { ...report, new_failures, regression_detected: new_failures.length > 0 };
}

interface Execution {
  exitCode: number | null;
  timedOut: boolean;
  tapRecords: TestRecord[] | undefined;
}

async function executeWithTimeout(plan: { command: string[]; report: ReportSource }, root: string, logFile: string, timeoutMs: number): Promise<Execution> {
  const [file, ...args] = plan.command;
  if (file === undefined) throw new AutonomousError('E_CONFIG', 'test.command is empty');
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  log.write(`$ ${plan.command.map((a) => JSON.stringify(a)).join(' ')}\n`);

  const subprocess = execa(file, args, {
    cwd: root,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    // Its own process group, so the timeout can kill the test runner and everything it started.
    detached: true,
    cleanup: false,
    env: { CI: 'true', NO_COLOR: '1' },
  });
  const pid = subprocess.pid;
  const killTree = (): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  // If we are interrupted or exit, do not leave the tests running behind us.
  process.once('exit', killTree);

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree();
  }, timeoutMs);
  // Once the runner itself ends, whatever it left in its group (a server, a stuck child) goes too;
  // otherwise a grandchild holding the pipes open would keep us waiting.
  subprocess.once('exit', killTree);

  const tap = plan.report.kind === 'tap-stdout' ? new TapParser() : undefined;
  // A report printed on stdout is also copied to its own file, to be parsed once the run ends.
  const stdoutCopy = plan.report.kind === 'json-stdout' ? fs.createWriteStream(plan.report.file) : undefined;
  const stdoutDone = consume(subprocess.stdout, log, tap, stdoutCopy);
  const stderrDone = consume(subprocess.stderr, log, undefined, undefined);

  let exitCode: number | null = null;
  try {
    const result = await subprocess;
    if (result.failed && result.exitCode === undefined && !timedOut && result.signal === undefined) {
      // The command could not be started at all (not found, not executable).
      throw new AutonomousError('E_IO', `cannot run ${plan.command.join(' ')}: ${result.shortMessage}`, {
        hint: 'Check that the test command is installed, or set test.command in the configuration.',
      });
    }
    exitCode = timedOut ? null : (result.exitCode ?? null);
    await Promise.all([stdoutDone, stderrDone]);
  } finally {
    clearTimeout(timer);
    process.removeListener('exit', killTree);
    killTree();
    await new Promise<void>((resolve) => log.end(resolve));
    if (stdoutCopy !== undefined) await new Promise<void>((resolve) => stdoutCopy.end(resolve));
  }
  return { exitCode, timedOut, tapRecords: tap?.finish() };
}

/** Copies a stream to the log and, for TAP, feeds it line by line; never keeps the whole output. */
function consume(stream: Readable | null, log: fs.WriteStream, tap: TapParser | undefined, copy: fs.WriteStream | undefined): Promise<void> {
  if (stream === null) return Promise.resolve();
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const feed = (text: string): void => {
    if (tap === undefined) return;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > MAX_LINE_CHARS) partial = partial.slice(0, MAX_LINE_CHARS);
    for (const line of lines) tap.push(line.replace(/\r$/, ''));
  };
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      copy?.write(chunk);
      feed(decoder.write(chunk));
    });
    const end = (): void => {
      feed(decoder.end());
      if (partial.length > 0) tap?.push(partial);
      partial = '';
      resolve();
    };
    stream.once('end', end);
    stream.once('close', end);
    stream.once('error', end);
  });
}

function readReport(file: string, logFile: string, parse: (text: string) => TestRecord[]): TestRecord[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the framework crashed before writing it: fall back to the exit code
  }
  try {
    return parse(text);
  } catch (error) {
    fs.appendFileSync(logFile, `\n[autonomous] cannot read ${file}: ${describeError(error)}\n`);
    return undefined;
  }
}

function relativizeFile(record: TestRecord, root: string): TestRecord {
  if (record.file === undefined) return record;
  let file = record.file;
  if (file.startsWith('file://')) file = fileURLToPath(file);
  if (path.isAbsolute(file)) {
    const relative = path.relative(root, file);
    if (!relative.startsWith('..')) file = relative.split(path.sep).join('/');
  }
  // A file that fails to load is reported under its own path: name it the same in every checkout.
  const id = record.id === record.file ? file : record.id;
  return { ...record, id, file };
}

function failureDetails(outcome: RunOutcome, failing: string[], exitCode: number | null): TestFailure[] {
  const byId = new Map<string, TestRecord>();
  if (outcome.kind === 'tests') for (const r of outcome.records) if (r.status === 'failed' && !byId.has(r.id)) byId.set(r.id, r);
  return failing.map((id) => {
    const record = byId.get(id);
    const failure: TestFailure = {
      test_id: id,
      message: record?.message ?? `the test command exited with ${exitCode === null ? 'a signal' : `code ${exitCode}`}`,
    };
    if (record?.file !== undefined) failure.file = record.file;
    if (record?.stack_frame !== undefined) failure.stack_frame = record.stack_frame;
    return failure;
  });
}
