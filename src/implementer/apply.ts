// Applying proposals to files as one unit: every new file text is computed in memory first (stale
// and path checks included), then each file is written through a temp file and a rename keeping
// its mode; when any write fails, the files already written get their original bytes back.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AutonomousError, describeError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { confinePath } from '../core/paths.js';
import type { FileEdit, Proposal } from '../models/proposal.js';
import { applyFileEdits, groupByFile } from '../proposer/edits.js';

export interface PlannedFile {
  /** Root-relative, forward slashes. */
  path: string;
  absolute: string;
  /** The bytes now; null when the change creates the file. */
  original: Buffer | null;
  /** Mode to write with: the existing file's, 0644 for a new file. */
  mode: number;
  after: string;
}

export interface PlanOptions {
  /** Accept a changed file when every edit still re-locates exactly (the orchestrator's choice; the CLI refuses). */
  allowRelocate?: boolean;
}

function readBytes(absolute: string): Buffer | null {
  try {
    return fs.readFileSync(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AutonomousError('E_IO', `cannot read ${absolute}: ${describeError(error)}`, { cause: error });
  }
}

function stale(file: string, proposal: Proposal): AutonomousError {
  return new AutonomousError('E_STATE', `${file} changed since the proposal was made (proposal ${proposal.proposal_id}); run propose again`, {
    hint: 'Proposals are made against exact file contents; nothing was changed.',
  });
}

/**
 * The new text of every file the proposals touch, in the order first touched. Proposals touching
 * the same file apply in the order given, each re-located on the text the previous one left.
 * Throws (changing nothing) on a path outside the repository, a stale file or an edit that no
 * longer applies.
 */
export function planChanges(root: string, proposals: readonly Proposal[], options: PlanOptions = {}): PlannedFile[] {
  const files = new Map<string, PlannedFile>();
  for (const proposal of proposals) {
    for (const [filePath, edits] of groupByFile<FileEdit>(proposal.edits)) {
      const absolute = confinePath(root, filePath);
      let planned = files.get(filePath);
      if (planned === undefined) {
        const original = readBytes(absolute);
        if (original !== null && !fs.lstatSync(absolute).isFile()) {
          throw new AutonomousError('E_USAGE', `${filePath}: not a regular file (proposal ${proposal.proposal_id})`);
        }
        const mode = original === null ? 0o644 : fs.statSync(absolute).mode & 0o7777;
        planned = { path: filePath, absolute, original, mode, after: original?.toString('utf8') ?? '' };
        files.set(filePath, planned);
      }
      const creates = edits.some((e) => e.base_hash === null);
      if (creates) {
        if (planned.original !== null) {
          throw new AutonomousError('E_STATE', `${filePath} already exists but proposal ${proposal.proposal_id} would create it; run propose again`);
        }
        planned.after += edits.map((e) => e.new_code).join('');
        continue;
      }
      if (planned.original === null) throw new AutonomousError('E_STATE', `${filePath} no longer exists (proposal ${proposal.proposal_id}); run propose again`);
      const hash = sha256(planned.original);
      const fresh = edits.every((e) => e.base_hash === hash);
      if (!fresh && !options.allowRelocate) throw stale(filePath, proposal);
      const applied = applyFileEdits(planned.after, edits);
      if ('error' in applied) {
        if (!fresh) throw stale(filePath, proposal);
        throw new AutonomousError('E_STATE', `proposal ${proposal.proposal_id} no longer applies: ${applied.error}`);
      }
      planned.after = applied.text;
    }
  }
  return [...files.values()];
}

/**
 * Test hook: AUTONOMOUS_TEST_FAIL_WRITE_AT=N makes the Nth file write of a run fail (1-based), the
 * way a full disk would, so tests can prove the rollback. Unset in production: no effect.
 */
function failWriteAt(): number | undefined {
  const raw = process.env.AUTONOMOUS_TEST_FAIL_WRITE_AT;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Writes `data` next to the file, flushes it, sets the exact mode and renames it over the file. */
export function writeFileKeepingMode(absolute: string, data: Uint8Array | string, mode: number): void {
  const dir = path.dirname(absolute);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(absolute)}.autonomous-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, absolute);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export interface WriteHooks {
  /** Called before each write, with the path about to be written (the journal logs it first). */
  beforeWrite?: (file: PlannedFile) => void | Promise<void>;
}

/**
 * Writes every planned file. On a failure, every file written so far gets its original bytes and
 * mode back (a created file is removed) and the error is rethrown naming the file; what could not
 * be put back is listed in the message so the caller's checkpoint restore can finish the job.
 */
export async function writePlannedFiles(files: readonly PlannedFile[], hooks: WriteHooks = {}): Promise<void> {
  const failAt = failWriteAt();
  const written: PlannedFile[] = [];
  for (const [index, file] of files.entries()) {
    try {
      await hooks.beforeWrite?.(file);
      if (failAt === index + 1) throw new Error('injected write failure (AUTONOMOUS_TEST_FAIL_WRITE_AT)');
      written.push(file);
      writeFileKeepingMode(file.absolute, file.after, file.mode);
    } catch (error) {
      const notRestored = undoWrites(written);
      throw new AutonomousError('E_IO', `cannot write ${file.path}: ${describeError(error)}; ${notRestored.length === 0 ? 'the files written before it were put back' : `could not put back ${notRestored.join(', ')}`}`, {
        cause: error,
      });
    }
  }
}

/** Puts back the original bytes of `files`; returns the paths it could not restore. */
function undoWrites(files: readonly PlannedFile[]): string[] {
  const failed: string[] = [];
  for (const file of [...files].reverse()) {
    try {
      if (file.original === null) fs.rmSync(file.absolute, { force: true });
      else writeFileKeepingMode(file.absolute, file.original, file.mode);
    } catch {
      failed.push(file.path);
    }
  }
  return failed;
}
