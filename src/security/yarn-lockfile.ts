// Reads yarn.lock, both yarn 1 ("classic") and yarn 2+ ("berry", YAML with `__metadata:`), into
// installed versions. Each top-level entry names the requested descriptors and has a `version`;
// berry's `resolution` tells the real package and protocol (only `npm:` ones are in the registry).
import { addInstalledVersion, type Lockfile } from './installed-versions.js';
import type { LockfileParseResult } from './lockfile.js';

export function parseYarnLockfile(text: string, file = 'yarn.lock'): LockfileParseResult {
  const lines = text.split(/\r?\n/);
  const berry = lines.some((line) => line.startsWith('__metadata:'));
  const lockfile: Lockfile = { file, lockfileVersion: berry ? 2 : 1, packages: new Map(), skipped: [] };

  let entry: { header: string; line: number; version?: string; resolution?: string } | undefined;
  const flush = (): void => {
    if (entry) record(lockfile, entry, berry);
    entry = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      flush();
      const header = /^(.+):\s*$/.exec(line);
      if (header && !line.startsWith('__metadata')) entry = { header: header[1]!, line: index + 1 };
      continue;
    }
    if (!entry) continue;
    const field = /^ {2}(version|resolution):? +"?([^"]+)"?\s*$/.exec(line);
    if (field?.[1] === 'version') entry.version = field[2];
    else if (field?.[1] === 'resolution') entry.resolution = field[2];
  }
  flush();
  return { ok: true, lockfile };
}

function record(lockfile: Lockfile, entry: { header: string; line: number; version?: string; resolution?: string }, berry: boolean): void {
  const descriptor = entry.header.split(/,\s*/)[0]!.replace(/^"|"$/g, '');
  let name = packageNameOf(descriptor);
  if (berry && entry.resolution) {
    // e.g. "lodash@npm:4.17.15"; "app@workspace:.", "x@patch:…", "y@https://…" are not registry packages.
    const resolutionName = packageNameOf(entry.resolution);
    const protocol = entry.resolution.slice(resolutionName.length + 1);
    if (!protocol.startsWith('npm:')) {
      lockfile.skipped.push(entry.resolution);
      return;
    }
    name = resolutionName;
  }
  addInstalledVersion(lockfile, name, entry.version, { line: entry.line, dev: false, path: descriptor });
}

/** `lodash@^4` -> lodash, `@scope/x@npm:^1` -> @scope/x, `alias@npm:real@^1` -> real. */
function packageNameOf(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  if (at < 0) return descriptor;
  const rest = descriptor.slice(at + 1);
  const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)@/.exec(rest);
  return alias ? alias[1]! : descriptor.slice(0, at);
}
