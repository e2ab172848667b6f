// The validator as an agent on the bus: answers VALIDATION_REQUEST with VALIDATION_RESULT in the
// same correlation, saving the full result on the proposal like `autonomous validate` does.
import type { MessageBus } from '../core/bus.js';
import type { Config } from '../core/config.js';
import { ProposalStore } from '../proposer/store.js';
import { Validator } from './validate.js';

export interface ValidatorAgentOptions {
  root: string;
  config: Config;
}

/** Subscribes the validator to the bus; returns the function that unsubscribes it (and frees the TypeScript host). */
export function registerValidatorAgent(bus: MessageBus, options: ValidatorAgentOptions): () => void {
  const validator = new Validator(options.root, options.config);
  const store = new ProposalStore(options.root);
  const unsubscribe = bus.subscribe('validation_request', async (message) => {
    const proposal = store.load(message.payload.proposal_id);
    const result = await validator.validate(proposal);
    store.save({ ...proposal, validation: result, status: 'validated' });
    await bus.publish({
      type: 'validation_result',
      payload: {
        proposal_id: result.proposal_id,
        is_valid: result.is_valid,
        approval_recommendation: result.approval_recommendation,
        confidence: result.confidence,
      },
      sender: 'validator',
      recipient: message.sender,
      correlationId: message.correlation_id,
      priority: message.priority,
    });
  });
  return () => {
    unsubscribe();
    validator.dispose();
  };
}
