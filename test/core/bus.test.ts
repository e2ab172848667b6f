import { describe, expect, it } from 'vitest';
import { MessageBus } from '../../src/core/bus.js';
import { AutonomousError } from '../../src/core/errors.js';
import type { AutomationMessage } from '../../src/models/bus-message.js';

function scanRequest(correlationId = 'wf_1', priority?: 'critical' | 'high' | 'normal' | 'low') {
  return {
    type: 'scan_request' as const,
    payload: { targets: ['src'] },
    sender: 'orchestrator' as const,
    recipient: 'scanner' as const,
    correlationId,
    ...(priority ? { priority } : {}),
  };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('MessageBus.publish', () => {
  it('delivers the validated payload with the envelope fields to every subscriber of the type', async () => {
    const bus = new MessageBus();
    const first: AutomationMessage<'scan_request'>[] = [];
    const second: AutomationMessage<'scan_request'>[] = [];
    const other: unknown[] = [];
    bus.subscribe('scan_request', (m) => void first.push(m));
    bus.subscribe('scan_request', (m) => void second.push(m));
    bus.subscribe('test_request', (m) => void other.push(m));

    const published = await bus.publish({ ...scanRequest('wf_42'), metadata: { attempt: 1 } });

    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(other).toHaveLength(0);
    const message = first[0]!;
    expect(message).toBe(published);
    expect(message.payload).toEqual({ targets: ['src'] });
    expect(message.correlation_id).toBe('wf_42');
    expect(message.message_type).toBe('scan_request');
    expect(message.sender).toBe('orchestrator');
    expect(message.recipient).toBe('scanner');
    expect(message.priority).toBe('normal');
    expect(message.metadata).toEqual({ attempt: 1 });
    expect(message.message_id).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(message.timestamp))).toBe(false);
  });

  it('resolves even when nobody subscribes to the type', async () => {
    const bus = new MessageBus();
    const message = await bus.publish(scanRequest());
    expect(message.payload.targets).toEqual(['src']);
  });

  it('throws E_BUS at once, naming the field, when the payload does not match its schema', () => {
    const bus = new MessageBus();
    let delivered = 0;
    bus.subscribe('scan_request', () => void delivered++);

    const error = thrownBy(() =>
      bus.publish({ ...scanRequest(), payload: { targets: 'src' } as unknown as { targets: string[] } }),
    );

    expect(error).toBeInstanceOf(AutonomousError);
    const busError = error as AutonomousError;
    expect(busError.code).toBe('E_BUS');
    expect(busError.exitCode).toBe(3);
    expect(busError.message).toContain('malformed scan_request message from orchestrator');
    expect(busError.message).toContain('targets:');
    expect(delivered).toBe(0);
  });

  it('names a missing required field of the payload in the E_BUS error', () => {
    const bus = new MessageBus();
    const error = thrownBy(() =>
      bus.publish({
        type: 'approval_decision',
        payload: { approved: true } as unknown as { proposal_id: string; approved: boolean },
        sender: 'human',
        recipient: 'orchestrator',
        correlationId: 'wf_1',
      }),
    ) as AutonomousError;
    expect(error.code).toBe('E_BUS');
    expect(error.message).toContain('proposal_id');
  });

  it('throws E_BUS for a message type the bus does not know', () => {
    const bus = new MessageBus();
    const error = thrownBy(() =>
      bus.publish({ ...scanRequest(), type: 'no_such_type' as unknown as 'scan_request' }),
    ) as AutonomousError;
    expect(error.code).toBe('E_BUS');
    expect(error.message).toBe('unknown message type "no_such_type"');
  });

  it('delivers a critical message before a low one published earlier in the same tick', async () => {
    const bus = new MessageBus();
    const order: string[] = [];
    bus.subscribe('scan_request', (m) => void order.push(m.correlation_id));

    await Promise.all([
      bus.publish(scanRequest('low-1', 'low')),
      bus.publish(scanRequest('normal-1')),
      bus.publish(scanRequest('critical-1', 'critical')),
      bus.publish(scanRequest('high-1', 'high')),
      bus.publish(scanRequest('low-2', 'low')),
    ]);

    expect(order).toEqual(['critical-1', 'high-1', 'normal-1', 'low-1', 'low-2']);
  });

  it('rejects the publish with the error a handler threw', async () => {
    const bus = new MessageBus();
    const failure = new Error('scanner crashed');
    bus.subscribe('scan_request', () => {
      throw failure;
    });
    await expect(bus.publish(scanRequest())).rejects.toBe(failure);
  });

  it('rejects with the error of an async handler and does not run the handlers after it', async () => {
    const bus = new MessageBus();
    const calls: string[] = [];
    bus.subscribe('scan_request', async () => {
      calls.push('first');
      await Promise.resolve();
      throw new Error('async failure');
    });
    bus.subscribe('scan_request', () => void calls.push('second'));
    await expect(bus.publish(scanRequest())).rejects.toThrow('async failure');
    expect(calls).toEqual(['first']);
  });

  it('stops calling a handler once it has unsubscribed', async () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe('scan_request', (m) => void seen.push(m.correlation_id));
    bus.subscribe('scan_request', (m) => void seen.push(`other:${m.correlation_id}`));

    await bus.publish(scanRequest('before'));
    unsubscribe();
    await bus.publish(scanRequest('after'));

    expect(seen).toEqual(['before', 'other:before', 'other:after']);
  });
});

