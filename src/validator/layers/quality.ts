// Layer 3, quality: the project's own tools on the changed files, judged before vs after so that
// problems the code already had do not count. TypeScript (the project's program with the new text
// in memory: the changed files and the files that import them), prettier and eslint when the
// project uses them (loaded from its own node_modules), and cyclomatic complexity per function.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import ts from 'typescript';
import type { ValidationIssue } from '../../models/validation.js';
import { scanSource } from '../../scanner/engine.js';
import complexityRule from '../../scanner/rules/quality/complexity.js';
import { SOURCE_FILE, type ChangedFile, type LayerContext, type LayerOutcome } from '../context.js';
import type { ProjectHost } from '../ts-host.js';

/** Points off the quality score (start 1.0, floor 0). */
export const QUALITY_WEIGHTS = { typeError: 0.3, lintError: 0.1, format: 0.05, complexityPoint: 0.05 };

export interface QualityOutcome extends LayerOutcome {
  score: number;
  newTypeErrors: number;
  newLintErrors: number;
  formatProblems: number;
  complexityOver: number;
  /** Tools that could not run, for the confidence. */
  skippedTools: string[];
}

interface Diag {
  key: string;
  file: string;
  line: number;
  message: string;
}

/** Files that import one of `changed` (by resolving their import specifiers), from the project's program. */
export function importersOf(host: ProjectHost, changed: readonly string[]): string[] {
  const targets = new Set(changed.map((rel) => host.fileName(rel)));
  const stems = changed.map((rel) => path.posix.basename(rel).replace(/\.[^.]+$/, ''));
  const options = host.program().getCompilerOptions();
  const out: string[] = [];
  for (const sf of host.program().getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/') || targets.has(path.normalize(sf.fileName))) continue;
    if (!stems.some((stem) => sf.text.includes(stem))) continue; // cheap pre-filter before resolving
    const imports = ts.preProcessFile(sf.text, true, true).importedFiles;
    const hit = imports.some((imp) => {
      const resolved = ts.resolveModuleName(imp.fileName, sf.fileName, options, ts.sys).resolvedModule;
      return resolved !== undefined && targets.has(path.normalize(resolved.resolvedFileName));
    });
    if (hit) out.push(host.relative(sf.fileName));
  }
  return out;
}

function diagnosticsOf(host: ProjectHost, rels: readonly string[]): Diag[] {
  const ls = host.languageService;
  const out: Diag[] = [];
  for (const rel of rels) {
    const fileName = host.fileName(rel);
    if (host.getFileText(rel) === undefined) continue;
    let diagnostics: ts.Diagnostic[];
    try {
      diagnostics = [...ls.getSyntacticDiagnostics(fileName), ...ls.getSemanticDiagnostics(fileName)];
    } catch {
      continue; // a file outside the program (not in tsconfig's include)
    }
    for (const d of diagnostics) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 1;
      out.push({ key: `${rel}\0${d.code}\0${message}`, file: rel, line, message: `TS${d.code}: ${message}` });
    }
  }
  return out;
}

/** Type errors present with the new texts that were not present before (matched by file, code and message). */
export function newTypeErrors(host: ProjectHost, files: readonly ChangedFile[]): Diag[] {
  const sources = files.filter((f) => SOURCE_FILE.test(f.file_path) && !f.file_path.endsWith('.json'));
  if (sources.length === 0) return [];
  const importers = importersOf(host, sources.map((f) => f.file_path));
  const checked = [...sources.map((f) => f.file_path), ...importers];
  try {
    // Setting the old text (the disk text) also makes a file outside tsconfig's include a root, so
    // its errors before and after are compared instead of all counting as new.
    for (const f of sources) if (f.before !== null) host.setFileText(f.file_path, f.before);
    const before = new Map<string, number>();
    for (const d of diagnosticsOf(host, checked)) before.set(d.key, (before.get(d.key) ?? 0) + 1);
    for (const f of sources) host.setFileText(f.file_path, f.after);
    return diagnosticsOf(host, checked).filter((d) => {
      const left = before.get(d.key) ?? 0;
      if (left === 0) return true;
      before.set(d.key, left - 1);
      return false;
    });
  } finally {
    for (const f of sources) host.resetFileText(f.file_path);
  }
}

