// Failure analysis: which files of a change set most likely broke a test. A changed file is a
// suspect of a failure when its path appears in the failure's message or stack frame, when it is
// the failing test file itself, or when the test file imports it directly (relative imports,
// resolved with the usual extensions; Python imports by module path). The orchestrator passes a
// proposal's files, the CLI the uncommitted ones, so it can tell which change broke which test.
// Deciding is pure; `addSuspects` alone reads test files.
import fs from 'node:fs';
import path from 'node:path';
import type { TestFailure } from '../models/test-result.js';

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
// TypeScript's ESM convention: `./x.js` in source names `./x.ts` on disk.
const EMITTED_TO_SOURCE: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** Module specifiers of a JS/TS file's static imports, re-exports, dynamic imports and requires. */
export function jsImportSpecifiers(source: string): string[] {
  const found = new Set<string>();
  for (const pattern of [/\bfrom\s*(['"])([^'"\n]+)\1/g, /\bimport\s*\(?\s*(['"])([^'"\n]+)\1/g, /\brequire\s*\(\s*(['"])([^'"\n]+)\1/g]) {
    for (const match of source.matchAll(pattern)) found.add(match[2]!);
  }
  return [...found];
}

/** Module names of a Python file's imports: `from a.b import c` -> `a.b`, `from . import x` -> `.x`. */
export function pythonImportModules(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+([\w, \t]+)/gm)) {
    const base = match[1]!;
    found.add(base);
    // `from . import x` and `from pkg import mod` may name modules, not attributes.
    for (const name of match[2]!.split(',')) if (name.trim() !== '') found.add(`${base}${base.endsWith('.') ? '' : '.'}${name.trim().split(/\s/)[0]}`);
  }
  for (const match of source.matchAll(/^[ \t]*import[ \t]+([\w.]+)/gm)) found.add(match[1]!);
  return [...found];
}

/** The project files (relative, `/`-separated) a relative JS specifier in `fromFile` can name, first that exists. */
export function resolveJsImport(fromFile: string, specifier: string, exists: (relative: string) => boolean): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const ext = path.posix.extname(base);
  const candidates = [base, ...JS_EXTENSIONS.map((e) => base + e), ...JS_EXTENSIONS.map((e) => `${base}/index${e}`)];
  for (const source of EMITTED_TO_SOURCE[ext] ?? []) candidates.splice(1, 0, base.slice(0, -ext.length) + source);
  return candidates.find((candidate) => !candidate.startsWith('../') && exists(candidate));
}

/** The project file a Python module name imported by `fromFile` can be, first that exists. */
export function resolvePythonImport(fromFile: string, module: string, exists: (relative: string) => boolean): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots).split('.').filter((p) => p !== '');
  let bases: string[];
  if (dots > 0) {
    let dir = path.posix.dirname(fromFile);
    for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
    bases = [dir];
  } else bases = ['.', 'src'];
  for (const baseDir of bases) {
    if (rest.length === 0) continue;
    const stem = path.posix.normalize(path.posix.join(baseDir, ...rest));
    for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) if (!candidate.startsWith('../') && exists(candidate)) return candidate;
  }
  return undefined;
}

/** Whether `text` names `file` as a path: preceded by a separator, quote, space or nothing. */
function mentions(text: string, file: string): boolean {
  for (let at = text.indexOf(file); at !== -1; at = text.indexOf(file, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + file.length] ?? '';
    if ((before === '' || /[\s/\\('"`:[]/.test(before)) && !/[\w-]/.test(after)) return true;
  }
  return false;
}

/** The changed files a failure points at, in the order of `changedFiles`. */
export function suspectsOf(failure: TestFailure, changedFiles: readonly string[], testFileImports: readonly string[]): string[] {
  const text = [failure.message, failure.stack_frame ?? ''].join('\n');
  return changedFiles.filter((file) => file === failure.file || testFileImports.includes(file) || mentions(text, file));
}

/**
 * Adds `suspects` to each failure whose id is in `analyse`, reading each failing test file once
 * for its imports. `changedFiles` are relative to `root`.
 */
export function addSuspects(root: string, failures: readonly TestFailure[], analyse: ReadonlySet<string>, changedFiles: readonly string[]): TestFailure[] {
  const changed = changedFiles.map((f) => f.split(path.sep).join('/').replace(/^\.\//, ''));
  const exists = (relative: string): boolean => {
    try {
      return fs.statSync(path.join(root, relative)).isFile();
    } catch {
      return false;
    }
  };
  const importsOf = new Map<string, string[]>();
  const imports = (file: string | undefined): string[] => {
    if (file === undefined || path.isAbsolute(file) || file.startsWith('../')) return [];
    const cached = importsOf.get(file);
    if (cached !== undefined) return cached;
    let source = '';
    try {
      source = fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      // a file that cannot be read imports nothing we can see
    }
    const resolved = file.endsWith('.py')
      ? pythonImportModules(source).map((m) => resolvePythonImport(file, m, exists))
      : jsImportSpecifiers(source).map((s) => resolveJsImport(file, s, exists));
    const list = resolved.filter((f): f is string => f !== undefined);
    importsOf.set(file, list);
    return list;
  };
  return failures.map((failure) => (analyse.has(failure.test_id) ? { ...failure, suspects: suspectsOf(failure, changed, imports(failure.file)) } : failure));
}
