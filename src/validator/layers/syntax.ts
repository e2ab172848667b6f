// Layer 1, syntax: the new text of every changed file parses in its dialect, and every import the
// change adds resolves: relative specifiers to an existing file (with the extensions and index
// files Node and TypeScript try, and TypeScript's `.js` -> `.ts` mapping), bare specifiers to a
// package the project declares or a Node built-in.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { ValidationIssue } from '../../models/validation.js';
import { parseProblem } from '../../proposer/build.js';
import { parseSource } from '../../scanner/engine.js';
import { SOURCE_FILE, type ChangedFile, type LayerContext, type LayerOutcome } from '../context.js';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.json', '.mts', '.cts', '.d.ts'];
const TS_MAPPING: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
const BUILTINS = new Set(builtinModules);

export interface ImportRef {
  specifier: string;
  line: number;
}

/** Static imports, re-exports, `import('x')` and `require('x')` with a literal specifier. */
export function importSpecifiers(filePath: string, text: string): ImportRef[] {
  let ast: TSESTree.Program;
  try {
    ast = parseSource(filePath, text, false);
  } catch {
    return [];
  }
  const out: ImportRef[] = [];
  const literal = (node: TSESTree.Node | null | undefined): void => {
    if (node && node.type === 'Literal' && typeof node.value === 'string') out.push({ specifier: node.value, line: node.loc.start.line });
  };
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') literal(node.source);
    else if (node.type === 'ImportExpression') literal(node.source);
    else if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) literal(node.arguments[0] as TSESTree.Node);
    else if (node.type === 'TSImportEqualsDeclaration' && node.moduleReference.type === 'TSExternalModuleReference') literal(node.moduleReference.expression);
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof (c as TSESTree.Node).type === 'string') visit(c as TSESTree.Node);
      } else if (child && typeof (child as TSESTree.Node).type === 'string') visit(child as TSESTree.Node);
    }
  };
  visit(ast);
  return out;
}

/** Imports in the new text whose specifier the old text did not import. */
export function addedImports(file: ChangedFile): ImportRef[] {
  if (!SOURCE_FILE.test(file.file_path)) return [];
  const old = new Set(file.before === null ? [] : importSpecifiers(file.file_path, file.before).map((i) => i.specifier));
  return importSpecifiers(file.file_path, file.after).filter((i) => !old.has(i.specifier));
}

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageName(specifier));
}

/** Every package the project's package.json declares, in any dependency section, plus its own name. */
export function declaredPackages(root: string, overrideText?: string): Set<string> {
  const out = new Set<string>();
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(overrideText ?? fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return out;
  }
  if (typeof pkg['name'] === 'string') out.add(pkg['name']);
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = pkg[section];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) out.add(name);
  }
  return out;
}

/** Whether a relative specifier from `fromFile` names a file that exists (or that the change creates). */
export function resolvesRelative(root: string, fromFile: string, specifier: string, created: ReadonlySet<string>): boolean {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier.split('?')[0]!));
  const exists = (rel: string): boolean => created.has(rel) || (fs.existsSync(path.join(root, rel)) && fs.statSync(path.join(root, rel)).isFile());
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  const ext = path.posix.extname(base);
  for (const mapped of TS_MAPPING[ext] ?? []) candidates.push(base.slice(0, -ext.length) + mapped);
  return candidates.some(exists);
}

export function runSyntaxLayer(context: LayerContext): LayerOutcome {
  const issues: ValidationIssue[] = [];
  const created = new Set(context.files.map((f) => f.file_path));
  const pkgChange = context.files.find((f) => f.file_path === 'package.json');
  const declared = declaredPackages(context.root, pkgChange?.after);
  let checkedImports = 0;
  for (const file of context.files) {
    const problem = parseProblem(file.file_path, file.after);
    if (problem) {
      const line = /:(\d+):\d+: /.exec(problem)?.[1];
      issues.push({ layer: 'syntax', severity: 'error', message: `does not parse: ${problem}`, file_path: file.file_path, ...(line ? { line: Number(line) } : {}) });
      continue;
    }
    for (const ref of addedImports(file)) {
      checkedImports++;
      const { specifier } = ref;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        if (specifier.startsWith('/') || !resolvesRelative(context.root, file.file_path, specifier, created)) {
          issues.push({ layer: 'syntax', severity: 'error', message: `added import '${specifier}' does not resolve to a file`, file_path: file.file_path, line: ref.line });
        }
      } else if (!isBuiltin(specifier) && !declared.has(packageName(specifier)) && !specifier.startsWith('#')) {
        issues.push({
          layer: 'syntax',
          severity: 'error',
          message: `added import '${specifier}' names package '${packageName(specifier)}', which package.json does not declare`,
          file_path: file.file_path,
          line: ref.line,
        });
      }
    }
  }
  const passed = issues.length === 0;
  return {
    passed,
    summary: passed
      ? `${context.files.length} file(s) parse; ${checkedImports} added import(s) resolve`
      : `${issues.length} problem(s): ${issues[0]!.message}`,
    issues,
    warnings: [],
    suggestions: passed ? [] : ['Fix the syntax or declare the package in package.json (a new dependency needs a person anyway).'],
  };
}
