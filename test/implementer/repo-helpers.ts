// Shared by the implementer tests: real git repositories in temp folders holding saved proposals
// built from hand-written candidates, and byte-exact snapshots of the working tree and git state.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProposal } from '../../src/proposer/build.js';
import { ProposalStore } from '../../src/proposer/store.js';
import type { Proposal } from '../../src/models/proposal.js';
import type { TextEdit } from '../../src/proposer/edits.js';

export const gitEnv = {
  GIT_AUTHOR_NAME: 'Implement Tests',
  GIT_AUTHOR_EMAIL: 'implement@example.invalid',
  GIT_COMMITTER_NAME: 'Implement Tests',
  GIT_COMMITTER_EMAIL: 'implement@example.invalid',
};

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, env: { ...process.env, ...gitEnv }, encoding: 'utf8' }).trimEnd();
}

export function write(root: string, file: string, content: string | Uint8Array, mode?: number): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  if (mode !== undefined) fs.chmodSync(full, mode);
}

export function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** A committed repository with `files`; returns its real path. */
export function makeRepo(files: Record<string, string>, prefix = 'autonomous-impl-'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [file, content] of Object.entries(files)) write(root, file, content);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'core.autocrlf', 'false');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
  return root;
}

/** Replaces the first occurrence of `from` in each file by `to`, as one proposal, and saves it. */
export function saveProposal(root: string, title: string, replacements: Array<{ file: string; from: string; to: string }>, extra: { ruleId?: string; category?: Proposal['category'] } = {}): Proposal {
  const edits: TextEdit[] = replacements.map(({ file, from, to }) => {
    const full = path.join(root, file);
    const text = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : '';
    const start = from === '' ? 0 : text.indexOf(from);
    if (start === -1) throw new Error(`${from} not in ${file}`);
    return { file_path: file, start, end: start + from.length, new_code: to };
  });
  const outcome = buildProposal({
    root,
    finding: null,
    source: 'person:tests',
    candidate: {
      title,
      description: title,
      edits,
      safety: 'safe',
      rationale: 'test',
      benefits: [],
      risks: [],
      test_strategy: 'none',
      ...(extra.category === undefined ? {} : { category: extra.category }),
    },
  });
  if ('error' in outcome) throw new Error(outcome.error);
  const proposal = { ...outcome.proposal, rule_id: extra.ruleId ?? null, finding_ids: extra.ruleId ? ['fnd_test_1'] : [] };
  new ProposalStore(root).save(proposal);
  return proposal;
}

type Entry = { kind: 'file'; mode: number; content: string } | { kind: 'link'; target: string };

/** Every file outside .git and .autonomous: kind, permission bits and exact bytes. */
export function snapshot(root: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (rel === '.git' || rel === '.autonomous') continue;
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) out[rel] = { kind: 'link', target: fs.readlinkSync(full) };
      else if (stat.isDirectory()) walk(full);
      else out[rel] = { kind: 'file', mode: stat.mode & 0o777, content: fs.readFileSync(full).toString('base64') };
    }
  };
  walk(root);
  return out;
}

/** HEAD, branch, index entries and status: what `git` would show the person. */
export function gitState(root: string): { head: string; branch: string; index: string; status: string } {
  return {
    head: git(root, 'rev-parse', 'HEAD'),
    branch: git(root, 'rev-parse', '--abbrev-ref', 'HEAD'),
    index: git(root, 'ls-files', '-s'),
    status: git(root, 'status', '--porcelain=v1', '--untracked-files=all'),
  };
}

export function branches(root: string): string[] {
  return git(root, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').filter(Boolean).sort();
}