/** Cyclomatic complexity per function name (the scanner's own counting, every function reported). */
export function functionComplexities(filePath: string, text: string): Map<string, number> {
  const out = new Map<string, number>();
  const { findings } = scanSource(filePath, text, [{ rule: complexityRule, options: { max: 0 } }]);
  for (const f of findings) {
    if (f.rule_id !== 'complexity') continue;
    const name = /^The (.+) has a cyclomatic complexity/.exec(f.description)?.[1] ?? `line ${f.line_number}`;
    const value = typeof f.metadata['complexity'] === 'number' ? f.metadata['complexity'] : 0;
    // Several functions with one description (anonymous callbacks): keep the largest.
    out.set(name, Math.max(out.get(name) ?? 0, value));
  }
  return out;
}

function readPackageJson(root: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function declares(pkg: Record<string, unknown> | undefined, name: string): boolean {
  if (!pkg) return false;
  return ['dependencies', 'devDependencies'].some((section) => {
    const deps = pkg[section];
    return deps !== null && typeof deps === 'object' && name in deps;
  });
}

function hasAnyFile(root: string, names: readonly string[]): boolean {
  return names.some((name) => fs.existsSync(path.join(root, name)));
}

const PRETTIER_CONFIGS = ['.prettierrc', '.prettierrc.json', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.json5', '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', '.prettierrc.toml', 'prettier.config.js', 'prettier.config.cjs', 'prettier.config.mjs', 'prettier.config.ts'];
const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', '.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml'];

interface PrettierApi {
  check(source: string, options: Record<string, unknown>): Promise<boolean>;
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
}

interface EslintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line?: number;
}
interface EslintApi {
  ESLint: new (options: { cwd: string }) => { lintText(text: string, options: { filePath: string }): Promise<Array<{ messages: EslintMessage[] }>> };
}

/** The project's own copy of a package, or undefined when it has none installed. */
async function projectModule<T>(root: string, name: string): Promise<T | undefined> {
  try {
    const resolved = createRequire(path.join(root, 'package.json')).resolve(name);
    return (await import(pathToFileURL(resolved).href)) as T;
  } catch {
    return undefined;
  }
}

/** What one tool found: issues, how many count against the score, and why it was skipped. */
interface ToolResult {
  issues: ValidationIssue[];
  count: number;
  skipped?: string;
}

/** Files prettier formatted before the change and would reformat after it (the project's own prettier). */
async function checkPrettier(root: string, pkg: Record<string, unknown> | undefined, files: readonly ChangedFile[]): Promise<ToolResult> {
  const result: ToolResult = { issues: [], count: 0 };
  if (!declares(pkg, 'prettier') || !(hasAnyFile(root, PRETTIER_CONFIGS) || (pkg !== undefined && 'prettier' in pkg))) return result;
  const prettier = await projectModule<PrettierApi & { default?: PrettierApi }>(root, 'prettier');
  const api = prettier?.default ?? prettier;
  if (!api) return { ...result, skipped: 'prettier (declared but not installed)' };
  for (const file of files) {
    const filepath = path.join(root, file.file_path);
    try {
      const options = { ...((await api.resolveConfig(filepath)) ?? {}), filepath };
      const wasFormatted = file.before === null || (await api.check(file.before, options));
      if (wasFormatted && !(await api.check(file.after, options))) {
        result.count++;
        result.issues.push({ layer: 'quality', severity: 'warning', message: 'the new text is not formatted as prettier would format it', file_path: file.file_path });
      }
    } catch {
      // prettier has no parser for this file type: nothing to check.
    }
  }
  return result;
}

/** eslint messages the new text has and the old one had not (the project's own eslint); count = new errors. */
async function checkEslint(root: string, pkg: Record<string, unknown> | undefined, sources: readonly ChangedFile[]): Promise<ToolResult> {
  const result: ToolResult = { issues: [], count: 0 };
  if (!declares(pkg, 'eslint') || !hasAnyFile(root, ESLINT_CONFIGS)) return result;
  const eslint = await projectModule<EslintApi & { default?: EslintApi }>(root, 'eslint');
  const ESLint = eslint?.ESLint ?? eslint?.default?.ESLint;
  if (!ESLint) return { ...result, skipped: 'eslint (declared but not installed)' };
  try {
    const linter = new ESLint({ cwd: root });
    for (const file of sources) {
      const filePath = path.join(root, file.file_path);
      const lint = async (text: string | null): Promise<EslintMessage[]> => (text === null ? [] : (await linter.lintText(text, { filePath })).flatMap((r) => r.messages));
      const [before, after] = await Promise.all([lint(file.before), lint(file.after)]);
      const key = (m: EslintMessage): string => `${m.ruleId}\0${m.message}`;
      const old = new Map<string, number>();
      for (const m of before) old.set(key(m), (old.get(key(m)) ?? 0) + 1);
      for (const m of after) {
        const left = old.get(key(m)) ?? 0;
        if (left > 0) {
          old.set(key(m), left - 1);
          continue;
        }
        const severity = m.severity === 2 ? 'error' : 'warning';
        if (severity === 'error') result.count++;
        result.issues.push({ layer: 'quality', severity, message: `eslint ${m.ruleId ?? ''}: ${m.message}`.replace(/ +:/, ':'), file_path: file.file_path, ...(m.line ? { line: m.line } : {}) });
      }
    }
  } catch (error) {
    return { ...result, skipped: `eslint (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  return result;
}

/** Functions whose complexity grows by more than `maxIncrease`; count = points over, summed. */
function checkComplexity(sources: readonly ChangedFile[], maxIncrease: number): ToolResult {
  const result: ToolResult = { issues: [], count: 0 };
  for (const file of sources) {
    if (file.before === null) continue;
    const before = functionComplexities(file.file_path, file.before);
    for (const [name, value] of functionComplexities(file.file_path, file.after)) {
      const old = before.get(name);
      if (old === undefined || value - old <= maxIncrease) continue;
      result.count += value - old - maxIncrease;
      result.issues.push({ layer: 'quality', severity: 'error', message: `the ${name} grows in cyclomatic complexity from ${old} to ${value} (more than ${maxIncrease})`, file_path: file.file_path });
    }
  }
  return result;
}

export async function runQualityLayer(context: LayerContext): Promise<QualityOutcome> {
  const sources = context.files.filter((f) => SOURCE_FILE.test(f.file_path));
  const host = context.host();
  const typeErrors = newTypeErrors(host, context.files);
  const pkg = readPackageJson(context.root);
  const prettier = await checkPrettier(context.root, pkg, context.files);
  const eslint = await checkEslint(context.root, pkg, sources);
  const complexity = checkComplexity(sources, context.config.validator.maxComplexityIncrease);
  const issues: ValidationIssue[] = [
    ...typeErrors.map((d): ValidationIssue => ({ layer: 'quality', severity: 'error', message: `new type error: ${d.message}`, file_path: d.file, line: d.line })),
    ...prettier.issues,
    ...eslint.issues,
    ...complexity.issues,
  ];
  const skippedTools = [host.hasConfig ? undefined : 'typescript (no tsconfig.json: changed files checked alone)', prettier.skipped, eslint.skipped].filter((t): t is string => t !== undefined);
  const warnings: string[] = [];
  const formatProblems = prettier.count;
  const newLintErrors = eslint.count;
  const complexityOver = complexity.count;
  for (const tool of skippedTools) warnings.push(`quality: ${tool} was skipped`);
  const penalty =
    typeErrors.length * QUALITY_WEIGHTS.typeError + newLintErrors * QUALITY_WEIGHTS.lintError + formatProblems * QUALITY_WEIGHTS.format + complexityOver * QUALITY_WEIGHTS.complexityPoint;
  const score = Math.max(0, Math.round((1 - penalty) * 1000) / 1000);
  const passed = !issues.some((i) => i.severity === 'error');
  const parts = [`score ${score.toFixed(2)}`, `${typeErrors.length} new type error(s)`];
  if (newLintErrors > 0) parts.push(`${newLintErrors} new lint error(s)`);
  if (formatProblems > 0) parts.push(`${formatProblems} file(s) unformatted`);
  if (complexityOver > 0) parts.push(`complexity ${complexityOver} point(s) over`);
  return {
    passed,
    summary: parts.join(', '),
    issues,
    warnings,
    suggestions: typeErrors.length > 0 ? ['Update the callers the type errors point at, or keep the old signature.'] : [],
    score,
    newTypeErrors: typeErrors.length,
    newLintErrors,
    formatProblems,
    complexityOver,
    skippedTools,
  };
}
