// The scanner as an agent on the bus: answers SCAN_REQUEST with SCAN_RESULT in the same
// correlation (workflow). The CLI's `scan` command calls scanProject directly; workflows such as
// `improve` go through the bus so that every step is a message the audit trail can record.
import path from 'node:path';
import type { MessageBus } from '../core/bus.js';
import type { Config } from '../core/config.js';
import { scanProject } from './scan.js';

export interface ScannerAgentOptions {
  root: string;
  config: Config;
  toolVersion: string;
}

/** Subscribes the scanner to the bus; returns the function that unsubscribes it. */
export function registerScannerAgent(bus: MessageBus, options: ScannerAgentOptions): () => void {
  return bus.subscribe('scan_request', async (message) => {
    const request = message.payload;
    const { report } = await scanProject({
      root: options.root,
      // Targets on the bus are relative to the project root, whatever the process's working folder.
      targets: request.targets.map((t) => path.resolve(options.root, t)),
      config: options.config,
      toolVersion: options.toolVersion,
      categories: request.categories,
      minSeverity: request.min_severity,
      rules: request.rules,
      strict: request.strict,
      enableRules: request.enable_rules,
    });
    await bus.publish({
      type: 'scan_result',
      payload: { report },
      sender: 'scanner',
      recipient: message.sender,
      correlationId: message.correlation_id,
      priority: message.priority,
    });
  });
}
