import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageBus } from '../../src/core/bus.js';
import { defaultConfig } from '../../src/core/config.js';
import { registerScannerAgent } from '../../src/scanner/agent.js';

describe('scanner agent', () => {
  it('answers a scan request on the bus with the findings, in the same correlation', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-agent-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'export const eq = (a: unknown, b: unknown): boolean => a == b;\n');
    const bus = new MessageBus();
    registerScannerAgent(bus, { root, config: defaultConfig(), toolVersion: 'test' });
    const reply = await bus.request(
      {
        type: 'scan_request',
        payload: { targets: [path.join(root, 'src')], categories: ['quality'] },
        sender: 'orchestrator',
        recipient: 'scanner',
        correlationId: 'wf_20261124_120000_abcd',
      },
      'scan_result',
    );
    expect(reply.correlation_id).toBe('wf_20261124_120000_abcd');
    expect(reply.sender).toBe('scanner');
    expect(reply.recipient).toBe('orchestrator');
    expect(reply.payload.report.findings.map((f) => `${f.rule_id}@${f.file_path}:${f.line_number}`)).toEqual(['loose-equality@src/a.ts:1']);
    expect(bus.latencyStats().scan_request?.count).toBe(1);
  });
});
