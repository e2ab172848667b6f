import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachAuditToBus } from '../../src/audit/bus-tap.js';
import { AuditLog, auditLogPath } from '../../src/audit/log.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { MessageBus } from '../../src/core/bus.js';
import type { AuditEvent } from '../../src/models/audit-event.js';
import type { ScanReport } from '../../src/models/finding.js';
import { buildFinding } from '../../src/scanner/finding-builder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function events(root: string): AuditEvent[] {
  return fs.readFileSync(auditLogPath(root), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEvent);
}

describe('attachAuditToBus', () => {
  it('records every bus message with type, sender, recipient and correlation id, and stops when detached', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-tap-'));
    dirs.push(root);
    const bus = new MessageBus();
    const log = new AuditLog(root);
    const detach = attachAuditToBus(bus, log, 'wf_20261124_100000_aaaa');

    await bus.publish({ type: 'scan_request', payload: { targets: ['src'] }, sender: 'orchestrator', recipient: 'scanner', correlationId: 'wf_20261124_100000_aaaa' });
    await bus.publish({
      type: 'validation_result',
      payload: { proposal_id: 'prop_20261124_100000_abcd', is_valid: true, approval_recommendation: 'approve', confidence: 0.9 },
      sender: 'validator',
      recipient: 'orchestrator',
      correlationId: 'wf_20261124_100000_aaaa',
    });
    detach();
    await bus.publish({ type: 'test_request', payload: {}, sender: 'orchestrator', recipient: 'test_runner', correlationId: 'wf_20261124_100000_aaaa' });
    log.close();

    const recorded = events(root);
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({
      event_type: 'bus_message',
      workflow_id: 'wf_20261124_100000_aaaa',
      proposal_id: null,
      agent: 'orchestrator',
      details: { message_type: 'scan_request', sender: 'orchestrator', recipient: 'scanner', correlation_id: 'wf_20261124_100000_aaaa', payload: { targets: ['src'] } },
    });
    expect(recorded[1]).toMatchObject({ agent: 'validator', proposal_id: 'prop_20261124_100000_abcd', details: { payload: { is_valid: true, confidence: 0.9 } } });
    expect(await verifyAuditLog(auditLogPath(root))).toEqual({ ok: true, lines: 2 });
  });

  it('summarises a scan result by counts and never copies finding snippets into the log', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-tap-'));
    dirs.push(root);
    const bus = new MessageBus();
    const log = new AuditLog(root);
    attachAuditToBus(bus, log, null);
    const snippet = 'const UNIQUE_SOURCE_TEXT_MARKER = exec(userInput);';
    const finding = (severity: 'high' | 'low', line: number) =>
      buildFinding({
        filePath: 'src/run.ts',
        ruleId: 'command-injection',
        category: 'security',
        severity,
        loc: { start: { line, column: 0 }, end: { line, column: 10 } },
        description: 'exec with user input',
        snippet,
        recommendation: 'use execFile',
        confidence: 0.9,
        cwe: [],
        fingerprintText: snippet,
        occurrence: line,
        metadata: {},
      });
    const report: ScanReport = { scan_id: 'scan_20261124_100000_aaaa', created_at: '2026-11-24T10:00:00.000Z', root, targets: ['src'], files_scanned: 4, duration_ms: 5, findings: [finding('high', 1), finding('low', 2)], suppressed: 0, baseline_matched: 0 };
    await bus.publish({ type: 'scan_result', payload: { report }, sender: 'scanner', recipient: 'orchestrator', correlationId: 'wf_x' });
    log.close();
    const recorded = events(root);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.details['payload']).toEqual({ scan_id: report.scan_id, targets: ['src'], files_scanned: 4, findings: 2, by_severity: { high: 1, low: 1 }, suppressed: 0 });
    expect(fs.readFileSync(auditLogPath(root), 'utf8')).not.toContain('UNIQUE_SOURCE_TEXT_MARKER');
  });
});
