// The in-memory, typed message bus that agents talk through. Payloads are validated against the
// schema of their message type on publish; delivery follows priority, then arrival order; the bus
// keeps per-type delivery latency (publish to last handler done) for status reports.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  AgentRole,
  type AutomationMessage,
  type MessageType,
  type PayloadOf,
  Priority,
  payloadSchemas,
} from '../models/bus-message.js';
import { AutonomousError } from './errors.js';

export type Handler<T extends MessageType> = (message: AutomationMessage<T>) => void | Promise<void>;

export interface PublishInput<T extends MessageType> {
  type: T;
  payload: PayloadOf<T>;
  sender: AgentRole;
  recipient: AgentRole;
  correlationId: string;
  priority?: Priority;
  metadata?: Record<string, unknown>;
}

export interface LatencyStats {
  count: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
}

const priorityOrder: Record<Priority, number> = { critical: 0, high: 1, normal: 2, low: 3 };
const LATENCY_SAMPLES = 1000;

interface Pending {
  message: AutomationMessage;
  publishedAt: number;
  sequence: number;
  settle: (error?: unknown) => void;
}

export class MessageBus {
  private readonly handlers = new Map<MessageType, Array<Handler<MessageType>>>();
  private readonly anyListeners: Array<Handler<MessageType>> = [];
  private readonly queue: Pending[] = [];
  private readonly latencies = new Map<MessageType, number[]>();
  private sequence = 0;
  private draining = false;

  subscribe<T extends MessageType>(type: T, handler: Handler<T>): () => void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as unknown as Handler<MessageType>);
    this.handlers.set(type, list);
    return () => {
      const current = this.handlers.get(type);
      if (current) this.handlers.set(type, current.filter((h) => h !== (handler as unknown)));
    };
  }

  /** Subscribes to every message type (the audit tap); called before the type's own handlers. */
  onAny(listener: Handler<MessageType>): () => void {
    this.anyListeners.push(listener);
    return () => {
      const index = this.anyListeners.indexOf(listener);
      if (index !== -1) this.anyListeners.splice(index, 1);
    };
  }

  /**
   * Validates and enqueues a message; resolves once every subscriber has handled it, rejects
   * with the first handler error. A payload that does not match its schema throws E_BUS at once.
   */
  publish<T extends MessageType>(input: PublishInput<T>): Promise<AutomationMessage<T>> {
    const schema = payloadSchemas[input.type];
    if (!schema) throw new AutonomousError('E_BUS', `unknown message type "${String(input.type)}"`);
    const parsed = schema.safeParse(input.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(payload)';
      throw new AutonomousError(
        'E_BUS',
        `malformed ${input.type} message from ${input.sender}: ${where}: ${issue?.message ?? 'invalid'}`,
      );
    }
    for (const [field, value, schema] of [
      ['sender', input.sender, AgentRole],
      ['recipient', input.recipient, AgentRole],
      ['priority', input.priority ?? 'normal', Priority],
    ] as const) {
      if (!schema.safeParse(value).success) {
        throw new AutonomousError('E_BUS', `malformed ${input.type} message: ${field} "${String(value)}" is not one of ${schema.options.join(', ')}`);
      }
    }
    const message: AutomationMessage<T> = {
      message_id: `msg_${randomUUID()}`,
      correlation_id: input.correlationId,
      message_type: input.type,
      sender: input.sender,
      recipient: input.recipient,
      priority: input.priority ?? 'normal',
      timestamp: new Date().toISOString(),
      payload: parsed.data as PayloadOf<T>,
      metadata: input.metadata ?? {},
    };
    return new Promise<AutomationMessage<T>>((resolve, reject) => {
      this.enqueue({
        message: message as AutomationMessage,
        publishedAt: performance.now(),
        sequence: this.sequence++,
        settle: (error) => (error === undefined ? resolve(message) : reject(error)),
      });
    });
  }

  /** Publishes a request and resolves with the first reply of `replyType` in the same correlation. */
  async request<Q extends MessageType, R extends MessageType>(
    input: PublishInput<Q>,
    replyType: R,
  ): Promise<AutomationMessage<R>> {
    let reply: AutomationMessage<R> | undefined;
    const unsubscribe = this.subscribe(replyType, (message) => {
      if (message.correlation_id === input.correlationId && reply === undefined) reply = message;
    });
    try {
      await this.publish(input);
    } finally {
      unsubscribe();
    }
    if (reply === undefined) {
      throw new AutonomousError('E_BUS', `no ${replyType} reply to ${input.type} (${input.correlationId})`);
    }
    return reply;
  }

  latencyStats(): Partial<Record<MessageType, LatencyStats>> {
    const out: Partial<Record<MessageType, LatencyStats>> = {};
    for (const [type, samples] of this.latencies) {
      if (samples.length === 0) continue;
      const sorted = [...samples].sort((a, b) => a - b);
      const sum = sorted.reduce((a, b) => a + b, 0);
      out[type] = {
        count: samples.length,
        meanMs: sum / sorted.length,
        p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
        maxMs: sorted[sorted.length - 1] ?? 0,
      };
    }
    return out;
  }

  private enqueue(pending: Pending): void {
    // Keep the queue ordered by priority, then by arrival.
    let index = this.queue.length;
    while (index > 0) {
      const before = this.queue[index - 1]!;
      const earlier =
        priorityOrder[before.message.priority] < priorityOrder[pending.message.priority] ||
        (priorityOrder[before.message.priority] === priorityOrder[pending.message.priority] &&
          before.sequence < pending.sequence);
      if (earlier) break;
      index--;
    }
    this.queue.splice(index, 0, pending);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // Let publishers that run in the same tick enqueue first, so priority can take effect.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        void this.deliver(next);
      }
    } finally {
      this.draining = false;
    }
  }

  private async deliver(pending: Pending): Promise<void> {
    const handlers = [...this.anyListeners, ...(this.handlers.get(pending.message.message_type) ?? [])];
    try {
      for (const handler of handlers) await handler(pending.message);
      this.record(pending.message.message_type, performance.now() - pending.publishedAt);
      pending.settle();
    } catch (error) {
      this.record(pending.message.message_type, performance.now() - pending.publishedAt);
      pending.settle(error);
    }
  }

  private record(type: MessageType, ms: number): void {
    const samples = this.latencies.get(type) ?? [];
    samples.push(ms);
    if (samples.length > LATENCY_SAMPLES) samples.shift();
    this.latencies.set(type, samples);
  }
}
