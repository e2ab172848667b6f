// Finds the files to scan under the targets: honours every .gitignore on the way (and
// .git/info/exclude), the config's include/exclude globs, and skips dependencies, build output,
// declaration files and symlinks. Minified, binary and oversized files are detected when read.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { AutonomousError } from '../core/errors.js';

export const SOURCE_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.mts', '.cts']);
const DECLARATION_FILE = /\.d\.[mc]?ts$/i;

/** Folders never entered: dependencies, VCS data, our own state. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.autonomous', 'bower_components', 'jspm_packages']);
/** Build output and caches: skipped unless named as a target. */
export const BUILD_OUTPUT_DIRS = new Set([
  'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo', '.vercel', '.cache',
  '.parcel-cache', 'storybook-static', '.docusaurus', '.expo', '.angular',
]);

export interface WalkOptions {
  root: string;
  targets: string[];
  include: string[];
  exclude: string[];
  /** Skip build output folders (default true). */
  skipBuildOutput?: boolean;
}

export interface WalkedFile {
  absolute: string;
  /** Root-relative with forward slashes. */
  relative: string;
}

interface IgnoreLayer {
  /** Root-relative folder the .gitignore sits in ('' for the root). */
  base: string;
  matcher: Ignore;
}

/** Lists the source files under the targets, sorted, without duplicates. */
export function walkTargets(options: WalkOptions): WalkedFile[] {
  const root = path.resolve(options.root);
  const include = options.include.length > 0 ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : undefined;
  const skipBuild = options.skipBuildOutput ?? true;
  const seen = new Set<string>();
  const out: WalkedFile[] = [];
  const gitignoreCache = new Map<string, IgnoreLayer | null>();

  const loadLayer = (dirAbs: string): IgnoreLayer | null => {
    const cached = gitignoreCache.get(dirAbs);
    if (cached !== undefined) return cached;
    let layer: IgnoreLayer | null = null;
    const patterns: string[] = [];
    for (const file of [path.join(dirAbs, '.gitignore'), ...(dirAbs === root ? [path.join(root, '.git', 'info', 'exclude')] : [])]) {
      try {
        patterns.push(fs.readFileSync(file, 'utf8'));
      } catch {
        // absent
      }
    }
    if (patterns.length > 0) layer = { base: toPosix(path.relative(root, dirAbs)), matcher: ignore().add(patterns.join('\n')) };
    gitignoreCache.set(dirAbs, layer);
    return layer;
  };

  const isIgnored = (relative: string, isDir: boolean, layers: IgnoreLayer[]): boolean => {
    for (const layer of layers) {
      const inner = layer.base === '' ? relative : relative.slice(layer.base.length + 1);
      if (inner.length === 0 || inner.startsWith('..')) continue;
      if (layer.matcher.ignores(isDir ? `${inner}/` : inner)) return true;
    }
    return false;
  };

  const consider = (absolute: string, layers: IgnoreLayer[], explicit: boolean): void => {
    const relative = toPosix(path.relative(root, absolute));
    if (seen.has(relative)) return;
    const ext = path.extname(absolute).toLowerCase();
    if (!SOURCE_EXTENSIONS.has(ext) || DECLARATION_FILE.test(absolute)) {
      if (explicit) seen.add(relative);
      return;
    }
    if (!explicit && isIgnored(relative, false, layers)) return;
    if (include && !include(relative)) return;
    if (exclude && exclude(relative)) return;
    seen.add(relative);
    out.push({ absolute, relative });
  };

  const walkDir = (dirAbs: string, layers: IgnoreLayer[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to scan there
    }
    const layer = loadLayer(dirAbs);
    const active = layer ? [...layers, layer] : layers;
    for (const entry of entries) {
      const absolute = path.join(dirAbs, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || (skipBuild && BUILD_OUTPUT_DIRS.has(entry.name))) continue;
        const relative = toPosix(path.relative(root, absolute));
        if (isIgnored(relative, true, active)) continue;
        if (exclude && (exclude(relative) || exclude(`${relative}/`))) continue;
        walkDir(absolute, active);
      } else if (entry.isFile()) {
        consider(absolute, active, false);
      }
      // symlinks are not followed: they may point outside the project or loop
    }
  };

  /** The .gitignore layers that apply above a target folder (from the root down to its parent). */
  const ancestorLayers = (targetAbs: string): IgnoreLayer[] => {
    const layers: IgnoreLayer[] = [];
    const relative = path.relative(root, targetAbs);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return layers;
    let dir = root;
    const parts = relative.split(path.sep).filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const layer = loadLayer(dir);
      if (layer) layers.push(layer);
      dir = path.join(dir, parts[i]!);
    }
    return layers;
  };

  for (const target of options.targets) {
    const absolute = path.resolve(target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new AutonomousError('E_TARGET_NOT_FOUND', `${target}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      // A folder named as a target is walked even when .gitignore lists it: the person asked for it.
      // Then the ignore files above it do not apply inside it (they would ignore all of it).
      const layers = ancestorLayers(absolute);
      const relative = toPosix(path.relative(root, absolute));
      const ignoredItself = relative !== '' && !relative.startsWith('..') && isIgnored(relative, true, layers);
      walkDir(absolute, ignoredItself ? [] : layers);
    } else if (stat.isFile()) {
      consider(absolute, [], true);
    }
  }
  out.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return out;
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

export type SkipReason = 'minified' | 'binary';

/** Minified or generated bundles and binary files are not source a person maintains. */
export function skipReason(relative: string, text: string): SkipReason | undefined {
  if (/\.min\.[cm]?js$/i.test(relative)) return 'minified';
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  if (head.includes('\u0000')) return 'binary';
  if (text.length > 4096) {
    let lines = 1;
    let longest = 0;
    let start = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      lines++;
      if (i - start > longest) longest = i - start;
      start = i + 1;
    }
    if (text.length - start > longest) longest = text.length - start;
    if (longest > 1000 && text.length / lines > 200) return 'minified';
  }
  return undefined;
}
