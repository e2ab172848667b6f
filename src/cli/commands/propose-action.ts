// What `autonomous propose` does once its flags are parsed: pick the findings, run the proposer's
// sources, save the proposals, print them, and decide the exit code.
import { loadConfig } from '../../core/config.js';
import { AutonomousError, ExitCode } from '../../core/errors.js';
import { isAtLeast, Severity, type Finding } from '../../models/finding.js';
import type { Proposal } from '../../models/proposal.js';
import { proposeFixes, type Skipped } from '../../proposer/generate.js';
import { NO_LLM_REASON, resolveLlmSettings } from '../../proposer/llm/index.js';
import { proposalSources } from '../../proposer/sources.js';
import { currentProposalFor, findFindings, loadLastScan, ProposalStore } from '../../proposer/store.js';
import { fileHash } from '../../core/hash.js';
import { confinePath } from '../../core/paths.js';
import { renderProposal } from '../render/proposal.js';
import { colorEnabled, makeChalk } from '../terminal.js';
import { toolVersion } from '../version.js';
import type { GlobalOptions } from '../main.js';

export interface ProposeFlags {
  all?: boolean;
  rule?: string;
  severity?: string;
  alternatives?: string | boolean;
  llm?: string;
  fresh?: boolean;
  format: string;
}

function selectFindings(root: string, ids: string[], flags: ProposeFlags): Finding[] {
  if (ids.length > 0 && flags.all) throw new AutonomousError('E_USAGE', 'give finding ids or --all, not both');
  if (ids.length === 0 && !flags.all) {
    throw new AutonomousError('E_USAGE', 'no finding ids given', { hint: 'Pass finding ids from `autonomous scan`, or --all.' });
  }
  if (!flags.all) return findFindings(root, ids);
  let findings = loadLastScan(root).findings;
  if (flags.rule) {
    const rules = new Set(flags.rule.split(',').map((r) => r.trim()).filter(Boolean));
    findings = findings.filter((f) => rules.has(f.rule_id));
  }
  if (flags.severity) {
    const parsed = Severity.safeParse(flags.severity.toLowerCase());
    if (!parsed.success) throw new AutonomousError('E_USAGE', `--severity ${flags.severity}: expected critical, high, medium, low or info`);
    findings = findings.filter((f) => isAtLeast(f.severity, parsed.data));
  }
  return findings;
}

function alternativesOf(flag: string | boolean | undefined, fallback: number): number {
  if (flag === undefined || flag === false) return 0;
  if (flag === true) return fallback;
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new AutonomousError('E_USAGE', `--alternatives ${flag}: expected a number from 1 to 10`);
  return n;
}

export async function runPropose(ids: string[], flags: ProposeFlags, globals: GlobalOptions, root: string): Promise<number> {
  const format = flags.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AutonomousError('E_USAGE', `--format ${flags.format}: expected text or json`);
  const { config } = loadConfig(root, globals.config);
  const findings = selectFindings(root, ids, flags);
  const alternatives = alternativesOf(flags.alternatives, config.proposer.maxAlternatives);
  const llm = resolveLlmSettings(config.llm, flags.llm, process.env);
  const store = new ProposalStore(root);
  // A finding asked about again keeps its earlier proposal while the files are unchanged.
  const saved = flags.fresh ? [] : store.list();
  const hashOf = (file: string): string | null => fileHash(confinePath(root, file));
  const reused: Proposal[] = [];
  const toPropose = findings.filter((f) => {
    const current = currentProposalFor(saved, f.finding_id, hashOf);
    if (current) reused.push(current);
    return current === undefined;
  });
  const { sources, dispose } = proposalSources(root, llm);
  let made: Proposal[];
  let skipped: Skipped[];
  try {
    ({ proposals: made, skipped } = await proposeFixes(toPropose, { root, config, sources, alternatives, toolVersion: toolVersion(), noFixHint: NO_LLM_REASON }));
  } finally {
    dispose();
  }
  for (const proposal of made) store.save(proposal);
  const proposals = [...reused, ...made];
  if (format === 'json') process.stdout.write(`${JSON.stringify({ proposals, skipped }, null, 2)}\n`);
  else process.stdout.write(renderOutcome(proposals, skipped, findings.length, colorEnabled(process.stdout)));
  return proposals.length === 0 && skipped.length > 0 ? ExitCode.findings : ExitCode.ok;
}

function renderOutcome(proposals: readonly Proposal[], skipped: readonly Skipped[], asked: number, color: boolean): string {
  const chalk = makeChalk(color);
  if (asked === 0) return 'No findings to propose for.\n';
  const parts = proposals.map((p) => renderProposal(p, color));
  if (skipped.length > 0) {
    parts.push(chalk.bold(`Not proposed (${skipped.length}):`));
    for (const s of skipped) parts.push(`  ${s.finding_id}: ${s.reason}`);
    parts.push('');
  }
  const ids = proposals.map((p) => p.proposal_id);
  parts.push(
    proposals.length > 0
      ? `${chalk.green('✔')} ${proposals.length} proposal(s) saved under .autonomous/proposals. Next: autonomous validate ${ids.join(' ')}`
      : `${chalk.red('✖')} no proposals made`,
  );
  return `${parts.join('\n')}\n`;
}
