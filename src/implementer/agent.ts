// The implementer as an agent on the bus: answers IMPLEMENTATION_REQUEST with
// IMPLEMENTATION_RESULT. A failed run has already restored the checkpoint when the reply goes out;
// the reply says what happened instead of throwing, so the orchestrator can decide what is next.
import type { MessageBus } from '../core/bus.js';
import type { Config } from '../core/config.js';
import { describeError } from '../core/errors.js';
import { implement, InterruptedError, type ImplementerEvent } from './implement.js';

export interface ImplementerAgentOptions {
  root: string;
  config: Config;
  onEvent?: (event: ImplementerEvent) => void;
}

export function registerImplementerAgent(bus: MessageBus, options: ImplementerAgentOptions): () => void {
  return bus.subscribe('implementation_request', async (message) => {
    const request = message.payload;
    let payload;
    try {
      const outcome = await implement(options.root, request.proposal_ids, {
        config: options.config,
        dryRun: request.dry_run,
        ...(request.branch ? { branch: request.branch } : {}),
        stay: request.stay === true,
        allowDirty: request.allow_dirty === true,
        allowRelocate: request.allow_relocate === true,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
      const r = outcome.result;
      payload = {
        success: r.success,
        files: r.files,
        base: r.base,
        ...(r.branch ? { branch: r.branch } : {}),
        ...(r.commit ? { commit: r.commit } : {}),
        ...(r.checkpoint_id ? { checkpoint_id: r.checkpoint_id } : {}),
      };
    } catch (error) {
      // Ctrl-C is the person's decision to stop the whole workflow, not a failed proposal.
      if (error instanceof InterruptedError) throw error;
      payload = { success: false, files: [], error: describeError(error) };
    }
    await bus.publish({
      type: 'implementation_result',
      payload,
      sender: 'implementer',
      recipient: message.sender,
      correlationId: message.correlation_id,
      priority: message.priority,
    });
  });
}
