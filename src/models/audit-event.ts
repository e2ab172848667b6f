// One line of the audit trail (.autonomous/audit.jsonl): the design's audit format (timestamp,
// event_type, workflow_id, proposal_id, agent, details) plus the two hashes that chain the lines,
// so an edited, deleted or reordered line is detectable.
import { z } from 'zod';
import { AgentRole } from './bus-message.js';

export const AUDIT_EVENT_TYPES = [
  'workflow_started',
  'workflow_state_changed',
  'scan_completed',
  'proposal_created',
  'validation_completed',
  'approval_decision',
  'implementation_completed',
  'tests_completed',
  'rollback',
  'checkpoint_created',
  'bus_message',
  'implementation_committed',
  'implementation_rolled_back',
  'branch_pushed',
] as const;
export const AuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventType>;

/** Who acted: an agent of the bus, or a person running a CLI command directly. */
export const AuditAgent = z.union([AgentRole, z.literal('cli')]);
export type AuditAgent = z.infer<typeof AuditAgent>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');

/** prev_hash of the first line of a log. */
export const GENESIS_HASH = '0'.repeat(64);

export const AuditEvent = z.object({
  timestamp: z.iso.datetime({ offset: true }),
  event_type: AuditEventType,
  workflow_id: z.string().min(1).nullable(),
  proposal_id: z.string().min(1).nullable(),
  agent: AuditAgent,
  details: z.record(z.string(), z.unknown()),
  /** sha256 of the previous line's exact bytes (without its newline), or GENESIS_HASH for the first line. */
  prev_hash: sha256Hex,
  /** sha256 of canonicalJson(event without `hash`). */
  hash: sha256Hex,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** What a caller supplies; the log fills in the time and the chain. */
export type AuditEventInput = Omit<AuditEvent, 'timestamp' | 'prev_hash' | 'hash'> & { timestamp?: string };
