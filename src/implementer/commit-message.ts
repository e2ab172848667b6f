// The commit message of an implementation, in the design's format:
//   <type>(<scope>): <subject>
//
//   - <proposal title> (<files>)
//
//   Proposal: <id>          (one per proposal)
//   Finding: <id>, <id>     (when the proposals answer findings)
import path from 'node:path/posix';
import type { Proposal, ProposalCategory } from '../models/proposal.js';

/**
 * Conventional commit type per category. Security and error-handling fixes change behaviour on
 * purpose (`fix`); type annotations and code-quality changes must not (`refactor`); missing pieces
 * such as a default branch are `fix` too because the finding is a latent bug.
 */
const TYPE_OF: Record<ProposalCategory, string> = {
  security: 'fix',
  error_handling: 'fix',
  completeness: 'fix',
  performance: 'perf',
  quality: 'refactor',
  architecture: 'refactor',
  types: 'refactor',
  formatting: 'style',
  documentation: 'docs',
  comments: 'docs',
};

/** With several proposals the most significant type wins. */
const TYPE_RANK = ['fix', 'perf', 'refactor', 'style', 'docs'];

const SUBJECT_MAX = 72;

export function commitType(categories: readonly ProposalCategory[]): string {
  const types = categories.map((c) => TYPE_OF[c]);
  return TYPE_RANK.find((t) => types.includes(t)) ?? 'refactor';
}

/** The common folder of the files (its last segment), or the file's name without extension when there is one file; '' at the root. */
export function commitScope(files: readonly string[]): string {
  if (files.length === 0) return '';
  if (files.length === 1) {
    const name = path.basename(files[0]!);
    return name.replace(/\.[^.]+$/, '') || name;
  }
  const dirs = files.map((f) => path.dirname(f).split('/').filter((s) => s !== '.'));
  const common: string[] = [];
  for (let i = 0; ; i++) {
    const segment = dirs[0]![i];
    if (segment === undefined || dirs.some((d) => d[i] !== segment)) break;
    common.push(segment);
  }
  return common.at(-1) ?? '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function commitMessage(proposals: readonly Proposal[]): string {
  const files = [...new Set(proposals.flatMap((p) => p.edits.map((e) => e.file_path)))].sort();
  const type = commitType(proposals.map((p) => p.category));
  const scope = commitScope(files);
  const head = `${type}${scope ? `(${scope})` : ''}: `;
  const first = proposals[0]!.title.split('\n')[0]!.trim().replace(/\.$/, '');
  let subject = proposals.length === 1 ? lowerFirst(first) : `${lowerFirst(first)} and ${proposals.length - 1} more`;
  if (head.length + subject.length > SUBJECT_MAX) subject = `${subject.slice(0, SUBJECT_MAX - head.length - 3).trimEnd()}...`;
  const bullets = proposals.map((p) => {
    const own = [...new Set(p.edits.map((e) => e.file_path))].join(', ');
    return `- ${p.title.split('\n')[0]!.trim()} (${own})`;
  });
  const findings = [...new Set(proposals.flatMap((p) => (p.finding_ids.length > 0 ? p.finding_ids : p.finding_id ? [p.finding_id] : [])))];
  const trailers = proposals.map((p) => `Proposal: ${p.proposal_id}`);
  if (findings.length > 0) trailers.push(`Finding: ${findings.join(', ')}`);
  return `${head}${subject}\n\n${bullets.join('\n')}\n\n${trailers.join('\n')}\n`;
}
