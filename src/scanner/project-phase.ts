// Runs the project-level rules over the facts of all scanned files: resolves relative imports,
// finds the project's test files (also outside the scanned targets) and what they import.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../models/finding.js';
import type { FileFacts } from './analysis/file-facts.js';
import { isTestFile } from './analysis/paths.js';
import { buildFinding, fillTemplate } from './finding-builder.js';
import type { ProjectContext, ProjectReport } from './project-rule.js';
import type { RuleSpec } from './rule-config.js';
import { projectRules } from './rules/project.js';
import { walkTargets } from './walk.js';

const TEST_GLOBS = ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', 'test/**', 'tests/**', 'spec/**', 'e2e/**'];
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/gm;
const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export { isTestFile };

export interface ProjectPhaseInput {
  root: string;
  files: ReadonlyMap<string, FileFacts>;
  /** Content hash of each scanned file: with the test files, it decides whether stored results still hold. */
  hashes: ReadonlyMap<string, string>;
  /** Results of an earlier run, reused when the signature is the same. */
  stored?: { signature: string; findings: Finding[] };
  rules: RuleSpec[];
  /** True when the targets cover the whole root, so every test file was already walked. */
  coversRoot: boolean;
  exclude: string[];
  /** The test files under the root when the targets do not cover it, if the caller already walked for them. */
  outsideTests?: readonly string[];
}

export interface ProjectPhaseResult {
  findings: Finding[];
  signature: string;
  reused: boolean;
}

export function runProjectRules(input: ProjectPhaseInput): ProjectPhaseResult {
  if (input.rules.length === 0) return { findings: [], signature: '', reused: false };
  const testFiles = discoverTestFiles(input);
  const signature = projectSignature(input, testFiles);
  if (input.stored && input.stored.signature === signature) return { findings: input.stored.findings, signature, reused: true };
  return { findings: checkProject(input, testFiles), signature, reused: false };
}

/**
 * Everything project rules depend on: the rules and options, every scanned file's content hash
 * (facts derive from content), and the test files with their size and mtime when not scanned.
 */
function projectSignature(input: ProjectPhaseInput, testFiles: readonly string[]): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(input.rules));
  for (const [file, digest] of input.hashes) hash.update(`${file}\0${digest}\n`);
  hash.update('\0tests\n');
  for (const file of testFiles) {
    if (input.hashes.has(file)) {
      hash.update(`${file}\n`);
      continue;
    }
    try {
      const stat = fs.statSync(path.join(input.root, file));
      hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {
      hash.update(`${file}\0missing\n`);
    }
  }
  return hash.digest('hex');
}

function checkProject(input: ProjectPhaseInput, testFiles: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const known = new Set(input.files.keys());
  for (const file of testFiles) known.add(file);
  const resolveImport = (from: string, specifier: string): string | undefined => resolveRelative(from, specifier, known);
  const testImports = new Set<string>();
  for (const file of testFiles) {
    const facts = input.files.get(file);
    const specifiers = facts ? facts.imports.map((i) => i.specifier) : readImportSpecifiers(path.join(input.root, file));
    for (const specifier of specifiers) {
      const resolved = resolveImport(file, specifier);
      if (resolved !== undefined) testImports.add(resolved);
    }
  }
  for (const spec of input.rules) {
    const rule = projectRules.find((r) => r.meta.id === spec.id);
    if (!rule) continue;
    const occurrences = new Map<string, number>();
    const context: ProjectContext = {
      files: input.files,
      testFiles,
      testImports,
      options: spec.options,
      resolveImport,
      isTestFile,
      report(report: ProjectReport) {
        const description = fillTemplate(rule.meta.messages[report.messageId] ?? report.messageId, report.data);
        const text = report.fingerprintText ?? description;
        const key = `${report.file}\0${text}`;
        const occurrence = occurrences.get(key) ?? 0;
        occurrences.set(key, occurrence + 1);
        findings.push(
          buildFinding({
            filePath: report.file,
            ruleId: rule.meta.id,
            category: rule.meta.category,
            severity: rule.meta.severity,
            loc: { start: { line: report.line, column: 0 }, end: { line: report.line, column: 0 } },
            description,
            snippet: report.snippet ?? lineOf(path.join(input.root, report.file), report.line),
            recommendation: rule.meta.recommendation,
            confidence: report.confidence ?? rule.meta.confidence ?? 0.8,
            cwe: rule.meta.cwe ?? [],
            fingerprintText: text,
            occurrence,
            metadata: { message_id: report.messageId, ...report.metadata },
          }),
        );
      },
    };
    rule.check(context);
  }
  return findings;
}

function discoverTestFiles(input: ProjectPhaseInput): string[] {
  const scannedTests = [...input.files.keys()].filter(isTestFile);
  if (input.coversRoot) return scannedTests;
  const outside = input.outsideTests ?? outsideTestFiles(input.root, input.exclude);
  return [...new Set([...scannedTests, ...outside])].sort();
}

/** The project's test files anywhere under the root (for scans whose targets do not cover it). */
export function outsideTestFiles(root: string, exclude: string[]): string[] {
  const walked = walkTargets({ root, targets: [root], include: TEST_GLOBS, exclude });
  return walked.map((f) => f.relative).filter(isTestFile);
}

export function resolveRelative(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier.split('?')[0]!));
  if (known.has(base)) return base;
  const ext = path.posix.extname(base);
  for (const replacement of EMITTED_TO_SOURCE[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + replacement;
    if (known.has(candidate)) return candidate;
  }
  for (const extension of RESOLVE_EXTENSIONS) {
    if (known.has(base + extension)) return base + extension;
  }
  for (const extension of RESOLVE_EXTENSIONS) {
    const candidate = `${base}/index${extension}`;
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

function readImportSpecifiers(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT_SPECIFIER)) out.push(match[2]!);
  return out;
}

function lineOf(file: string, line: number): string {
  try {
    return (fs.readFileSync(file, 'utf8').split(/\r?\n/)[line - 1] ?? '').slice(0, 400);
  } catch {
    return '';
  }
}
