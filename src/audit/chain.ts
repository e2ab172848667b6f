// The hash chain of the audit log, as pure functions shared by the writer and the verifier.
//
// Canonical JSON (what `hash` is computed over): JSON.stringify of the value with the keys of every
// object sorted by code unit order (Array.prototype.sort on the key strings), arrays kept in order,
// no whitespace. The event's `hash` is sha256 (hex) of the canonical JSON of the event without its
// `hash` field; `prev_hash` is sha256 of the previous line's exact UTF-8 bytes without the newline.
import { sha256 } from '../core/hash.js';
import type { AuditEvent } from '../models/audit-event.js';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // toJSON first (Date), as JSON.stringify would, so the canonical form matches the written line
    const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value;
    if (plain === null || typeof plain !== 'object') return plain;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(plain).sort()) out[key] = sortKeys((plain as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function eventHash(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const { hash: _ignored, ...rest } = event as AuditEvent;
  return sha256(canonicalJson(rest));
}

/** The hash the next line must carry as prev_hash: of this line's bytes, newline excluded. */
export function lineHash(line: string | Uint8Array): string {
  return sha256(line);
}

/**
 * The line written for an event: the event in the design's field order (timestamp first, for people
 * reading the file), then the two hashes. The order does not matter to verification, which
 * recomputes the canonical form.
 */
export function serializeEvent(event: AuditEvent): string {
  const { timestamp, event_type, workflow_id, proposal_id, agent, details, prev_hash, hash } = event;
  return JSON.stringify({ timestamp, event_type, workflow_id, proposal_id, agent, details, prev_hash, hash });
}
