import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, auditLogPath } from '../../src/audit/log.js';
import { verifyAuditLog } from '../../src/audit/verify.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A log of `count` events; returns its file and its lines. */
function makeLog(count: number): { file: string; lines: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autonomous-verify-'));
  dirs.push(root);
  const log = new AuditLog(root);
  for (let i = 1; i <= count; i++) {
    log.append({ event_type: 'approval_decision', workflow_id: 'wf_20261124_100000_aaaa', proposal_id: `prop_20261124_100000_000${i % 10}`, agent: 'human', details: { approved: true, n: i } });
  }
  log.close();
  const file = auditLogPath(root);
  return { file, lines: fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') };
}

function rewrite(file: string, lines: string[]): void {
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('verifyAuditLog', () => {
  it('accepts an intact log and counts its events', async () => {
    const { file } = makeLog(8);
    expect(await verifyAuditLog(file)).toEqual({ ok: true, lines: 8 });
  });

  it('treats a missing log as intact and empty', async () => {
    expect(await verifyAuditLog(path.join(os.tmpdir(), 'no-such-dir-autonomous', 'audit.jsonl'))).toEqual({ ok: true, lines: 0 });
  });

  it('names line 5 when a detail of line 5 is edited', async () => {
    const { file, lines } = makeLog(8);
    lines[4] = lines[4]!.replace('"approved":true', '"approved":false');
    rewrite(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 5, reason: expect.stringContaining('hash does not match') });
  });

  it('names line 5 when line 5 is edited and its own hash recomputed, through the next line', async () => {
    const { file, lines } = makeLog(8);
    // an attacker who recomputes line 5's hash still breaks line 6's prev_hash
    const { eventHash, serializeEvent } = await import('../../src/audit/chain.js');
    const event = JSON.parse(lines[4]!);
    event.details.approved = false;
    event.hash = eventHash(event);
    lines[4] = serializeEvent(event);
    rewrite(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 6, reason: expect.stringContaining('prev_hash') });
  });

  it('names line 3 when line 3 is deleted', async () => {
    const { file, lines } = makeLog(8);
    lines.splice(2, 1);
    rewrite(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 3, reason: expect.stringContaining('prev_hash') });
  });

  it('names the first moved line when two lines are swapped', async () => {
    const { file, lines } = makeLog(8);
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    rewrite(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 4 });
  });

  it('names line 1 when the first line is deleted', async () => {
    const { file, lines } = makeLog(4);
    rewrite(file, lines.slice(1));
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('first line') });
  });

  it('names a line that is not JSON or not an audit event', async () => {
    const { file, lines } = makeLog(4);
    rewrite(file, [...lines.slice(0, 2), '{"hello":1}', ...lines.slice(2)]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 3, reason: expect.stringContaining('not an audit event') });
  });

  it('detects a field added to a line even when the schema would ignore it', async () => {
    const { file, lines } = makeLog(3);
    lines[1] = lines[1]!.replace('{"timestamp"', '{"extra":"x","timestamp"');
    rewrite(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining('hash does not match') });
  });
});
