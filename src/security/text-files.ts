// Lists and reads the text files of a repository for the secret scan: every file kind, not only
// JS/TS. In a git work tree git itself says which files are tracked or untracked-but-not-ignored
// (`git ls-files -co --exclude-standard`), which honours every .gitignore, .git/info/exclude and the
// global excludes file exactly as git does; elsewhere a walk applies the .gitignore files with `ignore`.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { GitRepo } from '../implementer/git.js';
import { SOURCE_EXTENSIONS, skipReason, toPosix } from '../scanner/walk.js';

/** Larger files are data or generated output, not hand-written configuration. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

/** Folders never entered: dependencies, VCS data, our own state. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.autonomous', 'bower_components', 'jspm_packages']);

/** Lockfiles are full of integrity hashes: high-entropy noise, never a credential someone wrote. */
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock']);

/** Minified bundles and source maps are generated from files that are scanned themselves. */
const GENERATED_NAME = /\.min\.[a-z0-9]+$|\.map$/i;

export interface TextFileListOptions {
  /** Include JS/TS source files (default false: the scanner's hardcoded-secret rule covers them). */
  includeSource?: boolean;
}

export interface ListedFile {
  absolute: string;
  /** Root-relative with forward slashes. */
  relative: string;
}

/** The candidate files under root, sorted; the content checks (binary, minified) come in readTextFile. */
export async function listTextFiles(root: string, options: TextFileListOptions = {}): Promise<ListedFile[]> {
  const absoluteRoot = path.resolve(root);
  const relatives = (await listWithGit(absoluteRoot)) ?? listWithWalk(absoluteRoot);
  const out: ListedFile[] = [];
  for (const relative of new Set(relatives)) {
    if (!isCandidate(relative, options.includeSource ?? false)) continue;
    out.push({ absolute: path.join(absoluteRoot, relative), relative });
  }
  out.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return out;
}

export function isCandidate(relative: string, includeSource: boolean): boolean {
  const parts = relative.split('/');
  if (parts.slice(0, -1).some((part) => SKIPPED_DIRS.has(part))) return false;
  const name = parts[parts.length - 1] ?? '';
  if (LOCKFILES.has(name) || GENERATED_NAME.test(name)) return false;
  if (!includeSource && SOURCE_EXTENSIONS.has(path.extname(name).toLowerCase())) return false;
  return true;
}

/**
 * Reads a file as text, or undefined when it is not something to scan: not a regular file (symlinks
 * are not followed), over the size limit, binary (a NUL byte in the first 8 KB), minified, or gone.
 */
export function readTextFile(absolute: string, relative: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(absolute);
  } catch {
    return undefined; // tracked but deleted in the work tree
  }
  if (!stat.isFile() || stat.size > MAX_TEXT_FILE_BYTES) return undefined;
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(absolute);
  } catch {
    return undefined;
  }
  if (buffer.subarray(0, 8192).includes(0)) return undefined;
  const text = buffer.toString('utf8');
  return skipReason(relative, text) === undefined ? text : undefined;
}

/** Paths relative to root from git, or undefined when root is not inside a git work tree. */
async function listWithGit(root: string): Promise<string[] | undefined> {
  const output = await new GitRepo(root).tryRun(['ls-files', '-co', '--exclude-standard', '-z']);
  if (output === undefined) return undefined;
  return output.split('\0').filter((entry) => entry.length > 0);
}

interface IgnoreLayer {
  /** Root-relative folder the ignore file sits in ('' for the root). */
  base: string;
  matcher: Ignore;
}

/** The fallback outside git: a walk that applies each folder's .gitignore to what lies below it. */
function listWithWalk(root: string): string[] {
  const out: string[] = [];
  const ignoredBy = (relative: string, isDir: boolean, layers: IgnoreLayer[]): boolean =>
    layers.some((layer) => {
      const inner = layer.base === '' ? relative : relative.slice(layer.base.length + 1);
      return inner.length > 0 && layer.matcher.ignores(isDir ? `${inner}/` : inner);
    });
  const walk = (dirAbs: string, inherited: IgnoreLayer[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return;
    }
    const base = toPosix(path.relative(root, dirAbs));
    const patterns = ['.gitignore', ...(base === '' ? [path.join('.git', 'info', 'exclude')] : [])]
      .map((name) => readOptional(path.join(dirAbs, name)))
      .filter((text): text is string => text !== undefined);
    const layers = patterns.length > 0 ? [...inherited, { base, matcher: ignore().add(patterns.join('\n')) }] : inherited;
    for (const entry of entries) {
      const relative = base === '' ? entry.name : `${base}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !ignoredBy(relative, true, layers)) walk(path.join(dirAbs, entry.name), layers);
      } else if (entry.isFile() && !ignoredBy(relative, false, layers)) {
        out.push(relative);
      }
    }
  };
  walk(root, []);
  return out;
}

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
