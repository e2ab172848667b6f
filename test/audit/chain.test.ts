import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, serializeEvent } from '../../src/audit/chain.js';
import { sha256 } from '../../src/core/hash.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/models/audit-event.js';

describe('canonicalJson', () => {
  it('sorts the keys of every object, nested ones included, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: 'two' })).toBe(canonicalJson({ y: 'two', x: 1 }));
  });
});

describe('eventHash', () => {
  const event: Omit<AuditEvent, 'hash'> = {
    timestamp: '2026-11-24T10:00:00.000Z',
    event_type: 'scan_completed',
    workflow_id: null,
    proposal_id: null,
    agent: 'cli',
    details: { findings: 3 },
    prev_hash: GENESIS_HASH,
  };

  it('is the sha256 of the canonical JSON of the event without its hash field', () => {
    expect(eventHash(event)).toBe(sha256(canonicalJson(event)));
    expect(eventHash({ ...event, hash: 'f'.repeat(64) })).toBe(eventHash(event));
  });

  it('changes when any detail changes', () => {
    expect(eventHash({ ...event, details: { findings: 4 } })).not.toBe(eventHash(event));
  });

  it('does not depend on the field order of the written line', () => {
    const full = { ...event, hash: eventHash(event) };
    const reparsed = JSON.parse(serializeEvent(full)) as AuditEvent;
    expect(Object.keys(reparsed)[0]).toBe('timestamp');
    expect(eventHash(reparsed)).toBe(full.hash);
  });
});
