// A proposal for people: title, risk and source, the coloured diff, why, benefits, risks, how to
// test, the risk factors, and alternatives. Shared by propose, add-types, validate and improve.
import type { Proposal } from '../../models/proposal.js';
import { makeChalk } from '../terminal.js';
import { renderDiff } from './diff.js';

const RISK_COLOUR = { low: 'green', medium: 'yellow', high: 'red', critical: 'redBright' } as const;

export function renderProposal(p: Proposal, color: boolean, options: { diff?: boolean } = {}): string {
  const chalk = makeChalk(color);
  const risk = chalk[RISK_COLOUR[p.risk_level]](`${p.risk_level.toUpperCase()} RISK`);
  const files = [...new Set(p.edits.map((e) => e.file_path))];
  const lines = [
    `${chalk.bold(p.proposal_id)}  ${p.title}  [${risk}]`,
    `  ${files.join(', ')} · ${p.source} · ${p.safety}${p.finding_id ? ` · finding ${p.finding_id}` : ''} · effort ${p.estimated_effort}${p.breaking_change ? ` · ${chalk.red('breaking change')}` : ''}`,
  ];
  if (p.description) lines.push(`  ${p.description}`);
  if (options.diff !== false) lines.push('', indent(renderDiff(p.diff.trimEnd(), color), '  '), '');
  if (p.rationale) lines.push(`  Why: ${p.rationale}`);
  if (p.benefits.length > 0) lines.push('  Benefits:', ...p.benefits.map((b) => `    - ${b}`));
  if (p.risks.length > 0) lines.push('  Risks:', ...p.risks.map((r) => `    - ${r}`));
  if (p.risk_factors.length > 0) lines.push(`  Risk factors: ${p.risk_factors.join('; ')}`);
  if (p.test_strategy) lines.push(`  Test strategy: ${p.test_strategy}`);
  for (const t of p.test_cases) lines.push(`    test: ${t.name}: ${t.description}`);
  if (p.usage) {
    const cost = p.usage.cost_usd === null ? '' : `, ~$${p.usage.cost_usd.toFixed(4)}`;
    lines.push(`  Tokens: ${p.usage.input_tokens} in, ${p.usage.output_tokens} out${cost}`);
  }
  if (p.alternatives.length > 0) {
    lines.push('  Alternatives:');
    p.alternatives.forEach((a, i) => {
      lines.push(`    ${i + 1}. ${a.title}: ${a.description}`);
      for (const t of a.tradeoffs) lines.push(`       - ${t}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}
