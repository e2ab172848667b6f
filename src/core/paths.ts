// Paths that come from proposals or configuration are confined to the repository: no `..` out of
// it, no absolute paths elsewhere, and no symlink (in the path or any parent) that leads outside.
import fs from 'node:fs';
import path from 'node:path';
import { AutonomousError } from './errors.js';

/** Repository-relative path with forward slashes. */
export function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Resolves `relative` under `root` and returns the absolute path, or throws E_USAGE naming the
 * path when it would leave the repository, directly or through a symlink. The file itself need
 * not exist (a proposal may create it); its nearest existing ancestor is resolved instead.
 */
export function confinePath(root: string, relative: string): string {
  const label = JSON.stringify(relative);
  if (relative === '' || relative.includes('\0')) throw new AutonomousError('E_USAGE', `${label}: not a file path`);
  if (path.isAbsolute(relative) || /^[A-Za-z]:[\\/]/.test(relative)) {
    throw new AutonomousError('E_USAGE', `${label}: absolute paths are refused; edits must name files inside the repository`);
  }
  const realRoot = fs.realpathSync(root);
  const absolute = path.resolve(realRoot, relative);
  if (!isInside(realRoot, absolute) || absolute === realRoot) {
    throw new AutonomousError('E_USAGE', `${label}: resolves outside the repository (${realRoot})`);
  }
  if (absolute.split(path.sep).includes('.git')) {
    throw new AutonomousError('E_USAGE', `${label}: edits inside .git are refused`);
  }
  // The nearest existing ancestor (or the file) must resolve inside the repository too.
  let existing = absolute;
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(existing);
    } catch {
      stat = undefined;
    }
    if (stat !== undefined) break;
    existing = path.dirname(existing);
  }
  const real = fs.realpathSync(existing);
  if (!isInside(realRoot, real)) {
    throw new AutonomousError('E_USAGE', `${label}: leads outside the repository through a symlink (${toRelative(realRoot, existing)} -> ${real})`);
  }
  if (existing === absolute && fs.lstatSync(absolute).isSymbolicLink()) {
    throw new AutonomousError('E_USAGE', `${label}: is a symlink; edits through symlinks are refused`);
  }
  return absolute;
}
