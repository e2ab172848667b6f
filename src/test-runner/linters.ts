// The static checks `autonomous test --lint` runs beside the tests: tsc, eslint and prettier, each
// only when the project configures it and has it installed locally (we never fetch a tool). Which to
// run and how to read their output is pure; `readLinterFacts` and `runLinters` touch the disk and
// spawn processes.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { LinterName, LinterResult } from '../models/test-result.js';

/** How much of a tool's output the result keeps. */
export const OUTPUT_TAIL_CHARS = 2000;

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yaml',
  '.eslintrc.yml',
];
const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.json5',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.toml',
  '.prettierrc.js',
  '.prettierrc.cjs',
  '.prettierrc.mjs',
  '.prettierrc.ts',
  'prettier.config.js',
  'prettier.config.cjs',
  'prettier.config.mjs',
  'prettier.config.ts',
];

export interface LinterFacts {
  /** Names of the files at the project root. */
  rootFiles: string[];
  /** Keys of package.json, where eslint and prettier can also be configured. */
  packageJsonKeys: string[];
  /** Where the tools are looked for: the project's node_modules/.bin unless told otherwise. */
  binDir: string;
  /** Executables in binDir. */
  bins: string[];
}

export interface LinterPlan {
  name: LinterName;
  command: string[];
}

/** The checks to run, in a fixed order: each needs its configuration and its local binary. */
export function planLinters(facts: LinterFacts): LinterPlan[] {
  const has = (file: string): boolean => facts.rootFiles.includes(file);
  const bin = (name: string): string | undefined => (facts.bins.includes(name) ? path.join(facts.binDir, name) : undefined);
  const plans: LinterPlan[] = [];
  const tsc = bin('tsc');
  if (tsc !== undefined && has('tsconfig.json')) plans.push({ name: 'tsc', command: [tsc, '--noEmit', '-p', 'tsconfig.json'] });
  const eslint = bin('eslint');
  if (eslint !== undefined && (ESLINT_CONFIGS.some(has) || facts.packageJsonKeys.includes('eslintConfig'))) {
    plans.push({ name: 'eslint', command: [eslint, '.', '--format', 'json'] });
  }
  const prettier = bin('prettier');
  if (prettier !== undefined && (PRETTIER_CONFIGS.some(has) || facts.packageJsonKeys.includes('prettier'))) {
    plans.push({ name: 'prettier', command: [prettier, '--check', '.'] });
  }
  return plans;
}

/** What one tool run printed and how it ended. */
export interface LinterOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** Turns a tool's output into its result; pure. */
export function readLinterOutput(name: LinterName, output: LinterOutput): LinterResult {
  const combined = [output.stdout, output.stderr].filter((s) => s.trim() !== '').join('\n');
  const ok = output.exitCode === 0 && !output.timedOut;
  const timeoutNote = output.timedOut ? '\n[autonomous] stopped: it did not finish in time' : '';
  if (name === 'eslint') {
    const report = readEslintJson(output.stdout);
    if (report !== undefined) {
      return { name, ok, problems: report.problems, output_tail: tail(`${[report.listing, output.stderr].filter((s) => s.trim() !== '').join('\n')}${timeoutNote}`) };
    }
  }
  const counted = name === 'tsc' ? countTscErrors(combined) : name === 'prettier' ? countPrettierFiles(combined) : 0;
  // A failure we cannot itemize (a crash, a bad configuration) is still at least one problem.
  const problems = ok ? counted : Math.max(counted, 1);
  return { name, ok, problems, output_tail: tail(`${combined}${timeoutNote}`) };
}

/** `src/a.ts(3,7): error TS2322: ...` or, with --pretty, `src/a.ts:3:7 - error TS2322: ...`. */
export function countTscErrors(output: string): number {
  return output.split(/\r?\n/).filter((line) => /\berror TS\d+:/.test(line)).length;
}

/** `prettier --check` names each unformatted file on a `[warn]` line, then prints a `[warn]` summary. */
export function countPrettierFiles(output: string): number {
  return output.split(/\r?\n/).filter((line) => /^\[warn\] /.test(line) && !/^\[warn\] Code style issues/.test(line)).length;
}

interface EslintMessage {
  line?: unknown;
  column?: unknown;
  ruleId?: unknown;
  message?: unknown;
  severity?: unknown;
}

/** Problems (errors and warnings) in `eslint --format json` output, with a short listing; undefined when it is not that. */
export function readEslintJson(stdout: string): { problems: number; listing: string } | undefined {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!Array.isArray(report)) return undefined;
  let problems = 0;
  const lines: string[] = [];
  for (const file of report as Array<{ filePath?: unknown; errorCount?: unknown; warningCount?: unknown; messages?: unknown }>) {
    const errors = typeof file.errorCount === 'number' ? file.errorCount : 0;
    const warnings = typeof file.warningCount === 'number' ? file.warningCount : 0;
    problems += errors + warnings;
    const messages = Array.isArray(file.messages) ? (file.messages as EslintMessage[]) : [];
    for (const m of messages) {
      const level = m.severity === 2 ? 'error' : 'warning';
      lines.push(`${String(file.filePath ?? '?')}:${String(m.line ?? 0)}:${String(m.column ?? 0)} ${level} ${String(m.message ?? '')}${m.ruleId ? ` (${String(m.ruleId)})` : ''}`);
    }
  }
  return { problems, listing: lines.join('\n') };
}

function tail(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= OUTPUT_TAIL_CHARS ? trimmed : `…${trimmed.slice(-OUTPUT_TAIL_CHARS)}`;
}

/** Reads what `planLinters` needs; `binDir` defaults to the project's node_modules/.bin. */
export function readLinterFacts(root: string, binDir = path.join(root, 'node_modules', '.bin')): LinterFacts {
  const list = (dir: string): string[] => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  };
  let packageJsonKeys: string[] = [];
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (typeof raw === 'object' && raw !== null) packageJsonKeys = Object.keys(raw);
  } catch {
    // no package.json, or one the test plan already complained about
  }
  return { rootFiles: list(root), packageJsonKeys, binDir, bins: list(binDir) };
}

/** Runs the planned checks one after another, each with the timeout, and reads their results. */
export async function runLinters(root: string, plans: readonly LinterPlan[], timeoutMs: number): Promise<LinterResult[]> {
  const results: LinterResult[] = [];
  for (const plan of plans) {
    const [file, ...args] = plan.command;
    if (file === undefined) continue;
    const run = await execa(file, args, {
      cwd: root,
      reject: false,
      stdin: 'ignore',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      env: { CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const output: LinterOutput = { stdout: String(run.stdout ?? ''), stderr: String(run.stderr ?? ''), exitCode: run.exitCode ?? null, timedOut: run.timedOut };
    if (run.failed && run.exitCode === undefined && !run.timedOut && run.signal === undefined) output.stderr = `${output.stderr}\n${run.shortMessage}`;
    results.push(readLinterOutput(plan.name, output));
  }
  return results;
}
