// The proposer as an agent on the bus: answers PROPOSAL_REQUEST with PROPOSAL_GENERATED, saving
// every proposal under `.autonomous/proposals/` like `autonomous propose` does.
import type { MessageBus } from '../core/bus.js';
import type { Config } from '../core/config.js';
import { proposeFixes } from './generate.js';
import { NO_LLM_REASON, type LlmSettings } from './llm/index.js';
import { proposalSources } from './sources.js';
import { findFindings, ProposalStore } from './store.js';

export interface ProposerAgentOptions {
  root: string;
  config: Config;
  toolVersion: string;
  llm: LlmSettings | undefined;
}

export function registerProposerAgent(bus: MessageBus, options: ProposerAgentOptions): () => void {
  const { sources, dispose } = proposalSources(options.root, options.llm);
  const store = new ProposalStore(options.root);
  const unsubscribe = bus.subscribe('proposal_request', async (message) => {
    const findings = message.payload.findings ?? findFindings(options.root, message.payload.finding_ids);
    const { proposals, skipped } = await proposeFixes(findings, {
      root: options.root,
      config: options.config,
      sources,
      alternatives: message.payload.alternatives ?? 0,
      toolVersion: options.toolVersion,
      noFixHint: NO_LLM_REASON,
    });
    for (const proposal of proposals) store.save(proposal);
    await bus.publish({
      type: 'proposal_generated',
      payload: { proposal_ids: proposals.map((p) => p.proposal_id), skipped },
      sender: 'proposer',
      recipient: message.sender,
      correlationId: message.correlation_id,
      priority: message.priority,
    });
  });
  return () => {
    unsubscribe();
    dispose();
  };
}
