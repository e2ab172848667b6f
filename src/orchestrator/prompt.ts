// The approval gate on a terminal: each proposal is shown with its diff, risk, effort, benefits,
// risks and the validator's scores and issues, and the person chooses: approve, reject, modify
// (edit the new code in $EDITOR, or give feedback that goes back to the LLM for a new version,
// which is validated again), approve all remaining low-risk proposals, or stop.
import path from 'node:path';
import { editor, expand, input } from '@inquirer/prompts';
import type { Config } from '../core/config.js';
import { describeError } from '../core/errors.js';
import type { Proposal } from '../models/proposal.js';
import type { ValidationResult } from '../models/validation.js';
import type { ApprovalDecision } from '../models/workflow.js';
import { buildProposal, proposalFileTexts } from '../proposer/build.js';
import { fixContextOf } from '../proposer/generate.js';
import { llmCandidates, type LlmSettings } from '../proposer/llm/index.js';
import { findFindings, ProposalStore } from '../proposer/store.js';
import { Validator } from '../validator/validate.js';
import { renderProposal } from '../cli/render/proposal.js';
import { personDecision } from './approval.js';
import type { Reporter } from './reporter.js';

export interface ReviewOutcome {
  decided: Array<{ proposal: Proposal; decision: ApprovalDecision }>;
  /** Left for later (the person chose to stop). */
  undecided: Proposal[];
}

export interface ApprovalPrompter {
  review(proposals: readonly Proposal[], validationOf: (p: Proposal) => ValidationResult): Promise<ReviewOutcome>;
}

type Choice = 'approve' | 'reject' | 'edit' | 'feedback' | 'all-low' | 'stop';

export interface TerminalPrompterOptions {
  root: string;
  config: Config;
  llm: LlmSettings | undefined;
  reporter: Reporter;
  color: boolean;
}

