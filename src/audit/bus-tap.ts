// Records every bus message of a workflow in the audit log as a bus_message event: who sent what
// to whom, in which workflow, with a summary of the payload (ids, counts, flags), never whole file
// texts or finding snippets.
import type { MessageBus } from '../core/bus.js';
import type { AutomationMessage } from '../models/bus-message.js';
import { countBySeverity } from './events.js';
import type { AuditLog } from './log.js';

/** Longest string kept from a payload; a longer one is a text, summarised by its length. */
const MAX_SUMMARY_STRING = 200;
const MAX_SUMMARY_LIST = 50;

/** Subscribes the audit log to every message on the bus; returns the unsubscribe function. */
export function attachAuditToBus(bus: MessageBus, log: AuditLog, workflowId: string | null): () => void {
  return bus.onAny((message) => {
    log.append({
      event_type: 'bus_message',
      workflow_id: workflowId,
      proposal_id: proposalIdOf(message),
      agent: message.sender,
      details: {
        message_type: message.message_type,
        message_id: message.message_id,
        sender: message.sender,
        recipient: message.recipient,
        correlation_id: message.correlation_id,
        priority: message.priority,
        payload: summarizePayload(message),
      },
    });
  });
}

function proposalIdOf(message: AutomationMessage): string | null {
  const payload = message.payload as Record<string, unknown>;
  return typeof payload['proposal_id'] === 'string' ? payload['proposal_id'] : null;
}

/** A payload reduced to what an auditor needs: ids, counts, flags and short strings. */
export function summarizePayload(message: AutomationMessage): Record<string, unknown> {
  if (message.message_type === 'scan_result') {
    const { report } = (message as AutomationMessage<'scan_result'>).payload;
    return {
      scan_id: report.scan_id,
      targets: summarizeValue(report.targets),
      files_scanned: report.files_scanned,
      findings: report.findings.length,
      by_severity: countBySeverity(report.findings),
      suppressed: report.suppressed,
    };
  }
  if (message.message_type === 'proposal_request') {
    const payload = (message as AutomationMessage<'proposal_request'>).payload;
    return { finding_ids: summarizeValue(payload.finding_ids), findings: payload.findings?.length ?? 0 };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.payload as Record<string, unknown>)) out[key] = summarizeValue(value);
  return out;
}

function summarizeValue(value: unknown): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length <= MAX_SUMMARY_STRING ? value : `(${value.length} chars)`;
  if (Array.isArray(value)) {
    const shortStrings = value.every((item) => typeof item === 'string' && item.length <= MAX_SUMMARY_STRING);
    return shortStrings && value.length <= MAX_SUMMARY_LIST ? value : { count: value.length };
  }
  if (typeof value === 'object') return { fields: Object.keys(value).length };
  return String(value);
}
