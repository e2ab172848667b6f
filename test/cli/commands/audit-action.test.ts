import { describe, expect, it } from 'vitest';
import { matchesFilter, parseFilter, parseSince, shortDetails } from '../../../src/cli/commands/audit-action.js';
import { AutonomousError } from '../../../src/core/errors.js';
import { GENESIS_HASH, type AuditEvent } from '../../../src/models/audit-event.js';

const now = new Date('2026-11-24T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['7d', '2026-11-17T12:00:00.000Z'],
    ['24h', '2026-11-23T12:00:00.000Z'],
    ['30m', '2026-11-24T11:30:00.000Z'],
    ['2w', '2026-11-10T12:00:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T08:15:00Z', '2026-11-20T08:15:00.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseSince(input, now).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '7x', '2026-13-45', '', '20261120'])('refuses %j with a usage error naming --since', (input) => {
    let caught: unknown;
    try {
      parseSince(input, now);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AutonomousError);
    expect((caught as AutonomousError).code).toBe('E_USAGE');
    expect((caught as AutonomousError).message).toContain('--since');
  });
});

describe('parseFilter', () => {
  it('refuses an unknown event type and lists the known ones', () => {
    expect(() => parseFilter({ type: 'coffee_break' }, now)).toThrow(/--type coffee_break: expected one of .*scan_completed/);
  });
});

describe('matchesFilter', () => {
  const event: AuditEvent = {
    timestamp: '2026-11-24T10:00:00.000Z',
    event_type: 'scan_completed',
    workflow_id: 'wf_a',
    proposal_id: null,
    agent: 'cli',
    details: {},
    prev_hash: GENESIS_HASH,
    hash: GENESIS_HASH,
  };

  it('keeps an event only when every given filter matches', () => {
    expect(matchesFilter(event, {})).toBe(true);
    expect(matchesFilter(event, { workflowId: 'wf_a', type: 'scan_completed', since: new Date('2026-11-24T10:00:00.000Z') })).toBe(true);
    expect(matchesFilter(event, { workflowId: 'wf_b' })).toBe(false);
    expect(matchesFilter(event, { type: 'rollback' })).toBe(false);
    expect(matchesFilter(event, { since: new Date('2026-11-24T10:00:00.001Z') })).toBe(false);
  });
});

describe('shortDetails', () => {
  it('shows key=value pairs on one line, cut with an ellipsis', () => {
    expect(shortDetails({ findings: 2, by_severity: { high: 2 }, command: 'scan' })).toBe('findings=2 by_severity={"high":2} command=scan');
    expect(shortDetails({ text: 'x'.repeat(300) })).toHaveLength(100);
  });
});
