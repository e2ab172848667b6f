// The three sources of proposals, in the order the proposer asks them: deterministic fixers
// (offline, no configuration), TypeScript's own code fixes (the language service, built once per
// run and only when a finding needs it), and an LLM when one is configured.
import { fixerFor } from './fixers/index.js';
import type { ProposalSource } from './generate.js';
import { llmCandidates, type LlmSettings } from './llm/index.js';
import { createTypeFixService, fixMissingReturnType } from './typescript/candidates.js';
import type { ProjectService } from './typescript/project.js';

export function fixerSource(): ProposalSource {
  return {
    name: 'fixer',
    handles: (finding) => fixerFor(finding.rule_id) !== undefined,
    candidates: async (context) => {
      const fixer = fixerFor(context.finding.rule_id)!;
      const outcome = fixer.fix(context);
      return 'declined' in outcome ? outcome : { candidates: outcome.candidates, source: `fixer:${fixer.ruleId}` };
    },
  };
}

/** Rules TypeScript's code fixes answer. */
const TYPESCRIPT_RULES = new Set(['missing-return-type']);

export function typescriptSource(root: string): ProposalSource & { dispose(): void } {
  let service: ProjectService | undefined;
  return {
    name: 'typescript',
    handles: (finding) => TYPESCRIPT_RULES.has(finding.rule_id),
    candidates: async (context) => {
      service ??= createTypeFixService(root);
      const outcome = fixMissingReturnType(service, context);
      return 'declined' in outcome ? outcome : { candidates: outcome.candidates, source: 'typescript:add-return-type' };
    },
    dispose: () => service?.dispose(),
  };
}

export function llmSourceOf(settings: LlmSettings): ProposalSource {
  return {
    name: 'llm',
    handles: () => true,
    candidates: async (context, wanted) => {
      const outcome = await llmCandidates(context, settings, { alternatives: wanted.alternatives });
      return outcome;
    },
  };
}

/** The sources for a run: fixers, TypeScript, and the LLM when settings are given. */
export function proposalSources(root: string, llm: LlmSettings | undefined): { sources: ProposalSource[]; dispose(): void } {
  const typescript = typescriptSource(root);
  const sources: ProposalSource[] = [fixerSource(), typescript];
  if (llm) sources.push(llmSourceOf(llm));
  return { sources, dispose: () => typescript.dispose() };
}
