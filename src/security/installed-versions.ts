// What a lockfile says is installed: each package's versions, where each is installed, the line
// of its entry and whether it is dev-only. Shared by the npm, pnpm and yarn lockfile readers.
import semver from 'semver';

export interface InstalledVersion {
  /** 1-based line of the first lockfile entry that installs this version. */
  line: number;
  /** True only when every entry installing this version is a dev-only dependency. */
  dev: boolean;
  /** Install locations, e.g. `node_modules/a/node_modules/b`. */
  paths: string[];
}

export interface Lockfile {
  /** File name relative to the root (`package-lock.json`, `npm-shrinkwrap.json`, `pnpm-lock.yaml`, `yarn.lock`). */
  file: string;
  /** npm's lockfileVersion; pnpm's and yarn's format version where known, else 0. */
  lockfileVersion: number;
  /** Package name -> version -> where it is installed. */
  packages: Map<string, Map<string, InstalledVersion>>;
  /** Entries that could not be audited (no semver version: git, file or tarball dependencies). */
  skipped: string[];
}

/** Records one lockfile entry; entries without a semver version go to `skipped`. */
export function addInstalledVersion(
  lockfile: Lockfile,
  name: string,
  version: unknown,
  where: { line: number; dev: boolean; path: string },
): void {
  if (typeof version !== 'string' || semver.valid(version) === null) {
    lockfile.skipped.push(`${where.path}${typeof version === 'string' ? ` (${version})` : ''}`);
    return;
  }
  let versions = lockfile.packages.get(name);
  if (!versions) {
    versions = new Map();
    lockfile.packages.set(name, versions);
  }
  const known = versions.get(version);
  if (!known) {
    versions.set(version, { line: where.line, dev: where.dev, paths: [where.path] });
    return;
  }
  known.dev = known.dev && where.dev;
  known.line = Math.min(known.line, where.line);
  known.paths.push(where.path);
}
