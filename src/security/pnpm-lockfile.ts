// Reads pnpm-lock.yaml (lockfile formats 5.x, 6.x and 9.x) into installed versions. Only the
// top-level `packages:` map is needed, whose keys name package and version, so this reads lines
// rather than pulling in a YAML parser.
import { addInstalledVersion, type Lockfile } from './installed-versions.js';
import type { LockfileParseResult } from './lockfile.js';

export function parsePnpmLockfile(text: string, file = 'pnpm-lock.yaml'): LockfileParseResult {
  const lines = text.split(/\r?\n/);
  const versionLine = lines.find((line) => line.startsWith('lockfileVersion:'));
  if (!versionLine) return { ok: false, reason: `${file} has no lockfileVersion line: not a pnpm lockfile` };
  const lockfile: Lockfile = {
    file,
    lockfileVersion: Number.parseFloat(versionLine.slice('lockfileVersion:'.length).trim().replace(/^['"]|['"]$/g, '')) || 0,
    packages: new Map(),
    skipped: [],
  };
  const start = lines.findIndex((line) => line === 'packages:');
  if (start < 0) return { ok: true, lockfile };

  let current: { name: string; version: string; line: number; key: string; dev: boolean } | undefined;
  const flush = (): void => {
    if (current) addInstalledVersion(lockfile, current.name, current.version, { line: current.line, dev: current.dev, path: current.key });
    current = undefined;
  };
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!line.startsWith(' ')) break; // the next top-level section
    const entry = /^ {2}(\S.*):\s*$/.exec(line);
    if (entry) {
      flush();
      const key = entry[1]!.replace(/^['"]|['"]$/g, '');
      const parsed = nameAndVersionOfKey(key);
      if (parsed) current = { ...parsed, line: index + 1, key, dev: false };
      else lockfile.skipped.push(key);
      continue;
    }
    // pnpm 5 and 6 mark dev-only packages; pnpm 9 keeps that out of `packages:`.
    if (current && /^ {4}dev: true\s*$/.test(line)) current.dev = true;
  }
  flush();
  return { ok: true, lockfile };
}

/**
 * `/lodash/4.17.15` (5.x), `/@scope/name@1.0.0(peer@2.0.0)` (6.x), `lodash@4.17.15` (9.x),
 * with peer suffixes `_peer@1.0.0` (5.x) or `(peer@1.0.0)` dropped. Underscores and parentheses
 * never occur in a semver version, so they mark where the version ends.
 */
export function nameAndVersionOfKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '');
  const match = /^((?:@[^/@]+\/)?[^/@]+)\/(\d[^/_(]*)/.exec(bare) ?? /^((?:@[^/@]+\/)?[^/@]+)@([^(]+)/.exec(bare);
  if (!match) return undefined;
  const version = /^\d/.test(match[2]!) ? match[2]!.replace(/_.*$/, '') : match[2]!;
  return { name: match[1]!, version };
}