export function terminalPrompter(options: TerminalPrompterOptions): ApprovalPrompter {
  const { reporter: out } = options;
  const store = new ProposalStore(options.root);
  return {
    async review(list, validationOf) {
      const decided: ReviewOutcome['decided'] = [];
      const queue = [...list];
      let approveLowRisk = false;
      while (queue.length > 0) {
        let proposal = queue.shift()!;
        let validation = validationOf(proposal);
        if (approveLowRisk && proposal.risk_level === 'low') {
          decided.push({ proposal, decision: personDecision(proposal, true, 'approved with "all remaining low-risk"') });
          continue;
        }
        for (;;) {
          out.raw(`\n${renderProposal(proposal, options.color)}${renderValidation(validation)}`);
          const choice = await expand<Choice>({
            message: `Approve ${proposal.proposal_id}? (y/n/m for modify)`,
            default: 'y',
            choices: [
              { key: 'y', name: 'Approve', value: 'approve' },
              { key: 'n', name: 'Reject', value: 'reject' },
              { key: 'm', name: 'Modify: edit the new code in $EDITOR', value: 'edit' },
              { key: 'f', name: 'Modify: give feedback for a new version (needs an LLM)', value: 'feedback' },
              { key: 'a', name: 'Approve this and all remaining low-risk proposals', value: 'all-low' },
              { key: 's', name: 'Stop: leave this and the rest awaiting approval', value: 'stop' },
            ],
          });
          if (choice === 'approve' || choice === 'all-low') {
            decided.push({ proposal, decision: personDecision(proposal, true) });
            approveLowRisk ||= choice === 'all-low';
            break;
          }
          if (choice === 'reject') {
            const why = await input({ message: 'Why (optional, recorded in the audit log):' });
            decided.push({ proposal, decision: personDecision(proposal, false, why.trim() || undefined) });
            break;
          }
          if (choice === 'stop') return { decided, undecided: [proposal, ...queue] };
          const revised = choice === 'edit' ? await editInEditor(proposal) : await reviseWithFeedback(proposal);
          if ('error' in revised) {
            out.line('APPROVAL', out.chalk.red(revised.error));
            continue;
          }
          // The revision replaces the proposal: the old one is recorded as rejected in its favour.
          decided.push({ proposal, decision: personDecision(proposal, false, `replaced by ${revised.proposal.proposal_id}`, revised.request) });
          store.save({ ...proposal, status: 'rejected' });
          const validator = new Validator(options.root, options.config);
          try {
            validation = await validator.validate(revised.proposal);
          } finally {
            validator.dispose();
          }
          proposal = { ...revised.proposal, validation, status: 'validated' };
          store.save(proposal);
          out.line('VALIDATOR', `${proposal.proposal_id}: ${validation.approval_recommendation} (security: ${validation.security_score.toFixed(2)}, quality: ${validation.quality_score.toFixed(2)}, risk: ${validation.risk_score.toFixed(2)})`);
          if (validation.decision.outcome === 'auto_reject') {
            decided.push({ proposal, decision: { proposal_id: proposal.proposal_id, approved: false, decided_by: `policy:${validation.decision.rule}`, feedback: validation.decision.reasons.join('; '), timestamp: new Date().toISOString() } });
            break;
          }
        }
      }
      return { decided, undecided: [] };
    },
  };

  async function editInEditor(proposal: Proposal): Promise<{ proposal: Proposal; request: string } | { error: string }> {
    const texts = proposalFileTexts(options.root, proposal);
    if ('error' in texts) return texts;
    const [file, text] = [...texts][0]!;
    const edited = await editor({ message: `Edit the new text of ${file} (save and close the editor to continue)`, default: text.after, postfix: path.extname(file) || '.txt', waitForUserInput: false });
    const before = text.before ?? '';
    // Only the region the person changed becomes the edit, so it still applies after the other
    // proposals of the run have changed other parts of the file.
    let start = 0;
    while (start < before.length && start < edited.length && before[start] === edited[start]) start++;
    let endBefore = before.length;
    let endEdited = edited.length;
    while (endBefore > start && endEdited > start && before[endBefore - 1] === edited[endEdited - 1]) {
      endBefore--;
      endEdited--;
    }
    if (start === endBefore && start === endEdited) return { error: 'the file was left as it was: nothing to change' };
    const built = buildProposal({
      root: options.root,
      finding: proposal.finding_id ? (findFindings(options.root, [proposal.finding_id])[0] ?? null) : null,
      source: 'person:edited',
      candidate: {
        title: `${proposal.title} (edited)`,
        description: `${proposal.description} Edited by a person before approval.`,
        edits: [{ file_path: file, start, end: endBefore, new_code: edited.slice(start, endEdited) }],
        safety: 'unsafe',
        rationale: proposal.rationale,
        benefits: proposal.benefits,
        risks: [...proposal.risks, 'Edited by hand: the built-in checks of the original fix no longer apply.'],
        test_strategy: proposal.test_strategy,
        category: proposal.category,
      },
    });
    return 'error' in built ? { error: `the edited text cannot be used: ${built.error}` } : { proposal: built.proposal, request: 'edited in $EDITOR' };
  }

  async function reviseWithFeedback(proposal: Proposal): Promise<{ proposal: Proposal; request: string } | { error: string }> {
    if (!options.llm) return { error: 'feedback needs an LLM provider to write a new version (docs/llm.md); choose m to edit it yourself' };
    if (!proposal.finding_id) return { error: 'this proposal was not made from a finding; edit it instead' };
    const feedback = (await input({ message: 'What should change?' })).trim();
    if (!feedback) return { error: 'no feedback given' };
    const finding = findFindings(options.root, [proposal.finding_id])[0]!;
    const reviewed = { ...finding, recommendation: `${finding.recommendation}\nA reviewer rejected this earlier proposal:\n${proposal.diff}\nReviewer feedback: ${feedback}` };
    const context = fixContextOf(options.root, options.config, reviewed);
    if ('error' in context) return context;
    try {
      const answer = await llmCandidates(context, options.llm, { alternatives: 0 });
      if ('declined' in answer) return { error: `no new version: ${answer.declined}` };
      const built = buildProposal({ root: options.root, finding, candidate: answer.candidates[0]!, source: answer.source, usage: answer.usage });
      return 'error' in built ? { error: `the new version cannot be used: ${built.error}` } : { proposal: built.proposal, request: feedback };
    } catch (error) {
      return { error: `no new version: ${describeError(error)}` };
    }
  }

  function renderValidation(v: ValidationResult): string {
    const lines = [`  Scores: security ${v.security_score.toFixed(2)}, quality ${v.quality_score.toFixed(2)}, risk ${v.risk_score.toFixed(2)}, confidence ${v.confidence.toFixed(2)}`];
    // Each reason starts with the rule that gave it (`human.unsafe_tier: ...`).
    lines.push(`  Validator: ${v.approval_recommendation} (${v.decision.reasons.length > 0 ? v.decision.reasons.join('; ') : v.decision.rule})`);
    for (const issue of v.issues) lines.push(`    ${issue.severity} [${issue.layer}] ${issue.message}${issue.file_path ? ` (${issue.file_path}${issue.line ? `:${issue.line}` : ''})` : ''}`);
    return `${lines.join('\n')}\n`;
  }
}