describe('MessageBus.request', () => {
  it('resolves with the reply that carries the same correlation id, ignoring replies of other workflows', async () => {
    const bus = new MessageBus();
    bus.subscribe('validation_request', async (m) => {
      await bus.publish({
        type: 'validation_result',
        payload: { proposal_id: 'other', is_valid: false, approval_recommendation: 'reject', confidence: 0.1 },
        sender: 'validator',
        recipient: 'orchestrator',
        correlationId: 'wf_other',
      });
      await bus.publish({
        type: 'validation_result',
        payload: { proposal_id: m.payload.proposal_id, is_valid: true, approval_recommendation: 'approve', confidence: 0.9 },
        sender: 'validator',
        recipient: 'orchestrator',
        correlationId: m.correlation_id,
      });
    });

    const reply = await bus.request(
      {
        type: 'validation_request',
        payload: { proposal_id: 'prop_1' },
        sender: 'orchestrator',
        recipient: 'validator',
        correlationId: 'wf_mine',
      },
      'validation_result',
    );

    expect(reply.correlation_id).toBe('wf_mine');
    expect(reply.payload).toEqual({ proposal_id: 'prop_1', is_valid: true, approval_recommendation: 'approve', confidence: 0.9 });
  });

  it('rejects with E_BUS when no reply of that correlation id arrives', async () => {
    const bus = new MessageBus();
    const error = await bus
      .request(
        { type: 'validation_request', payload: { proposal_id: 'p' }, sender: 'orchestrator', recipient: 'validator', correlationId: 'wf_9' },
        'validation_result',
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutonomousError);
    expect((error as AutonomousError).code).toBe('E_BUS');
    expect((error as AutonomousError).message).toBe('no validation_result reply to validation_request (wf_9)');
  });
});

describe('MessageBus.latencyStats', () => {
  it('counts deliveries per message type, failed ones included', async () => {
    const bus = new MessageBus();
    bus.subscribe('test_request', () => {
      throw new Error('boom');
    });
    await bus.publish(scanRequest('a'));
    await bus.publish(scanRequest('b'));
    await bus.publish(scanRequest('c'));
    await bus.publish({ type: 'test_request', payload: {}, sender: 'orchestrator', recipient: 'test_runner', correlationId: 'a' }).catch(() => undefined);

    const stats = bus.latencyStats();

    expect(Object.keys(stats).sort()).toEqual(['scan_request', 'test_request']);
    expect(stats.scan_request?.count).toBe(3);
    expect(stats.test_request?.count).toBe(1);
    const scan = stats.scan_request!;
    expect(scan.meanMs).toBeGreaterThanOrEqual(0);
    expect(scan.maxMs).toBeGreaterThanOrEqual(scan.p95Ms);
    expect(scan.maxMs).toBeGreaterThanOrEqual(scan.meanMs);
  });

  it('is empty before anything is published', () => {
    expect(new MessageBus().latencyStats()).toEqual({});
  });
});

describe('MessageBus.onAny', () => {
  it('sees every message of every type before the type handlers, until unsubscribed', async () => {
    const bus = new MessageBus();
    const order: string[] = [];
    bus.subscribe('scan_request', () => void order.push('handler'));
    const off = bus.onAny((m) => void order.push(`any:${m.message_type}`));

    await bus.publish(scanRequest());
    await bus.publish({ type: 'test_request', payload: {}, sender: 'orchestrator', recipient: 'test_runner', correlationId: 'wf_1' });
    off();
    await bus.publish(scanRequest());

    expect(order).toEqual(['any:scan_request', 'handler', 'any:test_request', 'handler']);
  });
});
