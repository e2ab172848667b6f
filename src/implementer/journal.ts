// The implement journal, `.autonomous/journal.json`: what a running `implement` has done so far
// (phase, checkpoint, branches, every path it is about to write), written atomically and flushed
// before each step. When the process is killed outright (SIGKILL, power loss) the journal stays
// behind, and the next command uses it to say so and to restore exactly what the run touched.
import fs from 'node:fs';
import { z } from 'zod';
import { StateStore } from '../core/state-store.js';

export const JOURNAL_FILE = 'journal.json';

export const JOURNAL_PHASES = ['checkpointed', 'branch-created', 'applying', 'committing', 'switching-back', 'done'] as const;
export const JournalPhase = z.enum(JOURNAL_PHASES);
export type JournalPhase = z.infer<typeof JournalPhase>;

export const Journal = z.object({
  pid: z.number().int(),
  started_at: z.string(),
  phase: JournalPhase,
  proposal_ids: z.array(z.string()),
  checkpoint_id: z.string(),
  /** The branch the run started on; null when HEAD was detached. */
  base_branch: z.string().nullable(),
  base_sha: z.string(),
  /** The auto branch this run creates (its name was free when the run started). */
  auto_branch: z.string(),
  /** Every path the run wrote or was about to write (logged before the write). */
  paths: z.array(z.string()),
  commit: z.string().nullable().default(null),
});
export type Journal = z.infer<typeof Journal>;

export function journalExists(root: string): boolean {
  return fs.existsSync(new StateStore(root).path(JOURNAL_FILE));
}

export function readJournal(root: string): Journal | undefined {
  return new StateStore(root).readJson(JOURNAL_FILE, Journal);
}

/** Durable write: the journal must be on disk before the step it announces starts. */
export function writeJournal(root: string, journal: Journal): void {
  new StateStore(root).writeJson(JOURNAL_FILE, Journal.parse(journal));
}

export function clearJournal(root: string): void {
  fs.rmSync(new StateStore(root).path(JOURNAL_FILE), { force: true });
}

/**
 * True when the run that wrote the journal is still alive (the person ran a command in another
 * terminal while it works): restoring under it would race its writes, so recovery waits.
 */
export function journalOwnerAlive(journal: Journal): boolean {
  if (journal.pid === process.pid) return false;
  try {
    process.kill(journal.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The one line every command prints when an earlier run was killed part way. */
export function interruptedRunNotice(journal: Journal): string {
  return `a previous run was interrupted during ${journal.phase}; run \`autonomous rollback --latest\` to restore, or pass --recover`;
}
