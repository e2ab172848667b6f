// `implement`: applies proposals on a new auto/<slug> branch behind a checkpoint, as one atomic
// unit, commits only the proposals' files, and puts the person back where they started. Whatever
// goes wrong (a failed write, a refusing pre-commit hook, Ctrl-C) the run restores the checkpoint
// for the paths it touched, deletes the branch it created, and the base branch is never moved.
// A journal on disk makes even a SIGKILL recoverable (see journal.ts, recovery.ts).
import fs from 'node:fs';
import { AutonomousError, describeError, ExitCode } from '../core/errors.js';
import { timestampId } from '../core/ids.js';
import { STATE_DIR, StateStore } from '../core/state-store.js';
import type { Config } from '../core/config.js';
import { ImplementationResult } from '../models/workflow.js';
import type { Proposal } from '../models/proposal.js';
import { unifiedDiff } from '../proposer/build.js';
import { ProposalStore } from '../proposer/store.js';
import { planChanges, writePlannedFiles, type PlannedFile } from './apply.js';
import { proposalSlug, uniqueBranchName } from './branch-name.js';
import { createCheckpoint, restoreCheckpoint, type RestoreResult } from './checkpoint.js';
import { commitMessage } from './commit-message.js';
import { GitRepo } from './git.js';
import { clearJournal, interruptedRunNotice, journalOwnerAlive, readJournal, writeJournal, type Journal, type JournalPhase } from './journal.js';
import { withInterruptGuard, type InterruptSignal } from './signals.js';

/** An event worth an audit line (the caller writes it; see the audit log). */
export interface ImplementerEvent {
  type: string;
  [key: string]: unknown;
}

export interface ImplementOptions {
  config: Config;
  dryRun?: boolean;
  /** Branch name instead of `<prefix><slug>`; must not exist. */
  branch?: string;
  push?: boolean;
  allowDirty?: boolean;
  /** Stay on the new branch instead of switching back. */
  stay?: boolean;
  /** Accept files changed since the proposal when every edit re-locates exactly (orchestrator only). */
  allowRelocate?: boolean;
  onEvent?: (event: ImplementerEvent) => void;
}

export interface ImplementOutcome {
  result: ImplementationResult;
  /** The unified diff of the whole change (what a dry run prints). */
  diff: string;
  /** The commit message used (or that would be used). */
  message: string;
  /** Set when `--push` failed after a successful commit. */
  pushError?: string;
  /** True when the branch was pushed. */
  pushed?: boolean;
}

/** Thrown when a signal stopped the run; the repository has been restored by then. */
export class InterruptedError extends AutonomousError {
  readonly signal: InterruptSignal;

  constructor(signal: InterruptSignal, detail: string) {
    super('E_STATE', `interrupted by ${signal}: ${detail}`, { exitCode: ExitCode.interrupted });
    this.signal = signal;
  }
}

/**
 * Test hook: AUTONOMOUS_TEST_SLOW_MS=N sleeps N ms between the steps of a run (and between file
 * writes) so the kill tests can hit every phase. Unset in production: no effect.
 */
