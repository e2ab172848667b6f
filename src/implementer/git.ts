// The one module through which the implementer talks to git: every call is `git` with an argument
// array (never a shell), and a failure becomes an AutonomousError carrying the command, the exit
// code and git's own message.
import { execa, ExecaError } from 'execa';
import { AutonomousError } from '../core/errors.js';

export interface GitRunOptions {
  /** Added to the environment of this call only (e.g. GIT_INDEX_FILE). */
  env?: Record<string, string>;
  input?: string;
}

/**
 * Checkpoint commits are the tool's own bookkeeping, not the person's history: a fixed identity
 * keeps them working where no git identity is configured (CI, fresh containers).
 */
const TOOL_IDENTITY = {
  GIT_AUTHOR_NAME: 'autonomous',
  GIT_AUTHOR_EMAIL: 'autonomous@localhost',
  GIT_COMMITTER_NAME: 'autonomous',
  GIT_COMMITTER_EMAIL: 'autonomous@localhost',
};

export class GitRepo {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** Runs git in the repository root and returns its stdout (final newline stripped). */
  async run(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    try {
      const result = await execa('git', args, {
        cwd: this.root,
        // Optional locks off: read-only commands such as status must not rewrite the real index.
        env: { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
        ...(options.input === undefined ? {} : { input: options.input }),
      });
      return result.stdout;
    } catch (error) {
      if (error instanceof ExecaError) {
        const detail = (typeof error.stderr === 'string' ? error.stderr : '').trim().split('\n')[0] ?? '';
        throw new AutonomousError(
          'E_IO',
          `git ${args.join(' ')} failed${error.exitCode === undefined ? '' : ` (exit ${error.exitCode})`}${detail ? `: ${detail}` : ''}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Like run, but undefined instead of an error when git exits non-zero (lookups that may miss). */
  async tryRun(args: readonly string[], options: GitRunOptions = {}): Promise<string | undefined> {
    try {
      return await this.run(args, options);
    } catch (error) {
      if (error instanceof AutonomousError && error.code === 'E_IO') return undefined;
      throw error;
    }
  }

  async topLevel(): Promise<string | undefined> {
    return this.tryRun(['rev-parse', '--show-toplevel']);
  }

  /** Path of a file inside the git directory (handles worktrees), absolute. */
  async gitPath(name: string): Promise<string> {
    return this.run(['rev-parse', '--path-format=absolute', '--git-path', name]);
  }

  /** The commit HEAD points to; null on an unborn branch. */
  async headSha(): Promise<string | null> {
    return (await this.tryRun(['rev-parse', '--verify', '-q', 'HEAD^{commit}'])) ?? null;
  }

  /** The short name of the branch HEAD is on; null when detached. */
  async currentBranch(): Promise<string | null> {
    return (await this.tryRun(['symbolic-ref', '-q', '--short', 'HEAD'])) ?? null;
  }

  /** Resolves a ref or revision to an object id; null when it does not exist. */
  async resolve(rev: string): Promise<string | null> {
    return (await this.tryRun(['rev-parse', '--verify', '-q', rev])) ?? null;
  }

  /** Writes the tree of the index file `indexFile` (absolute) and returns its id. */
  async writeTree(indexFile: string): Promise<string> {
    return this.run(['write-tree'], { env: { GIT_INDEX_FILE: indexFile } });
  }

  async commitTree(tree: string, message: string, parent: string | null): Promise<string> {
    const args = ['commit-tree', '--no-gpg-sign', tree, '-m', message];
    if (parent !== null) args.push('-p', parent);
    return this.run(args, { env: TOOL_IDENTITY });
  }

  /** Sets `ref` to `sha`; with `expectedOld` only if the ref still has that value ('' = must not exist). */
  async updateRef(ref: string, sha: string, message: string, expectedOld?: string): Promise<void> {
    const args = ['update-ref', '-m', message, ref, sha];
    if (expectedOld !== undefined) args.push(expectedOld);
    await this.run(args);
  }

  async deleteRef(ref: string, expectedOld?: string): Promise<void> {
    const args = ['update-ref', '-d', ref];
    if (expectedOld !== undefined) args.push(expectedOld);
    await this.run(args);
  }

  /** Refs under `prefix` with the object each points to. */
  async listRefs(prefix: string): Promise<Array<{ ref: string; sha: string }>> {
    const out = await this.run(['for-each-ref', '--format=%(objectname) %(refname)', prefix]);
    return out
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => {
        const space = line.indexOf(' ');
        return { sha: line.slice(0, space), ref: line.slice(space + 1) };
      });
  }

  /** `git status` entries (ignored files excluded), as XY codes and root-relative paths. */
  async statusPorcelain(): Promise<StatusEntry[]> {
    const out = await this.run(['status', '--porcelain=v1', '-z', '--untracked-files=all']);
    return parseStatusPorcelainZ(out);
  }
}

export interface StatusEntry {
  /** The two-letter XY code: index status then worktree status ('??' for untracked). */
  code: string;
  path: string;
  /** For renames and copies: the path it came from. */
  from?: string;
}

/** Parses `git status --porcelain=v1 -z`: "XY path\0", and "XY to\0from\0" for renames and copies. */
export function parseStatusPorcelainZ(out: string): StatusEntry[] {
  const fields = out.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field === undefined || field.length < 4) continue;
    const code = field.slice(0, 2);
    const entry: StatusEntry = { code, path: field.slice(3) };
    if (code.includes('R') || code.includes('C')) {
      const from = fields[++i];
      if (from !== undefined) entry.from = from;
    }
    entries.push(entry);
  }
  return entries;
}

export interface TreeChange {
  /** A added, D deleted, M modified, T type changed (going from `from` to `to` tree). */
  status: string;
  oldMode: string;
  newMode: string;
  path: string;
}

/** Parses `git diff-tree -r -z --no-renames`: ":old new oldsha newsha S\0path\0" per change. */
export function parseDiffTreeZ(out: string): TreeChange[] {
  const fields = out.split('\0');
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i];
    const path = fields[i + 1];
    if (meta === undefined || path === undefined || !meta.startsWith(':')) continue;
    const [oldMode, newMode, , , status] = meta.slice(1).split(' ');
    if (oldMode === undefined || newMode === undefined || status === undefined) continue;
    changes.push({ status: status.charAt(0), oldMode, newMode, path });
  }
  return changes;
}
