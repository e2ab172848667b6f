import { afterAll, describe, expect, it } from 'vitest';
import { MessageBus } from '../../src/core/bus.js';
import { ProposalStore } from '../../src/proposer/store.js';
import { registerValidatorAgent } from '../../src/validator/agent.js';
import { fixtureProject, makeProposal, testConfig } from './helpers.js';

describe('validator agent', () => {
  const root = fixtureProject();
  const bus = new MessageBus();
  const unsubscribe = registerValidatorAgent(bus, { root, config: testConfig() });
  afterAll(() => unsubscribe());

  it('answers a validation request with the verdict and saves the result on the proposal', async () => {
    const proposal = makeProposal(root, [{ file: 'src/math.ts', find: '  return a + b;', replace: '  return eval(`${a} + ${b}`) as number;' }]);
    const store = new ProposalStore(root);
    store.save(proposal);
    const reply = await bus.request(
      { type: 'validation_request', payload: { proposal_id: proposal.proposal_id }, sender: 'orchestrator', recipient: 'validator', correlationId: 'wf_20261124_120000_abcd' },
      'validation_result',
    );
    expect(reply.correlation_id).toBe('wf_20261124_120000_abcd');
    expect(reply.sender).toBe('validator');
    expect(reply.payload).toMatchObject({ proposal_id: proposal.proposal_id, is_valid: false, approval_recommendation: 'reject' });
    const saved = store.load(proposal.proposal_id);
    expect(saved.status).toBe('validated');
    expect(saved.validation).toMatchObject({ decision: { rule: 'reject.dangerous_pattern' } });
  });
});