async function testPause(): Promise<void> {
  const ms = Number(process.env.AUTONOMOUS_TEST_SLOW_MS);
  if (Number.isFinite(ms) && ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Everything decided before the repository is touched. */
interface Plan {
  git: GitRepo;
  store: ProposalStore;
  proposals: Proposal[];
  planned: PlannedFile[];
  files: string[];
  diff: string;
  message: string;
  branch: string;
  baseBranch: string | null;
  baseSha: string;
}

export async function implement(root: string, proposalIds: readonly string[], options: ImplementOptions): Promise<ImplementOutcome> {
  const started = Date.now();
  const plan = await prepare(root, proposalIds, options);
  const ids = plan.proposals.map((p) => p.proposal_id);
  const common = { proposal_ids: ids, base: plan.baseBranch ?? plan.baseSha, files: plan.files, rolled_back: false };
  if (options.dryRun) {
    const result = ImplementationResult.parse({ ...common, success: true, dry_run: true, branch: null, commit: null, checkpoint_id: null, duration_ms: Date.now() - started, message: `would commit on ${plan.branch}` });
    return { result, diff: plan.diff, message: plan.message };
  }
  await checkIdentity(plan.git);

  return withInterruptGuard(async (interrupted) => {
    const { commit, checkpointId } = await applyOnBranch(root, plan, options, interrupted, started);
    const result = ImplementationResult.parse({ ...common, success: true, dry_run: false, branch: plan.branch, commit, checkpoint_id: checkpointId, duration_ms: Date.now() - started });
    for (const proposal of plan.proposals) plan.store.save({ ...proposal, status: 'implemented' });
    options.onEvent?.({ type: 'implementation_committed', branch: plan.branch, commit, checkpoint_id: checkpointId, proposal_ids: ids, files: plan.files });
    const pushError = options.push ? await push(plan, options) : undefined;
    saveImplementationResult(root, pushError === undefined ? result : { ...result, error: `push failed: ${pushError}` });
    return { result, diff: plan.diff, message: plan.message, pushed: options.push === true && pushError === undefined, ...(pushError === undefined ? {} : { pushError }) };
  });
}

/** Checks everything that can be checked without writing, and computes the change in memory. */
async function prepare(root: string, proposalIds: readonly string[], options: ImplementOptions): Promise<Plan> {
  if (proposalIds.length === 0) throw new AutonomousError('E_USAGE', 'give at least one proposal id');
  const git = new GitRepo(root);
  if ((await git.topLevel()) === undefined) {
    throw new AutonomousError('E_STATE', `${root} is not a git repository`, { hint: 'implement commits on a new branch: run it inside a git repository.' });
  }
  const journal = readJournal(root);
  // A run killed after it finished left only its journal behind: nothing to undo.
  if (journal?.phase === 'done' && !journalOwnerAlive(journal)) clearJournal(root);
  else if (journal !== undefined) throw new AutonomousError('E_STATE', interruptedRunNotice(journal), { hint: 'Nothing was changed by this run.' });
  const baseSha = await git.headSha();
  if (baseSha === null) {
    throw new AutonomousError('E_STATE', 'the repository has no commits yet', { hint: 'Make a first commit: the change goes on a branch created from it.' });
  }
  const store = new ProposalStore(root);
  const proposals = [...new Set(proposalIds)].map((id) => store.load(id));
  for (const proposal of proposals) {
    if (proposal.status === 'rejected' || proposal.status === 'implemented') {
      throw new AutonomousError('E_USAGE', `${proposal.proposal_id}: proposal is ${proposal.status}`, { hint: 'Only proposals not yet implemented or rejected can be implemented.' });
    }
  }
  // The tree first: a person with uncommitted work hears about that, not about a stale proposal.
  await checkWorkingTree(git, [...new Set(proposals.flatMap((p) => p.edits.map((e) => e.file_path)))], options.allowDirty === true);
  const planned = planChanges(root, proposals, { allowRelocate: options.allowRelocate === true });
  // Proposals touching separate files show their own diffs, which mask secrets they remove; a file
  // touched by several gets the combined diff of what will be written.
  const touched = proposals.flatMap((p) => [...new Set(p.edits.map((e) => e.file_path))]);
  const diff =
    new Set(touched).size === touched.length
      ? proposals.map((p) => p.diff).join('')
      : unifiedDiff(planned.map((f) => ({ file_path: f.path, before: f.original?.toString('utf8') ?? null, after: f.after, edits: [] })));
  return {
    git,
    store,
    proposals,
    planned,
    files: planned.map((f) => f.path),
    diff,
    message: commitMessage(proposals),
    branch: await chooseBranch(git, proposals, options),
    baseBranch: await git.currentBranch(),
    baseSha,
  };
}

async function chooseBranch(git: GitRepo, proposals: readonly Proposal[], options: ImplementOptions): Promise<string> {
  const branchExists = async (name: string): Promise<boolean> => (await git.resolve(`refs/heads/${name}`)) !== null;
  if (options.branch === undefined) {
    const branch = await uniqueBranchName(`${options.config.implement.branchPrefix}${proposalSlug(proposals)}`, branchExists);
    await checkBranchName(git, branch);
    return branch;
  }
  await checkBranchName(git, options.branch);
  if (await branchExists(options.branch)) throw new AutonomousError('E_USAGE', `--branch ${options.branch}: that branch already exists`, { hint: 'Choose a new name, or leave --branch out.' });
  return options.branch;
}

/**
 * The part that changes the repository, journaled step by step: checkpoint, new branch, writes,
 * commit, switch back. Any failure or signal undoes it all (undoRun) before the error propagates.
 */
async function applyOnBranch(
  root: string,
  plan: Plan,
  options: ImplementOptions,
  interrupted: () => InterruptSignal | undefined,
  started: number,
): Promise<{ commit: string; checkpointId: string }> {
  const { git, branch, baseBranch, baseSha } = plan;
  const ids = plan.proposals.map((p) => p.proposal_id);
  const checkpoint = await createCheckpoint(root, `implement ${ids.join(' ')}`);
  options.onEvent?.({ type: 'checkpoint_created', checkpoint_id: checkpoint.checkpoint_id, proposal_ids: ids });
  const state: Journal = {
    pid: process.pid,
    started_at: new Date(started).toISOString(),
    phase: 'checkpointed',
    proposal_ids: ids,
    checkpoint_id: checkpoint.checkpoint_id,
    base_branch: baseBranch,
    base_sha: baseSha,
    auto_branch: branch,
    paths: [],
    commit: null,
  };
  /** Journal first (durably), then the test pause, then stop here if a signal came. */
  const checkpointed = async (what: string): Promise<void> => {
    writeJournal(root, state);
    await testPause();
    const signal = interrupted();
    if (signal !== undefined) throw new InterruptedError(signal, what);
  };
  const step = (phase: JournalPhase): Promise<void> => {
    state.phase = phase;
    return checkpointed(`during ${phase}`);
  };
  try {
    await step('checkpointed');
    await git.run(['switch', '-q', '-c', branch]);
    await step('branch-created');
    await step('applying');
    await writePlannedFiles(plan.planned, {
      beforeWrite: (file: PlannedFile) => {
        state.paths.push(file.path);
        return checkpointed(`while writing ${file.path}`);
      },
    });
    await step('committing');
    const commit = await commitFiles(git, plan.files, plan.message);
    state.commit = commit;
    await step('switching-back');
    if (!options.stay) {
      if (baseBranch !== null) await git.run(['switch', '-q', baseBranch]);
      else await git.run(['switch', '-q', '--detach', baseSha]);
    }
    state.phase = 'done';
    writeJournal(root, state);
    clearJournal(root);
    return { commit, checkpointId: checkpoint.checkpoint_id };
  } catch (error) {
    const cause = error instanceof AutonomousError && error.cause instanceof InterruptedError ? error.cause : error;
    await undoRun(root, git, state);
    options.onEvent?.({ type: 'implementation_rolled_back', checkpoint_id: checkpoint.checkpoint_id, proposal_ids: ids, error: describeError(cause) });
    if (cause instanceof InterruptedError) throw new InterruptedError(cause.signal, `${cause.message.replace(/^interrupted by \w+: /, '')}; the checkpoint was restored and ${branch} deleted`);
    const hint = `Nothing was kept: ${branch} was deleted and the files it touched restored from checkpoint ${checkpoint.checkpoint_id}.`;
    if (error instanceof AutonomousError) throw new AutonomousError(error.code, `implement failed: ${error.message}`, { hint: error.hint ?? hint, cause: error });
    throw new AutonomousError('E_IO', `implement failed: ${describeError(error)}`, { hint, cause: error });
  }
}

/** Pushes the new branch; the error text when that fails (the commit stays: it is done and reviewable). */
async function push(plan: Plan, options: ImplementOptions): Promise<string | undefined> {
  const remote = options.config.implement.remote;
  try {
    await plan.git.run(['push', '-q', remote, `refs/heads/${plan.branch}:refs/heads/${plan.branch}`]);
    options.onEvent?.({ type: 'branch_pushed', branch: plan.branch, remote });
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

/** Where finished runs are recorded: `.autonomous/implementations/<impl id>.json`. */
export const IMPLEMENTATIONS_DIR = 'implementations';

function saveImplementationResult(root: string, result: ImplementationResult): void {
  new StateStore(root).writeJson(`${IMPLEMENTATIONS_DIR}/${timestampId('impl')}.json`, result);
}

/**
 * Undoes an unfinished run from its journal: HEAD back to the base (the base branch itself was
 * never moved), the paths the run wrote restored from the checkpoint (content and index entry),
 * and the auto branch deleted; then the journal is removed. The branch goes even when it already
 * holds our commit: an interrupted run leaves nothing half-done behind, and the change can be made
 * again with the same command.
 */
export async function undoRun(root: string, git: GitRepo, journal: Journal): Promise<RestoreResult> {
  if (journalOwnerAlive(journal)) {
    throw new AutonomousError('E_STATE', `the implement run that wrote ${STATE_DIR}/journal.json (pid ${journal.pid}) is still running`, {
      hint: 'Let it finish or stop it with Ctrl-C (it then restores by itself); nothing was changed.',
    });
  }
  // A killed run's git child (a commit, a switch) may still be finishing: restoring under it would race it.
  if (fs.existsSync(await git.gitPath('index.lock'))) {
    throw new AutonomousError('E_STATE', 'a git command is still running in this repository (.git/index.lock exists)', {
      hint: 'Wait a moment and try again; if no git command is running, the lock was left by a crash: remove .git/index.lock.',
    });
  }
  const restored = await restoreCheckpoint(root, journal.checkpoint_id, { paths: journal.paths });
  const tip = await git.resolve(`refs/heads/${journal.auto_branch}`);
  // A branch of that name that does not descend from the base is not ours: leave it.
  if (tip !== null && (await git.tryRun(['merge-base', '--is-ancestor', journal.base_sha, tip])) !== undefined) {
    await git.deleteRef(`refs/heads/${journal.auto_branch}`, tip);
  }
  clearJournal(root);
  return restored;
}

/** Commits exactly `files` (their working-tree content), whatever else the person has staged. */
async function commitFiles(git: GitRepo, files: readonly string[], message: string): Promise<string> {
  const literal = { GIT_LITERAL_PATHSPECS: '1' };
  // New files must be known to git before `commit --only` can take them.
  await git.run(['add', '--', ...files], { env: literal });
  try {
    await git.run(['commit', '-q', '--only', '-m', message, '--', ...files], { env: literal });
  } catch (error) {
    throw new AutonomousError('E_IO', `git commit failed (a pre-commit or commit-msg hook may have refused it): ${describeError(error)}`, { cause: error });
  }
  return (await git.headSha())!;
}

/** A dirty tree is refused unless allowed; even then a file the change touches must be clean. */
async function checkWorkingTree(git: GitRepo, files: readonly string[], allowDirty: boolean): Promise<void> {
  const dirty = (await git.statusPorcelain()).flatMap((e) => (e.from === undefined ? [e.path] : [e.path, e.from])).filter((p) => p !== STATE_DIR && !p.startsWith(`${STATE_DIR}/`))
    .sort();
  if (dirty.length === 0) return;
  if (!allowDirty) {
    const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, and ${dirty.length - 5} more` : '');
    throw new AutonomousError('E_STATE', `the working tree has uncommitted changes (${shown})`, {
      hint: 'Commit them first, or pass --allow-dirty: they are then checkpointed and left exactly as they are.',
    });
  }
  const clash = files.filter((f) => dirty.includes(f));
  if (clash.length > 0) {
    throw new AutonomousError('E_STATE', `${clash.join(', ')}: has uncommitted changes and the proposal changes it too`, {
      hint: 'Commit or undo your changes to that file first; --allow-dirty only covers files the proposal does not touch.',
    });
  }
}

async function checkBranchName(git: GitRepo, name: string): Promise<void> {
  if ((await git.tryRun(['check-ref-format', '--branch', name])) === undefined || name.startsWith('-')) {
    throw new AutonomousError('E_USAGE', `--branch ${name}: not a valid branch name`);
  }
}

/** The commit needs an author: from the environment or git config, never invented. */
async function checkIdentity(git: GitRepo): Promise<void> {
  const env = process.env;
  const name = env.GIT_AUTHOR_NAME ?? (await git.tryRun(['config', 'user.name']));
  const email = env.GIT_AUTHOR_EMAIL ?? (await git.tryRun(['config', 'user.email']));
  if (!name || !email) {
    throw new AutonomousError('E_STATE', 'no git identity to commit with (user.name and user.email are not set)', {
      hint: 'Run `git config user.name "Your Name"` and `git config user.email you@example.com`, or set GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL.',
    });
  }
}
