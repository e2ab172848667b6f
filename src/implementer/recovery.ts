// What every command does first when an earlier `implement` was killed part way (its journal is
// still on disk): say so in one line, or with --recover restore what that run touched.
import { GitRepo } from './git.js';
import { undoRun } from './implement.js';
import { clearJournal, interruptedRunNotice, journalExists, journalOwnerAlive, readJournal, type Journal } from './journal.js';

export type InterruptedRunCheck = { state: 'none' } | { state: 'noticed'; notice: string; journal: Journal } | { state: 'recovered'; journal: Journal };

/** Cheap when there is no journal (one existence check); recovers only when asked. */
export async function checkInterruptedRun(root: string, options: { recover: boolean }): Promise<InterruptedRunCheck> {
  if (!journalExists(root)) return { state: 'none' };
  const journal = readJournal(root);
  if (journal === undefined) return { state: 'none' };
  if (journal.phase === 'done' && !journalOwnerAlive(journal)) {
    // Killed after finishing, with only the journal's removal left: the run is complete, nothing to undo.
    clearJournal(root);
    return { state: 'none' };
  }
  if (!options.recover) return { state: 'noticed', notice: interruptedRunNotice(journal), journal };
  await undoRun(root, new GitRepo(root), journal);
  return { state: 'recovered', journal };
}
