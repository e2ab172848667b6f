// Reads the project's lockfile into the set of installed versions of each package, with the line
// of each entry so a finding can point at it. npm's lockfiles (versions 1 to 3) are parsed here;
// pnpm-lock.yaml and yarn.lock have their own readers.
import fs from 'node:fs';
import path from 'node:path';
import { addInstalledVersion, type Lockfile } from './installed-versions.js';
import { parsePnpmLockfile } from './pnpm-lockfile.js';
import { parseYarnLockfile } from './yarn-lockfile.js';

export type { InstalledVersion, Lockfile } from './installed-versions.js';

export type LockfileParseResult = { ok: true; lockfile: Lockfile } | { ok: false; reason: string };

export type LockfileReadResult =
  | { kind: 'found'; lockfile: Lockfile; otherLockfiles: string[] }
  | { kind: 'invalid'; file: string; reason: string }
  | { kind: 'missing'; unsupportedLockfiles: string[] };

/** Readable lockfiles in the order they are preferred (npm's own first, as npm prefers them). */
const READERS: readonly { file: string; parse: (text: string, file: string) => LockfileParseResult }[] = [
  { file: 'npm-shrinkwrap.json', parse: parseNpmLockfile },
  { file: 'package-lock.json', parse: parseNpmLockfile },
  { file: 'pnpm-lock.yaml', parse: parsePnpmLockfile },
  { file: 'yarn.lock', parse: parseYarnLockfile },
];
/** Lockfiles of package managers this audit cannot read yet. */
export const UNSUPPORTED_LOCKFILES = ['bun.lock', 'bun.lockb'] as const;

const PATH_SEPARATOR = '\u0000';
const NODE_MODULES = 'node_modules/';

/** The first lockfile found under `root`, parsed, and the names of the others that are present. */
export function readLockfile(root: string): LockfileReadResult {
  const present = [...READERS.map((reader) => reader.file), ...UNSUPPORTED_LOCKFILES].filter((name) =>
    fs.existsSync(path.join(root, name)),
  );
  const reader = READERS.find((candidate) => present.includes(candidate.file));
  if (!reader) return { kind: 'missing', unsupportedLockfiles: present };
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, reader.file), 'utf8');
  } catch (error) {
    return { kind: 'invalid', file: reader.file, reason: `${reader.file} could not be read: ${(error as Error).message}` };
  }
  const parsed = reader.parse(text, reader.file);
  if (!parsed.ok) return { kind: 'invalid', file: reader.file, reason: parsed.reason };
  return { kind: 'found', lockfile: parsed.lockfile, otherLockfiles: present.filter((name) => name !== reader.file) };
}

export function parseNpmLockfile(text: string, file = 'package-lock.json'): LockfileParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${file} is not valid JSON (${(error as Error).message.split('\n')[0]})` };
  }
  if (!isObject(data)) return { ok: false, reason: `${file} does not hold a JSON object` };
  const lockfileVersion = typeof data.lockfileVersion === 'number' ? data.lockfileVersion : 1;
  const keyLines = objectKeyLines(text);
  const lockfile: Lockfile = { file, lockfileVersion, packages: new Map(), skipped: [] };

  if (isObject(data.packages)) {
    for (const [key, entry] of Object.entries(data.packages)) {
      // The root ("") and workspace folders are the project itself, not installed packages.
      const at = key.lastIndexOf(NODE_MODULES);
      if (at < 0 || !isObject(entry) || entry.link === true) continue;
      const name = typeof entry.name === 'string' ? entry.name : key.slice(at + NODE_MODULES.length);
      const line = keyLines.get(['packages', key].join(PATH_SEPARATOR)) ?? 1;
      addInstalledVersion(lockfile, name, entry.version, { line, dev: entry.dev === true, path: key });
    }
  } else if (isObject(data.dependencies)) {
    collectVersion1(lockfile, data.dependencies, ['dependencies'], '', keyLines);
  } else if (lockfileVersion >= 2 || data.dependencies !== undefined) {
    return { ok: false, reason: `${file} has neither a "packages" nor a "dependencies" map` };
  }
  return { ok: true, lockfile };
}

/** lockfileVersion 1: a tree of `dependencies`, each entry possibly with its own nested `dependencies`. */
function collectVersion1(
  lockfile: Lockfile,
  dependencies: Record<string, unknown>,
  keyPath: string[],
  installPrefix: string,
  keyLines: Map<string, number>,
): void {
  for (const [name, entry] of Object.entries(dependencies)) {
    if (!isObject(entry)) continue;
    const entryPath = [...keyPath, name];
    const installPath = `${installPrefix}${NODE_MODULES}${name}`;
    let packageName = name;
    let version = entry.version;
    // Aliases (`"foo": { "version": "npm:bar@1.2.3" }`) install another package under this name.
    const alias = typeof version === 'string' ? /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version) : null;
    if (alias) {
      packageName = alias[1]!;
      version = alias[2];
    }
    const line = keyLines.get(entryPath.join(PATH_SEPARATOR)) ?? 1;
    addInstalledVersion(lockfile, packageName, version, { line, dev: entry.dev === true, path: installPath });
    if (isObject(entry.dependencies)) {
      collectVersion1(lockfile, entry.dependencies, [...entryPath, 'dependencies'], `${installPath}/`, keyLines);
    }
  }
}

export function objectKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: { path: string[]; isObject: boolean }[] = [];
  let line = 1;
  let expectKey = false;
  let pendingKey: string | undefined;
  let pendingKeyLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
    } else if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        pendingKey = JSON.parse(text.slice(i, end + 1)) as string;
        pendingKeyLine = line;
        expectKey = false;
      }
      i = end;
    } else if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      let keyPath: string[] = [];
      if (parent?.isObject && pendingKey !== undefined) {
        keyPath = [...parent.path, pendingKey];
        if (ch === '{') lines.set(keyPath.join(PATH_SEPARATOR), pendingKeyLine);
      } else if (parent) {
        keyPath = [...parent.path, '[]'];
      }
      stack.push({ path: keyPath, isObject: ch === '{' });
      expectKey = ch === '{';
      pendingKey = undefined;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1]?.isObject ?? false;
    }
  }
  return lines;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
