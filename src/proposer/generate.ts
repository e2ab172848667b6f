// The proposer's pipeline: for each finding, ask the sources in order (deterministic fixers, then
// TypeScript's code fixes, then an LLM when one is configured) for candidate changes, and keep a
// candidate only when its result parses, the analyser no longer reports the finding, and it
// reports nothing new. The first good candidate becomes the proposal; other good ones become its
// alternatives when asked for.
import fs from 'node:fs';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Config } from '../core/config.js';
import { describeError, isAutonomousError } from '../core/errors.js';
import { confinePath } from '../core/paths.js';
import { log } from '../core/logger.js';
import type { Finding } from '../models/finding.js';
import type { Alternative, Proposal, TokenUsage } from '../models/proposal.js';
import { parseSource, scanSource, type EnabledRule } from '../scanner/engine.js';
import { enabledRules, planRules } from '../scanner/rule-config.js';
import { buildProposal, type FileChange } from './build.js';
import type { FixCandidate, FixContext } from './fixers/types.js';

/** One place candidates come from. */
export interface ProposalSource {
  /** `fixer`, `typescript`, `llm`: the first part of Proposal.source. */
  name: string;
  handles(finding: Finding): boolean;
  candidates(context: FixContext, wanted: { alternatives: number }): Promise<SourceAnswer>;
}

export type SourceAnswer =
  | { candidates: FixCandidate[]; source: string; usage?: TokenUsage }
  | { declined: string; usage?: TokenUsage };

export interface Skipped {
  finding_id: string;
  reason: string;
}

export interface ProposeOptions {
  root: string;
  config: Config;
  sources: readonly ProposalSource[];
  /** How many alternatives to keep beside each proposal (0: none). */
  alternatives: number;
  toolVersion: string;
  /** What to say when no source could fix a finding. */
  noFixHint: string;
}

export interface ProposeOutcome {
  proposals: Proposal[];
  skipped: Skipped[];
}

/** Reads a repository file for a fixer; undefined when it does not exist or leaves the repository. */
function fileReader(root: string): (relative: string) => string | undefined {
  return (relative) => {
    try {
      return fs.readFileSync(confinePath(root, relative), 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return undefined;
    }
  };
}

/** The fix context of a finding, or why there is none (file gone, does not parse). */
export function fixContextOf(root: string, config: Config, finding: Finding): FixContext | { error: string } {
  let source: string;
  try {
    source = fs.readFileSync(confinePath(root, finding.file_path), 'utf8');
  } catch (error) {
    return { error: `${finding.file_path}: cannot read: ${describeError(error)}` };
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  let program: TSESTree.Program;
  try {
    program = parseSource(finding.file_path, source);
  } catch (error) {
    return { error: `${finding.file_path}: does not parse: ${describeError(error)}` };
  }
  return { root, finding, filePath: finding.file_path, source, program, config, readFile: fileReader(root) };
}

const SOURCE_FILE = /\.[cm]?[jt]sx?$/i;

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule_id, (counts.get(f.rule_id) ?? 0) + 1);
  return counts;
}

/**
 * Why a candidate's result is not a fix, or null when it is: the finding's rule must report less
 * in its file, and no rule may report more in any changed file than before.
 */
export function rescanProblem(finding: Finding, changes: readonly FileChange[], rules: readonly EnabledRule[], exempt: boolean): string | null {
  for (const change of changes) {
    if (!SOURCE_FILE.test(change.file_path)) continue;
    const before = countByRule(change.before === null ? [] : scanSource(change.file_path, change.before, rules).findings);
    const after = countByRule(scanSource(change.file_path, change.after, rules).findings);
    if (change.file_path === finding.file_path && !exempt) {
      if ((after.get(finding.rule_id) ?? 0) >= (before.get(finding.rule_id) ?? 0)) {
        return `the scanner still reports ${finding.rule_id} in ${change.file_path} after the change`;
      }
    }
    for (const [rule, count] of after) {
      if (count > (before.get(rule) ?? 0)) return `the change introduces a new ${rule} finding in ${change.file_path}`;
    }
  }
  return null;
}

function alternativeOf(proposal: Proposal): Alternative {
  return { title: proposal.title, description: proposal.description, edits: proposal.edits, tradeoffs: [...proposal.risks] };
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cost_usd: a.cost_usd === null || b.cost_usd === null ? null : a.cost_usd + b.cost_usd,
  };
}

/** Proposes a change for one finding, trying each source in order. */
export async function proposeForFinding(finding: Finding, options: ProposeOptions, rules: readonly EnabledRule[]): Promise<Proposal | Skipped> {
  const context = fixContextOf(options.root, options.config, finding);
  if ('error' in context) return { finding_id: finding.finding_id, reason: context.error };
  const reasons: string[] = [];
  let usage: TokenUsage | undefined;
  for (const source of options.sources) {
    if (!source.handles(finding)) continue;
    let answer: SourceAnswer;
    try {
      answer = await source.candidates(context, { alternatives: options.alternatives });
    } catch (error) {
      // Usage errors and a rejected API key stop the run: every other finding would fail the same way.
      if (isAutonomousError(error) && (error.exitCode !== 3 || error.code === 'E_LLM_AUTH')) throw error;
      reasons.push(`${source.name}: ${describeError(error)}`);
      continue;
    }
    usage = addUsage(usage, answer.usage);
    if ('declined' in answer) {
      reasons.push(`${source.name}: ${answer.declined}`);
      continue;
    }
    const good: Proposal[] = [];
    for (const candidate of answer.candidates) {
      let built;
      try {
        built = buildProposal({ root: options.root, finding, candidate, source: answer.source });
      } catch (error) {
        reasons.push(`${source.name}: ${describeError(error)}`);
        continue;
      }
      if ('error' in built) {
        reasons.push(`${source.name}: ${built.error}`);
        continue;
      }
      const problem = rescanProblem(finding, built.changes, rules, candidate.rescanExempt === true);
      if (problem) {
        log().debug({ finding: finding.finding_id, problem }, 'candidate rejected');
        reasons.push(`${source.name}: ${problem}`);
        continue;
      }
      good.push(built.proposal);
      if (good.length > options.alternatives) break;
    }
    if (good.length > 0) {
      const [best, ...rest] = good;
      return { ...best!, alternatives: rest.map(alternativeOf), usage };
    }
  }
  const llmAsked = options.sources.some((s) => s.name === 'llm');
  if (reasons.length === 0) return { finding_id: finding.finding_id, reason: llmAsked ? `no automatic fix for ${finding.rule_id}` : options.noFixHint };
  return { finding_id: finding.finding_id, reason: llmAsked ? reasons.join('; ') : `${reasons.join('; ')} (${options.noFixHint})` };
}

/** Proposes changes for findings, one at a time against the files as they are now. */
export async function proposeFixes(findings: readonly Finding[], options: ProposeOptions): Promise<ProposeOutcome> {
  const plan = planRules(options.config, {}, options.toolVersion);
  const rules = enabledRules(plan.fileRules);
  const proposals: Proposal[] = [];
  const skipped: Skipped[] = [];
  for (const finding of findings) {
    const result = await proposeForFinding(finding, options, rules);
    if ('proposal_id' in result) proposals.push(result);
    else skipped.push(result);
  }
  return { proposals, skipped };
}
