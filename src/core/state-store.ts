// The `.autonomous/` folder at the project root: findings, proposals, workflows, checkpoints
// index, audit log and cache live here between commands. Every write is atomic (temp file in the
// same folder, fsync, rename), and the folder is kept out of git through `.git/info/exclude`.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { AutonomousError, describeError } from './errors.js';

export const STATE_DIR = '.autonomous';

/** The project root: the nearest folder up from `start` holding `.git`, else `start` itself. */
export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Writes `data` to `file` so that a reader sees either the old or the new content, never a mix. */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { durable?: boolean } = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w', 0o644);
    try {
      fs.writeFileSync(fd, data);
      // Durable by default; derived data (reports, caches) may skip the flush to disk.
      if (options.durable !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new AutonomousError('E_IO', `cannot write ${file}: ${describeError(error)}`, { cause: error });
  }
}

export class StateStore {
  readonly root: string;
  readonly dir: string;

  constructor(root: string) {
    this.root = root;
    this.dir = path.join(root, STATE_DIR);
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Creates the folder and makes sure git ignores it without touching the person's .gitignore. */
  ensure(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.excludeFromGit();
  }

  writeJson(relative: string, value: unknown): void {
    this.ensure();
    writeFileAtomic(this.path(relative), `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Reads and validates a JSON file; undefined when it does not exist. */
  readJson<S extends z.ZodType>(relative: string, schema: S): z.infer<S> | undefined {
    const file = this.path(relative);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new AutonomousError('E_STATE', `cannot read ${file}: ${describeError(error)}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new AutonomousError('E_STATE', `${file} is not valid JSON: ${describeError(error)}`, {
        hint: `Delete ${path.relative(this.root, file)} and run the command that writes it again.`,
      });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AutonomousError('E_STATE', `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, {
        hint: `Delete ${path.relative(this.root, file)} and run the command that writes it again.`,
      });
    }
    return parsed.data;
  }

  private excludeFromGit(): void {
    const gitDir = path.join(this.root, '.git');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(gitDir);
    } catch {
      return;
    }
    if (!stat.isDirectory()) return; // worktrees and submodules keep a .git file; leave them alone
    const exclude = path.join(gitDir, 'info', 'exclude');
    let current = '';
    try {
      current = fs.readFileSync(exclude, 'utf8');
    } catch {
      // no exclude file yet
    }
    const line = `/${STATE_DIR}/`;
    if (current.split(/\r?\n/).some((l) => l.trim() === line || l.trim() === `${STATE_DIR}/` || l.trim() === STATE_DIR)) return;
    const prefix = current.length > 0 && !current.endsWith('\n') ? '\n' : '';
    try {
      fs.mkdirSync(path.dirname(exclude), { recursive: true });
      fs.appendFileSync(exclude, `${prefix}${line}\n`);
    } catch {
      // Not fatal: the state folder may then show up as untracked.
    }
  }
}
